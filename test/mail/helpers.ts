// Parley with mail on, against a real SMTP server, with the outbox's waits
// shortened; and a moderator to decide over the real API.
import type { NotificationTuning } from '../../src/outbox/start.js';
import type { CommentStatus } from '../../src/contracts.js';
import { TEST_PASSWORD, buildModerator } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { startTestServer } from '../helpers/server.js';

/** The server's own origin in these tests: links in messages start with it. */
export const PUBLIC = 'http://parley.test';

/** Polls every 50 ms, retries after ~0.1 s (doubling), sweeps for the digest every 100 ms (reading up to 300 ms back). */
export const FAST: NotificationTuning = {
  outbox: { pollMs: 50, backoff: { baseMs: 100, capMs: 1_000, maxAttempts: 5 }, stopGraceMs: 300 },
  digest: { everyMs: 100, lagMs: 300, windowMs: 60_000 },
};

export type Server = Awaited<ReturnType<typeof startTestServer>>;

export function mailServer(smtpUrl: string, opts: { databaseUrl?: string; tuning?: NotificationTuning; env?: Record<string, string> } = {}) {
  return startTestServer({
    env: { SMTP_URL: smtpUrl, PUBLIC_URL: PUBLIC, ...opts.env },
    databaseUrl: opts.databaseUrl,
    notificationTuning: opts.tuning ?? FAST,
  });
}

/** An admin signed in on `s`: decides comments through the moderators' API. */
export async function moderatorOn(s: Pick<Server, 'api' | 'db'>, email?: string) {
  const m = await buildModerator(s.db, { role: 'admin', ...(email ? { email } : {}) });
  const cookie = sessionCookie(await s.api.post('/api/auth/login').set('Origin', PUBLIC).send({ email: m.email, password: TEST_PASSWORD }).expect(200));
  return {
    moderator: m,
    cookie,
    decide: (id: string, status: CommentStatus) =>
      s.api.post(`/api/moderation/comments/${id}/status`).set('Origin', PUBLIC).set('Cookie', cookie).send({ status }).expect(200),
  };
}

export interface OutboxRow {
  id: string;
  kind: string;
  topic: string;
  commentId: string | null;
  state: string;
  attempts: number;
  lastError: string | null;
}

/** The outbox's rows, oldest first. */
export const outboxRows = async (s: { database: { pool: { query: Server['database']['pool']['query'] } } }, where = 'true', values: unknown[] = []) =>
  (
    await s.database.pool.query<OutboxRow>(
      `SELECT id::text, kind, topic, comment_id AS "commentId", state, attempts, last_error AS "lastError" FROM outbox WHERE ${where} ORDER BY id`,
      values,
    )
  ).rows;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Falsy = undefined | null | false | '' | 0;

/** Polls `check` until it answers something truthy, which it returns (or throws after `ms`). */
export async function eventually<T>(check: () => Promise<T | Falsy>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('never happened');
    await sleep(50);
  }
}
