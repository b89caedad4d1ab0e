// A page on an origin its site does not allow is refused on every request it
// makes (403 origin_not_allowed): the site's owner should hear of it, in the
// log, without a busy page writing a line per visitor. One warning per site
// and origin a minute, per process, and at most LINES_PER_MINUTE in all (pages
// on many made-up origins would otherwise write as fast as they ask).
import type { Logger } from '../log.js';

export type RefusedOrigin = (siteId: string, origin: string) => void;

const EVERY_MS = 60_000;
/** Pairs remembered at most; past that, those older than a minute are forgotten. */
const MAX_PAIRS = 10_000;
const LINES_PER_MINUTE = 100;
/** The longest origin kept (and logged): a header may be kilobytes long. */
const ORIGIN_CHARS = 300;

export function refusedOriginLog(log: Logger, now: () => number = Date.now): RefusedOrigin {
  const lastLogged = new Map<string, number>();
  let minute = { start: -Infinity, lines: 0 };
  return (siteId, rawOrigin) => {
    const origin = rawOrigin.slice(0, ORIGIN_CHARS);
    const key = `${siteId}\u0000${origin}`;
    const at = now();
    const last = lastLogged.get(key);
    if (last !== undefined && at - last < EVERY_MS) return;
    if (at - minute.start >= EVERY_MS) minute = { start: at, lines: 0 };
    if (++minute.lines > LINES_PER_MINUTE) {
      if (minute.lines === LINES_PER_MINUTE + 1) log.warn({ lines: LINES_PER_MINUTE }, 'refused origins: more this minute than are logged; the next are left out until it ends');
      return;
    }
    if (lastLogged.size >= MAX_PAIRS) for (const [k, t] of lastLogged) if (at - t >= EVERY_MS) lastLogged.delete(k);
    if (lastLogged.size >= MAX_PAIRS) lastLogged.clear();
    lastLogged.set(key, at);
    // The origin as the browser sent it (bounded): what the owner adds with site:update.
    log.warn({ site: siteId, origin }, 'refused a request from a page on an origin the site does not allow');
  };
}
