// CORS for the readers' API (DESIGN.md §5). No credentials: readers carry no
// cookie, only the author token header, which a page of another origin cannot
// know. The site a request names decides, in the service, whether its origin
// may use it (403 origin_not_allowed); CORS decides only what a browser lets a
// page read of the answer:
// - an origin some site allows (or the server's own) reads every answer, as before;
// - any other origin gets its preflight answered and may read error answers,
//   and only those (the error handler adds the header, see ReadableErrors).
// Why any origin may read an error: a page on an origin no site allows (a
// new domain, a staging copy, http:// for https://) could otherwise only say
// "could not reach the comment server"; with the 403 it can show its owner
// which origin to add. It gives nothing away: the refused request did nothing
// (the origin check comes before any write), an error body holds a code and
// a message naming only what the page sent (its own origin, the site id of
// its snippet), and success answers keep the strict rule, so a page on a
// foreign origin reads no comment, count or token. Answering its preflight
// does not weaken the CSRF defence: that defence never was the preflight but
// the server-side Origin check, which still refuses the POST itself, and no
// cookie or other ambient credential rides along. See SECURITY.md.
import type { RequestHandler } from 'express';
import { originNotAllowed } from '../errors.js';
import type { ReadableErrors } from '../http/error-handler.js';
import { someSiteAllows } from '../sites/origins.js';
import type { Sql } from './repository.js';
import type { OwnOrigin } from '../http/origin.js';

const EXPOSED = 'Retry-After, X-Request-Id';

export function publicCors(deps: { sql: Sql; origin: OwnOrigin }): RequestHandler {
  const someSiteAllowsOrigin = someSiteAllows(deps.sql);

  return async (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    const allowed = origin !== undefined && (deps.origin.is(origin) || (await someSiteAllowsOrigin(origin)));
    if (allowed) res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED });
    else if (origin !== undefined) (res.locals as ReadableErrors).errorsReadableBy = origin;
    if (req.method !== 'OPTIONS') return next();
    // Not a CORS preflight (no Origin): nothing to answer it for.
    if (origin === undefined) throw originNotAllowed();
    res.set({
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
      'Access-Control-Allow-Headers': 'Content-Type, X-Parley-Author',
      'Access-Control-Max-Age': '600',
    });
    res.status(204).end();
  };
}
