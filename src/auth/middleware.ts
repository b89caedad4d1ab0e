// Guards for the moderators' API: a same-origin check on every state-changing
// request (CSRF, login included), and a signed-in moderator on every route.
import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Sql } from '../comments/repository.js';
import { forbidden, originNotAllowed, unauthenticated } from '../errors.js';
import type { OwnOrigin } from '../http/origin.js';
import { resumeSession, SESSION_COOKIE, type SignedIn } from './sessions.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireModerator. */
    signedIn?: SignedIn;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** State-changing requests must come from the server's own pages. */
export function requireSameOrigin(own: OwnOrigin): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const origin = req.get('origin');
    const sameOrigin = origin ? own.is(origin) : req.get('sec-fetch-site') === 'same-origin';
    if (!sameOrigin) throw originNotAllowed();
    next();
  };
}

export const sessionToken = (req: Request) => parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];

export function requireModerator(deps: { sql: Sql; config: Config }): RequestHandler {
  return async (req, _res, next) => {
    const signedIn = await resumeSession(deps.sql, deps.config, sessionToken(req));
    if (!signedIn) throw unauthenticated();
    req.signedIn = signedIn;
    next();
  };
}

/** The signed-in moderator of a request that passed requireModerator. */
export function signedInOf(req: Request): SignedIn {
  if (!req.signedIn) throw unauthenticated();
  return req.signedIn;
}

/** After requireModerator: admins only (site settings, readers' personal data). Others get 403 forbidden. */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (signedInOf(req).moderator.role !== 'admin') throw forbidden();
  next();
};
