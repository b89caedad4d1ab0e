// Sign in, sign out, who am I (DESIGN.md §6).
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { Router, type Request, type RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { OwnOrigin } from '../http/origin.js';
import type { Db } from '../db/client.js';
import { invalidCredentials, tooManySignIns } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { findModeratorByEmail } from '../moderators/repository.js';
import { dummyHash, verifyPassword } from '../moderators/password.js';
import { emailDigest, ipDigest } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { parseOrThrow } from '../validation.js';
import { requireModerator, requireSameOrigin, signedInOf } from './middleware.js';
import { LoginInput } from './schema.js';
import { PostgresRateLimitStore } from './rate-limit-store.js';
import { endSession, SESSION_COOKIE, startSession } from './sessions.js';
import type pg from 'pg';

export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Failed sign-ins per address before a pause. */
  perEmail: 5,
  /** Failed sign-ins per client IP (a shared office may hold several moderators). */
  perIp: 20,
} as const;


export interface AuthDeps {
  readonly db: Db;
  readonly sql: Pick<pg.Pool, 'query'>;
  readonly keys: Keys;
  readonly config: Config;
  readonly events: EventBus;
  readonly origin: OwnOrigin;
}

function loginLimiter(deps: AuthDeps, name: string, limit: number, key: (req: Request) => string): RequestHandler {
  const options: Partial<Options> = {
    windowMs: LOGIN_LIMITS.windowMs,
    limit,
    // Only failures count: a moderator who signs in often is not an attacker.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(deps.sql, `login-${name}:`),
    keyGenerator: key,
    handler: (req, res, next) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      res.set('Retry-After', String(Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000))));
      next(tooManySignIns());
    },
  };
  return rateLimit(options);
}

export function authRouter(deps: AuthDeps): Router {
  const router = Router();
  const https = deps.origin.url.startsWith('https:');
  router.use('/api/auth', requireSameOrigin(deps.origin));

  const perIp = loginLimiter(deps, 'ip', LOGIN_LIMITS.perIp, (req) => ipDigest(deps.keys, ipKeyGenerator(req.ip ?? 'unknown')));
  const perEmail = loginLimiter(deps, 'email', LOGIN_LIMITS.perEmail, (req) =>
    emailDigest(deps.keys, typeof req.body?.email === 'string' ? req.body.email : ''),
  );

  router.post('/api/auth/login', perIp, perEmail, async (req, res) => {
    const { email, password } = parseOrThrow(LoginInput, req.body ?? {});
    const moderator = await findModeratorByEmail(deps.sql, email);
    // Unknown email or wrong password: the same answer, after the same work.
    const passwordOk = await verifyPassword(moderator?.passwordHash ?? (await dummyHash()), password);
    if (!moderator || !passwordOk) throw invalidCredentials();
    const session = await startSession(deps.sql, deps.config, moderator.id);
    res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: https, path: '/', expires: session.expiresAt });
    res.json({ moderator: { id: moderator.id, email: moderator.email, name: moderator.name, role: moderator.role } });
  });

  const signedIn = requireModerator(deps);

  router.post('/api/auth/logout', signedIn, async (req, res) => {
    const { sessionId } = signedInOf(req);
    await endSession(deps.sql, sessionId);
    deps.events.publish('session.ended', { sessionId });
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: https, path: '/' });
    res.status(204).end();
  });

  router.get('/api/auth/me', signedIn, (req, res) => {
    res.json({ moderator: signedInOf(req).moderator });
  });

  return router;
}
