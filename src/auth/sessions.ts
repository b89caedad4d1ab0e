// Moderator sessions in PostgreSQL: a random 256-bit token in the cookie,
// only its SHA-256 in the database, so a leaked table opens no session.
// Sessions end after an idle period and, at the latest, at an absolute age.
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { ModeratorRole } from '../contracts.js';

export const SESSION_COOKIE = 'parley_session';
/** Writing lastSeenAt on every request would make every read a write; a minute's precision is plenty. */
const TOUCH_AFTER_MS = 60_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SignedIn {
  readonly sessionId: string;
  readonly moderator: { readonly id: string; readonly email: string; readonly name: string; readonly role: ModeratorRole };
  /** The sites a `moderator` may see; every site for an admin. */
  readonly scope: Scope;
}

export type Scope = { readonly all: true } | { readonly all: false; readonly siteIds: readonly string[] };

export async function startSession(db: Db, config: Config, moderatorId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + config.sessions.maxAgeMs);
  await db.session.create({ data: { tokenHash: hash(token), moderatorId, expiresAt } });
  return { token, expiresAt };
}

/** The signed-in moderator for this token, or undefined when it is unknown or expired. */
export async function resumeSession(db: Db, config: Config, token: string | undefined): Promise<SignedIn | undefined> {
  if (!token || token.length > 100) return undefined;
  const session = await db.session.findUnique({
    where: { tokenHash: hash(token) },
    include: { moderator: { select: { id: true, email: true, name: true, role: true, sites: { select: { siteId: true } } } } },
  });
  if (!session) return undefined;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + config.sessions.idleMs <= now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return undefined;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  const { sites, ...moderator } = session.moderator;
  return { sessionId: session.id, moderator, scope: scopeOf(moderator.role, sites) };
}

const scopeOf = (role: ModeratorRole, sites: readonly { siteId: string }[]): Scope =>
  role === 'admin' ? { all: true } : { all: false, siteIds: sites.map((s) => s.siteId) };

/**
 * What each of these sessions may see now, read afresh: sessions that ended
 * (expired, idle, signed out, password changed, moderator removed) are absent.
 * Live connections follow it (realtime/moderator-rooms.ts).
 */
export async function liveSessions(db: Db, config: Config, sessionIds: readonly string[]): Promise<Map<string, Pick<SignedIn, 'moderator' | 'scope'>>> {
  const now = Date.now();
  const sessions = await db.session.findMany({
    where: { id: { in: [...sessionIds] }, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: new Date(now - config.sessions.idleMs) } },
    select: { id: true, moderator: { select: { id: true, email: true, name: true, role: true, sites: { select: { siteId: true } } } } },
  });
  return new Map(
    sessions.map(({ id, moderator: { sites, ...moderator } }) => [id, { moderator, scope: scopeOf(moderator.role, sites) }]),
  );
}

export const endSession = (db: Db, sessionId: string) => db.session.deleteMany({ where: { id: sessionId } });
