// CORS for the readers' API. A preflight is answered for any origin that some
// site allows (or the server's own); the request itself is then checked
// against the named site's origins by the service (403 origin_not_allowed).
// No credentials: readers carry no cookie, only the author token header.
import type { RequestHandler } from 'express';
import { originNotAllowed } from '../errors.js';
import { someSiteAllows } from '../sites/origins.js';
import type { Sql } from './repository.js';
import type { OwnOrigin } from '../http/origin.js';

export function publicCors(deps: { sql: Sql; origin: OwnOrigin }): RequestHandler {
  const someSiteAllowsOrigin = someSiteAllows(deps.sql);

  return async (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    const allowed = origin !== undefined && (deps.origin.is(origin) || (await someSiteAllowsOrigin(origin)));
    if (allowed) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    }
    if (req.method !== 'OPTIONS') return next();
    if (!allowed) throw originNotAllowed();
    res.set({
      'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
      'Access-Control-Allow-Headers': 'Content-Type, X-Parley-Author',
      'Access-Control-Max-Age': '600',
    });
    res.status(204).end();
  };
}
