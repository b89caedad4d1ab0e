// Which thread a site's key names, remembered per database pool.
import type { Sql, ThreadRow } from './repository.js';

// Thread ids never change: each database's pool keeps key → id for the
// threads it served, so a page view can name its thread by id. By key alone
// (`WHERE thread_id = (SELECT id FROM threads WHERE key = …)`) the planner
// cannot see which thread it reads, and with one thread holding most comments
// it chose to walk the primary key, reading 100,000 rows for each page of a
// small thread; by id, it reads that thread's statistics.
const threadIds = new WeakMap<Sql, Map<string, string>>();
const MAX_THREAD_IDS = 50_000;

/** The id of a thread this process has seen, if any (a miss costs a findThread). */
export function knownThreadId(sql: Sql, siteId: string, key: string): string | undefined {
  return threadIds.get(sql)?.get(`${siteId}\u0000${key}`);
}

export function rememberThreadId(sql: Sql, thread: Pick<ThreadRow, 'id' | 'siteId' | 'key'>): void {
  let known = threadIds.get(sql);
  if (!known) threadIds.set(sql, (known = new Map()));
  if (known.size >= MAX_THREAD_IDS) known.clear();
  known.set(`${thread.siteId}\u0000${thread.key}`, thread.id);
}
