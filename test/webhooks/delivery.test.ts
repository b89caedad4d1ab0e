// A site's webhook receives signed JSON about new and approved comments,
// through the outbox: retried until it answers 2xx, never redirected, never
// waited for past its timeout. A real HTTP receiver on 127.0.0.1.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildSite } from '../helpers/factories.js';
import { eventually, moderatorOn, outboxRows, PUBLIC, sleep } from '../mail/helpers.js';
import { startTestServer } from '../helpers/server.js';

interface Call {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Answers each call by its path: `answer(path, n)` for the n-th call to that path (1-based). */
async function receiver(answer: (path: string, n: number) => { status: number; headers?: Record<string, string> } | 'hang') {
  const calls: Call[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      calls.push({ path, headers: req.headers, body });
      const a = answer(path, calls.filter((c) => c.path === path).length);
      if (a === 'hang') return void hanging.push(res);
      res.writeHead(a.status, a.headers).end('a body nobody reads');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    at: (path: string) => calls.filter((c) => c.path === path),
    close: () => {
      hanging.forEach((r) => r.destroy());
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let s: Awaited<ReturnType<typeof startTestServer>>;
let hooks: Awaited<ReturnType<typeof receiver>>;
let mod: Awaited<ReturnType<typeof moderatorOn>>;

beforeAll(async () => {
  hooks = await receiver((path, n) => {
    if (path === '/flaky') return { status: n <= 2 ? 503 : 204 };
    if (path === '/down') return { status: 503 };
    if (path === '/moved') return { status: 302, headers: { Location: '/elsewhere' } };
    if (path === '/slow') return 'hang';
    return { status: 200 };
  });
  s = await startTestServer({
    env: { PUBLIC_URL: PUBLIC },
    notificationTuning: { outbox: { pollMs: 50, backoff: { baseMs: 100, capMs: 1_000, maxAttempts: 5 }, timeoutMs: { mail: 1_000, webhook: 500 }, stopGraceMs: 300 } },
  });
  mod = await moderatorOn(s);
});
afterAll(async () => {
  await s?.close();
  await hooks?.close();
});

/** A site whose webhook posts to `path` on the receiver; its signing secret as an admin reads it. */
async function siteHookedTo(path: string, mode: 'pre' | 'post' = 'pre') {
  const site = await buildSite(s.db, { allowedOrigins: ['https://news.example'], mode, name: 'The Daily' });
  const res = await s.api
    .patch(`/api/admin/sites/${site.id}`)
    .set('Origin', PUBLIC)
    .set('Cookie', mod.cookie)
    .send({ webhookUrl: `${hooks.url}${path}` })
    .expect(200);
  expect(res.body.webhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  return { id: site.id, secret: res.body.webhookSecret as string };
}

const post = async (site: string, fields: Record<string, unknown> = {}) =>
  (await s.api.post('/api/comments').send(aComment({ site, thread: 'hooked', threadTitle: 'Hooked', threadUrl: 'https://news.example/hooked', ...fields })).expect(201)).body
    .comment.id as string;

/** What a receiver does (README, Webhooks): HMAC-SHA256 of "<timestamp>.<raw body>" with the site's secret, compared in constant time. */
function verifies(call: Call, secret: string): boolean {
  const timestamp = call.headers['x-parley-timestamp'] as string;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${call.body}`).digest('hex')}`);
  const given = Buffer.from(String(call.headers['x-parley-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
}

describe('webhooks', () => {
  it('announce a new comment, with its status, and its approval: signed JSON that Slack and Discord take as it is, no email', async () => {
    const { id: site, secret } = await siteHookedTo('/ok');
    const email = 'writer@example.com';
    const id = await post(site, { name: 'Wren', email, body: 'Hello <!channel> @everyone [click](https://evil.example)' });
    await eventually(async () => hooks.at('/ok').length === 1);
    const created = hooks.at('/ok')[0]!;
    expect(created.headers['content-type']).toBe('application/json');
    expect(created.headers['x-parley-event']).toBe('comment.created');
    expect(verifies(created, secret)).toBe(true);
    expect(verifies({ ...created, body: created.body.replace('Wren', 'Mallory') }, secret)).toBe(false);
    const payload = JSON.parse(created.body);
    expect(payload).toMatchObject({
      event: 'comment.created',
      site: { id: site, name: 'The Daily' },
      thread: { key: 'hooked', title: 'Hooked', url: 'https://news.example/hooked' },
      comment: { id, status: 'pending', authorName: 'Wren', url: `https://news.example/hooked#comment-${id}` },
      moderationUrl: `${PUBLIC}/admin#site=${site}&comment=${id}`,
      allowed_mentions: { parse: [] },
    });
    expect(payload.text).toContain('New comment awaiting moderation on *The Daily*');
    // Reader text cannot ping a Slack channel or fake a Discord link.
    expect(payload.text).toContain('Hello &lt;!channel&gt;');
    expect(payload.content).toContain('\\[click\\](https://evil.example)');
    expect(created.body).not.toContain(email);
    expect(created.body).not.toMatch(/writer|example\.com"/);

    await mod.decide(id, 'approved');
    await eventually(async () => hooks.at('/ok').length === 2);
    const approved = hooks.at('/ok')[1]!;
    expect(approved.headers['x-parley-event']).toBe('comment.approved');
    expect(verifies(approved, secret)).toBe(true);
    expect(JSON.parse(approved.body)).toMatchObject({ event: 'comment.approved', comment: { id, status: 'approved' } });
    expect(JSON.parse(approved.body).text).toContain('Comment approved on *The Daily*');
  });

  it('announce a comment published at once as created (approved), and never spam', async () => {
    const { id: site } = await siteHookedTo('/post', 'post');
    const id = await post(site);
    await post(site, { honeypot: 'I am a bot' });
    await eventually(async () => hooks.at('/post').length === 1);
    await sleep(400);
    expect(hooks.at('/post').map((c) => [c.headers['x-parley-event'], JSON.parse(c.body).comment.status, JSON.parse(c.body).comment.id])).toEqual([
      ['comment.created', 'approved', id],
    ]);
  });

  it('keep trying a receiver that fails: it gets the event on the third try, once', async () => {
    const { id: site } = await siteHookedTo('/flaky');
    const id = await post(site);
    await eventually(async () => hooks.at('/flaky').length === 3);
    await sleep(400);
    const calls = hooks.at('/flaky');
    expect(calls).toHaveLength(3);
    // One delivery id on every try: a receiver can tell a repeat.
    expect(new Set(calls.map((c) => c.headers['x-parley-delivery'])).size).toBe(1);
    const [row] = await outboxRows(s, `comment_id = $1 AND kind = 'webhook'`, [id]);
    expect(row).toMatchObject({ topic: 'comment.created', state: 'sent', attempts: 3, lastError: null });
  });

  it('announce late nothing a moderator has since refused: a comment marked spam while its receiver was down is given up, not sent', async () => {
    const { id: site } = await siteHookedTo('/down');
    const id = await post(site, { body: 'Buy cheap watches' });
    await eventually(async () => hooks.at('/down').length >= 1);

    await mod.decide(id, 'spam');

    // Retried (the receiver answers 503), the next try finds the comment refused and stops: skipped, not failed after every try.
    const row = await eventually(async () => {
      const [r] = await outboxRows(s, `comment_id = $1 AND kind = 'webhook'`, [id]);
      return r && r.state !== 'pending' && r;
    });
    expect(row).toMatchObject({ topic: 'comment.created', state: 'skipped' });
    expect(row.attempts).toBeLessThan(5);
  });

  it('follow no redirect, wait for no slow receiver, and never store the URL', async () => {
    const moved = await siteHookedTo('/moved');
    const slow = await siteHookedTo('/slow');
    const a = await post(moved.id);
    const b = await post(slow.id);
    const [redirected, waited] = await eventually(async () => {
      const [r] = await outboxRows(s, `comment_id = $1`, [a]);
      const [w] = await outboxRows(s, `comment_id = $1`, [b]);
      return r?.lastError && w?.lastError && r.attempts >= 1 && w.attempts >= 1 && ([r, w] as const);
    });
    expect(redirected.lastError).toBe('the receiver answered 302 (a redirect: not followed)');
    expect(waited.lastError).toBe('timed out after 0.5 s');
    expect(hooks.at('/elsewhere')).toEqual([]);
    expect(JSON.stringify([redirected, waited])).not.toContain('127.0.0.1');
  });

  it('queue nothing for a site without a webhook', async () => {
    const site = await buildSite(s.db, { allowedOrigins: ['https://news.example'] });
    const id = await post(site.id);
    await mod.decide(id, 'approved');
    expect(await outboxRows(s, `comment_id = $1`, [id])).toEqual([]);
  });
});
