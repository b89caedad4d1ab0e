// When a thread takes no more comments: closed by hand (`thread:close`), or
// older than its site's closeAfterDays, counted from the thread's first
// comment (WordPress's "automatically close comments on articles older than
// N days"). As in WordPress, `thread:open` does not reopen a thread the age
// rule closes: raise or clear closeAfterDays for that.
const DAY_MS = 86_400_000;

export function isThreadClosed(site: { closeAfterDays: number | null }, thread: { closed: boolean; createdAt: Date }, now = Date.now()): boolean {
  return thread.closed || (site.closeAfterDays !== null && now - thread.createdAt.getTime() > site.closeAfterDays * DAY_MS);
}
