// What the moderator is looking at (status tab, site, thread, search, order):
// kept in sessionStorage, so it survives a sign-out or an expired session.
import type { CommentStatus, ModerationComment } from '../../../src/contracts.js';

export const filters = Object.assign(
  { status: 'pending' as CommentStatus, site: '', thread: '', q: '', sort: 'newest' },
  JSON.parse(sessionStorage.getItem('parley:filters') ?? '{}') as object,
);
export const saveFilters = () => sessionStorage.setItem('parley:filters', JSON.stringify(filters));

/**
 * A link from a digest mail or a webhook (src/dashboard/links.ts):
 * /admin#site=SITE&comment=ID opens that site's pending queue, with that
 * comment selected when it is on the first page. Read once, then taken off
 * the address, so a reload keeps the moderator's own filters.
 */
export const linked = (() => {
  const params = new URLSearchParams(location.hash.slice(1));
  const site = params.get('site');
  if (!site) return { comment: null };
  Object.assign(filters, { status: 'pending', site, thread: '', q: '' });
  saveFilters();
  history.replaceState(null, '', location.pathname + location.search);
  return { comment: params.get('comment') };
})();

/** The queue's query for the filters, from `cursor` on. */
export function queueQuery(cursor: string | null): URLSearchParams {
  const params = new URLSearchParams({ status: filters.status, sort: filters.sort });
  for (const k of ['site', 'thread', 'q'] as const) if (filters[k]) params.set(k, filters[k]);
  if (filters.thread && !filters.site) params.delete('thread');
  if (cursor) params.set('cursor', cursor);
  return params;
}

/** Whether a new comment belongs in this view's counts (a search hides every new one). */
export const matches = (c: ModerationComment) =>
  (!filters.site || c.site.id === filters.site) && (!filters.thread || c.thread.key === filters.thread) && !filters.q;
