// What a moderator wants beside a comment to decide on it (DESIGN.md §12):
// whom a reply answers, and the author's record on that site. Read for a
// whole page of cards in one statement, never one per card
// (repository.ts decisionContextRows); plain SQL, since the live
// comment:created path (realtime/forwarder.ts) asks it too, and must not
// load Prisma (db/client.ts).
import type { ModerationComment } from '../contracts.js';
import type { Sql } from '../comments/repository.js';
import { excerpt } from '../comments/excerpt.js';
import { decisionContextRows } from './repository.js';

export type DecisionContext = Pick<ModerationComment, 'inReplyTo' | 'authorHistory'>;

/** A reply's quote on its card: about a line of the parent's text. */
export const IN_REPLY_TO_EXCERPT = 80;

export const NO_CONTEXT: DecisionContext = { inReplyTo: null, authorHistory: null };

/**
 * The context of each of these comments, by id (a comment gone meanwhile is
 * absent). The history counts the comment itself; it is null when the
 * author left no email digest (erased, or a moderator's reply).
 */
export async function decisionContext(sql: Sql, ids: readonly string[]): Promise<Map<string, DecisionContext>> {
  if (ids.length === 0) return new Map();
  const rows = await decisionContextRows(sql, ids);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        inReplyTo: r.parent ? { id: r.parent.id, authorName: r.parent.authorName, excerpt: excerpt(r.parent.body, IN_REPLY_TO_EXCERPT) } : null,
        authorHistory: r.history,
      },
    ]),
  );
}
