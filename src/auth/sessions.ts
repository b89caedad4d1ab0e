// Moderator sessions in PostgreSQL: a random 256-bit token in the cookie,
// only its SHA-256 in the database, so a leaked table opens no session.
// Sessions end after an idle period and, at the latest, at an absolute age.
// Plain SQL: every moderator request and socket resumes a session, and that
// must not load Prisma (db/client.ts).
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../comments/repository.js';
import type { Config } from '../config.js';
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

export async function startSession(sql: Sql, config: Config, moderatorId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + config.sessions.maxAgeMs);
  await sql.query('INSERT INTO sessions (id, token_hash, moderator_id, expires_at) VALUES ($1, $2, $3, $4)', [uuidv7(), hash(token), moderatorId, expiresAt]);
  return { token, expiresAt };
}

/** A session with its moderator and their sites, as both reads below answer it. */
interface SessionRow {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
  moderator: SignedIn['moderator'];
  siteIds: string[];
}

const SESSION_SELECT = `SELECT s.id, s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt",
    json_build_object('id', m.id, 'email', m.email, 'name', m.name, 'role', m.role) AS moderator,
    ARRAY(SELECT site_id FROM moderator_sites ms WHERE ms.moderator_id = m.id ORDER BY site_id) AS "siteIds"
  FROM sessions s JOIN moderators m ON m.id = s.moderator_id`;

/** The signed-in moderator for this token, or undefined when it is unknown or expired. */
export async function resumeSession(sql: Sql, config: Config, token: string | undefined): Promise<SignedIn | undefined> {
  if (!token || token.length > 100) return undefined;
  const [session] = (await sql.query<SessionRow>(`${SESSION_SELECT} WHERE s.token_hash = $1`, [hash(token)])).rows;
  if (!session) return undefined;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + config.sessions.idleMs <= now) {
    await endSession(sql, session.id);
    return undefined;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await sql.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [session.id, new Date(now)]);
  }
  return { sessionId: session.id, moderator: session.moderator, scope: scopeOf(session.moderator.role, session.siteIds) };
}

const scopeOf = (role: ModeratorRole, siteIds: readonly string[]): Scope => (role === 'admin' ? { all: true } : { all: false, siteIds: [...siteIds] });

/**
 * What each of these sessions may see now, read afresh: sessions that ended
 * (expired, idle, signed out, password changed, moderator removed) are absent.
 * Live connections follow it (realtime/moderator-rooms.ts).
 */
export async function liveSessions(sql: Sql, config: Config, sessionIds: readonly string[]): Promise<Map<string, Pick<SignedIn, 'moderator' | 'scope'>>> {
  const now = Date.now();
  const { rows } = await sql.query<SessionRow>(`${SESSION_SELECT} WHERE s.id = ANY($1::uuid[]) AND s.expires_at > $2 AND s.last_seen_at > $3`, [
    [...sessionIds],
    new Date(now),
    new Date(now - config.sessions.idleMs),
  ]);
  return new Map(rows.map((s) => [s.id, { moderator: s.moderator, scope: scopeOf(s.moderator.role, s.siteIds) }]));
}

export const endSession = async (sql: Sql, sessionId: string) => {
  await sql.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
};
