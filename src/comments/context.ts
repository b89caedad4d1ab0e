// A permalink's page (DESIGN.md §11): a page opened at #comment-ID shows the
// page of its thread that holds that comment, in the thread's default order
// (oldest first), starting at the comment's top-level ancestor. It has the
// shape of a thread page, and its nextCursor continues as a thread page's
// does (GET /api/comments?cursor=), so the widget reads on as usual.
import type { CommentsPage } from '../contracts.js';
import { commentNotFound } from '../errors.js';
import { isThreadClosed } from '../sites/closing.js';
import { assemblePage, pageCursor } from './page.js';
import * as comments from './repository.js';
import type { ContextQuery } from './schema.js';
import { siteFor, type CommentsDeps, type Reader } from './service.js';

export async function commentContext(deps: CommentsDeps, id: string, q: ContextQuery, reader: Reader): Promise<CommentsPage> {
  const place = await comments.findPlace(deps.sql, id);
  // Another site's comment is not found on this one (the widget names its own site).
  if (!place || place.siteId !== q.site) throw commentNotFound();
  const site = await siteFor(deps, place.siteId, reader);
  if (place.status !== 'approved') throw commentNotFound();
  const limit = q.limit ?? 50;
  const { thread, tops, replies } = await comments.threadPage(deps.sql, { threadId: place.threadId, order: 'asc', start: { at: place.rootId ?? place.id }, limit });
  const page = tops.slice(0, limit);
  const list = assemblePage(page, replies);
  // Approved, but under a parent readers cannot see (or its ancestor is not published): nothing to show.
  if (!thread || page[0]?.id !== (place.rootId ?? place.id) || !list.some((c) => c.id === id)) throw commentNotFound();
  // The scope of the thread page it continues: the same cursor as GET /api/comments would give.
  const scope = { site: site.id, thread: thread.key, sort: 'oldest' };
  return {
    thread: {
      key: thread.key,
      title: thread.title,
      url: thread.url,
      closed: isThreadClosed(site, thread),
      commentCount: thread.approvedCount,
      depthLimit: site.depthLimit,
    },
    comments: list,
    nextCursor: tops.length > limit ? pageCursor(deps.keys, scope, 'asc', page.at(-1)!) : null,
  };
}
