// The outbox across restarts and instances: what was queued survives a
// server that stops before sending it, and several servers on one database
// send each message once. Real servers, a real SMTP server, one database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded/cluster.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { aComment, buildSite } from '../helpers/factories.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { createTestApp } from '../helpers/app.js';
import { FAST, PUBLIC, eventually, mailServer, moderatorOn, outboxRows, sleep, type Server } from '../mail/helpers.js';

let testDb: TestDatabase;
const servers: Server[] = [];
const smtps: SmtpServer[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterEach(stopAll);
afterAll(async () => {
  for (const m of smtps) await m.close();
  await testDb?.drop();
});

/** Stops every server (each test starts its own on the one database). */
async function stopAll() {
  for (const s of servers.splice(0)) await s.close();
}

async function serve(smtpUrl: string, databaseUrl = testDb.url, tuning = FAST) {
  const s = await mailServer(smtpUrl, { databaseUrl, tuning });
  servers.push(s);
  return s;
}

/** Published comments by readers who asked to hear of replies, and a pending reply to each. */
async function waitingReplies(s: Pick<Server, 'api' | 'db'>, count: number, tag: string) {
  const site = (await buildSite(s.db, { allowedOrigins: ['https://news.example'], mode: 'pre' })).id;
  const mod = await moderatorOn(s);
  const replies: Array<{ id: string; to: string }> = [];
  for (let i = 0; i < count; i++) {
    const to = `${tag}-${i}@example.com`;
    const thread = `${tag}-${i}`;
    const parent = (await s.api.post('/api/comments').send(aComment({ site, thread, email: to, notify: true })).expect(201)).body.comment.id as string;
    await mod.decide(parent, 'approved');
    const reply = (await s.api.post('/api/comments').send(aComment({ site, thread, parentId: parent })).expect(201)).body.comment.id as string;
    replies.push({ id: reply, to });
  }
  return { replies, approve: (id: string) => mod.decide(id, 'approved') };
}

const replyMails = (smtp: SmtpServer, to: string) => smtp.to(to).filter((m) => m.subject.includes('replied to your comment'));

describe('the outbox', () => {
  it('loses nothing and sends nothing twice when a server stops between queueing and sending', async () => {
    // The SMTP server is down at first: the first server queues, tries, fails, and stops.
    const port = await freePort();
    const slow = { ...FAST, outbox: { ...FAST.outbox, backoff: { baseMs: 300, capMs: 300, maxAttempts: 50 } } };
    const first = await serve(`smtp://127.0.0.1:${port}`, testDb.url, slow);
    const { replies, approve } = await waitingReplies(first, 1, 'restart');
    const reply = replies[0]!;
    await approve(reply.id);
    const [tried] = await eventually(async () => {
      const rows = await outboxRows(first, `comment_id = $1 AND topic = 'reply'`, [reply.id]);
      return rows[0]?.lastError && rows;
    });
    expect(tried).toMatchObject({ state: 'pending' });
    expect(tried!.lastError).toMatch(/ECONNREFUSED/);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    // The SMTP server comes up; a new server on the same database sends it, once.
    const smtp = await startSmtpServer({ port });
    smtps.push(smtp);
    const second = await serve(smtp.url, testDb.url, slow);
    await smtp.waitFor(() => replyMails(smtp, reply.to).length === 1);
    await sleep(1_000);
    expect(replyMails(smtp, reply.to)).toHaveLength(1);
    const [done] = await outboxRows(second, `comment_id = $1 AND topic = 'reply'`, [reply.id]);
    expect(done).toMatchObject({ state: 'sent', lastError: null });
    expect(done!.attempts).toBeGreaterThan(tried!.attempts);
  });

  it('sends each message once with two servers on one database, racing for the same items', async () => {
    const smtp = await startSmtpServer();
    smtps.push(smtp);
    // Everything is queued first, by an application that sends nothing (no worker); then two servers start on it at once.
    const queuer = await createTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: PUBLIC } });
    try {
      const { replies, approve } = await waitingReplies(queuer, 12, 'pair');
      for (const r of replies) await approve(r.id);
      const queued = await outboxRows(queuer, `kind = 'mail'`);
      expect(queued).toHaveLength(24); // 12 replies, and 12 parents published (they asked)
      expect(smtp.messages).toEqual([]);

      await Promise.all([serve(smtp.url, queuer.url), serve(smtp.url, queuer.url)]);
      await smtp.waitFor((all) => all.length >= 24);
      await sleep(1_000);
      expect(smtp.messages).toHaveLength(24);
      expect(replies.map((r) => replyMails(smtp, r.to).length)).toEqual(replies.map(() => 1));
      const rows = await outboxRows(queuer, `kind = 'mail'`);
      expect(rows.map((r) => [r.state, r.attempts])).toEqual(queued.map(() => ['sent', 1]));
    } finally {
      await stopAll();
      await queuer.close();
    }
  });
});
