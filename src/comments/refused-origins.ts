// A page on an origin its site does not allow is refused on every request it
// makes (403 origin_not_allowed): the site's owner should hear of it, in the
// log, without a busy page writing a line per visitor. One warning per site
// and origin a minute, per process.
import type { Logger } from '../log.js';

export type RefusedOrigin = (siteId: string, origin: string) => void;

const EVERY_MS = 60_000;
/** Pairs remembered at most; past that, those older than a minute are forgotten. */
const MAX_PAIRS = 10_000;

export function refusedOriginLog(log: Logger, now: () => number = Date.now): RefusedOrigin {
  const lastLogged = new Map<string, number>();
  return (siteId, origin) => {
    const key = `${siteId}\u0000${origin}`;
    const at = now();
    const last = lastLogged.get(key);
    if (last !== undefined && at - last < EVERY_MS) return;
    if (lastLogged.size >= MAX_PAIRS) for (const [k, t] of lastLogged) if (at - t >= EVERY_MS) lastLogged.delete(k);
    if (lastLogged.size >= MAX_PAIRS) lastLogged.clear();
    lastLogged.set(key, at);
    // The origin as the browser sent it (bounded): what the owner adds with site:update.
    log.warn({ site: siteId, origin: origin.slice(0, 300) }, 'refused a request from a page on an origin the site does not allow');
  };
}
