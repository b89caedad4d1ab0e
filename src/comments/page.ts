// A thread page as readers get it, from what threadPage read: each top-level
// comment followed by its visible replies. Shared by a thread's pages and a
// permalink's context, which must look the same.
import type { PublicComment } from '../contracts.js';
import { validationFailed } from '../errors.js';
import { decodeCursor, encodeCursor, type CursorScope } from '../http/cursor.js';
import type { Keys } from '../security/keys.js';
import { forReader } from './presenter.js';
import type { BestStart, PageOrder, PageStart, PublicCommentRow } from './repository.js';

export function assemblePage(page: readonly PublicCommentRow[], replies: readonly PublicCommentRow[]): PublicComment[] {
  // A reply is shown only under a visible parent: replies come shallowest
  // first, so one pass sees every parent before its children.
  const visible = new Set(page.map((c) => c.id));
  const childrenOf = new Map<string, PublicCommentRow[]>();
  for (const r of replies) {
    if (!r.parentId || !visible.has(r.parentId) || !r.rootId) continue;
    visible.add(r.id);
    const siblings = childrenOf.get(r.rootId);
    if (siblings) siblings.push(r);
    else childrenOf.set(r.rootId, [r]);
  }
  const list: PublicComment[] = [];
  for (const top of page) {
    list.push(forReader(top));
    // Under each top-level comment, its replies oldest first (ids are time-ordered).
    for (const r of (childrenOf.get(top.id) ?? []).sort((a, b) => (a.id < b.id ? -1 : 1))) list.push(forReader(r));
  }
  return list;
}

/**
 * A thread page's cursor: the last top-level comment's id, and for `best`
 * its likes too (the keyset is (likes, id)). Sealed and scoped (http/cursor),
 * so a reader sees neither and cannot reuse it for another list.
 */
export const pageCursor = (keys: Keys, scope: CursorScope, order: PageOrder, last: PublicCommentRow) =>
  encodeCursor(keys, scope, order === 'best' ? `${last.likeCount}:${last.id}` : last.id);

/** Where the page after a cursor starts. */
export function pageStart(keys: Keys, cursor: string, scope: CursorScope, order: PageOrder): PageStart | BestStart {
  const after = decodeCursor(keys, cursor, scope);
  if (order !== 'best') return { after };
  // Sealed by this server for this very list: only a change of format could get here.
  const m = /^(\d+):(.+)$/.exec(after);
  if (!m) throw validationFailed({ cursor: 'This cursor is not valid; start again from the first page.' });
  return { likes: Number(m[1]), id: m[2]! };
}
