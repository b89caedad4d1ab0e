// Requests per client address and minute on the readers' API, over all
// instances together: a tight budget for POST /api/comments (a reader's own
// edits and deletes count there too), the same again for POST /api/preview (a
// render costs what a comment's does; counted apart, so previewing does not
// use up the comments), a loose one for the readers' GETs, and one for likes
// (a like without a token mints a new author key, so only the address bounds
// how many one client can add). A preflight (OPTIONS) never counts. The address is
// req.ip (so TRUST_PROXY decides), an IPv6 address counted by its /56 subnet,
// and it reaches the database only as a digest. Counting never waits on the
// database: see shared-counter-store.ts.
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Sql } from '../db/rate-limits.js';
import { tooManyRequests } from '../errors.js';
import type { Logger } from '../log.js';
import { ipDigest } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { SharedCounterStore } from './shared-counter-store.js';

const WINDOW_MS = 60_000;
/** The readers' GETs: a page asks for its thread, its counts and a form token. */
export const READ_PATHS = ['/api/comments', '/api/counts', '/api/form-token'];
/** A reader's like, and their own comment (an edit or a delete). */
const LIKE = /^\/api\/comments\/[^/]+\/like$/;
const OWN_COMMENT = /^\/api\/comments\/[^/]+$/;
/** A permalink's page: a read like a thread's. */
const CONTEXT = /^\/api\/comments\/[^/]+\/context$/;
/** The thread pages (GET /threads/:site/:key) read as GET /api/comments does, and count with the reads. */
const THREAD_PAGES = '/threads/';

export interface RequestLimitsDeps {
  readonly config: Config;
  readonly sql: Sql;
  readonly keys: Keys;
  readonly log: Logger;
  /**
   * Runs on a refused request before its 429 is answered, e.g. the readers'
   * CORS: the limits sit in front of the API's own, and without it a browser
   * could not read the refusal.
   */
  readonly beforeRefusal?: RequestHandler;
}

/** Left in res.locals on a comment over its address's limit: seconds until the limit lets it through. */
export interface RequestLimitMark {
  overLimit?: number;
}

export interface RequestLimits {
  /** Mount before the readers' API. */
  readonly middleware: RequestHandler;
  /** Stops the flush timers, after sending what they hold. */
  close(): Promise<void>;
}

export function requestLimits(deps: RequestLimitsDeps): RequestLimits {
  const { config, keys, log } = deps;
  const stores: SharedCounterStore[] = [];
  const keyOf = (req: Request) => ipDigest(keys, ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown'));

  const retryAfterOf = (req: Request) => {
    const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    return ((resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000;
  };
  const refuse: RequestHandler = (req, res, next) => {
    const err = tooManyRequests(retryAfterOf(req));
    if (!deps.beforeRefusal) return next(err);
    Promise.resolve(deps.beforeRefusal(req, res, () => next(err))).catch(() => next(err));
  };
  // A comment over the limit is refused where DESIGN.md §5 puts the check
  // (after its fields, its site and the duplicate check, with the flood rule):
  // the API reads the mark (overLimit) and answers 429 there.
  const mark: RequestHandler = (req, res, next) => {
    (res.locals as RequestLimitMark).overLimit = retryAfterOf(req);
    next();
  };

  const limiter = (name: string, limit: number, handler: RequestHandler): RequestHandler => {
    const store = new SharedCounterStore(deps.sql, `${name}:`, { log });
    stores.push(store);
    const options: Partial<Options> = {
      windowMs: WINDOW_MS,
      limit,
      // Retry-After is enough for the widget; no RateLimit-* headers on every answer.
      standardHeaders: false,
      legacyHeaders: false,
      store,
      keyGenerator: keyOf,
      handler,
      logger: {
        error: (err, message) => log.error({ err }, message ?? 'request limits'),
        warn: (err, message) => log.warn({ err }, message ?? 'request limits'),
      },
    };
    return rateLimit(options);
  };

  const { postsPerMinute, readsPerMinute, likesPerMinute } = config.limits;
  const posts = postsPerMinute > 0 ? limiter('posts', postsPerMinute, mark) : undefined;
  const reads = readsPerMinute > 0 ? limiter('reads', readsPerMinute, refuse) : undefined;
  const likes = likesPerMinute > 0 ? limiter('likes', likesPerMinute, refuse) : undefined;
  // Nothing of a preview is stored, so there is no later check to leave it to: refused here.
  const previews = postsPerMinute > 0 ? limiter('previews', postsPerMinute, refuse) : undefined;
  // As Express matches routes: in any case, with or without one trailing slash.
  const routeOf = (req: Request) => req.path.toLowerCase().replace(/(.)\/$/, '$1');
  // Not a Router: one would answer a preflight itself (Allow) before the API's CORS could.
  const middleware: RequestHandler = (req, res, next) => {
    if (req.method === 'POST' && posts && routeOf(req) === '/api/comments') return posts(req, res, next);
    if (req.method === 'POST' && previews && routeOf(req) === '/api/preview') return previews(req, res, next);
    if ((req.method === 'PATCH' || req.method === 'DELETE') && posts && OWN_COMMENT.test(routeOf(req))) return posts(req, res, next);
    if ((req.method === 'POST' || req.method === 'DELETE') && likes && LIKE.test(routeOf(req))) return likes(req, res, next);
    if ((req.method === 'GET' || req.method === 'HEAD') && reads && (READ_PATHS.includes(routeOf(req)) || CONTEXT.test(routeOf(req)) || routeOf(req).startsWith(THREAD_PAGES)))
      return reads(req, res, next);
    next();
  };

  return {
    middleware,
    async close() {
      await Promise.all(stores.map((s) => s.shutdown()));
    },
  };
}
