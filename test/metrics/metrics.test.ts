// GET /metrics (DESIGN.md §10): Prometheus text that moves with what really
// happens on the server (comments posted and moderated, sockets connected,
// requests by route template), read by a real Prometheus parser, never
// carrying anyone's personal data; behind a bearer token when one is set.
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/api/route-list.js';
import { openDatabase } from '../../src/db/client.js';
import { freePort } from '../../src/db/embedded/cluster.js';
import { createLogger } from '../../src/log.js';
import { createParley } from '../../src/parley.js';
import { deriveKeys } from '../../src/security/keys.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { parseScrape } from '../helpers/metrics.js';
import { sessionCookie } from '../helpers/moderation.js';
import { connected, startTestServer } from '../helpers/server.js';

const TOKEN = 'scrape-token-0123456789abcdef';

describe('GET /metrics on a server with real traffic', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  const scrape = async () => parseScrape((await s.api.get('/metrics').expect(200).expect('Content-Type', /^text\/plain/)).text);

  it('counts comments, decisions, sockets and requests by route template, and tells no one’s personal data', async () => {
    const pre = (await buildSite(s.db, { mode: 'pre' })).id;
    const post = (await buildSite(s.db, { mode: 'post' })).id;
    const admin = await buildModerator(s.db, { role: 'admin', name: 'Moderator Maud' });
    const cookie = sessionCookie(await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: admin.email, password: TEST_PASSWORD }).expect(200));
    const before = await scrape();

    const sent = [
      aComment({ site: pre, thread: 'a' }),
      aComment({ site: pre, thread: 'a' }),
      aComment({ site: pre, thread: 'b' }),
      aComment({ site: pre, thread: 'b', formToken: undefined }),
      aComment({ site: post, thread: 'c' }),
      aComment({ site: post, thread: 'c', honeypot: 'http://spam.example' }),
    ];
    const ids: string[] = [];
    for (const body of sent) ids.push((await s.api.post('/api/comments').send(body).expect(201)).body.comment.id);
    const as = (req: supertest.Test) => req.set('Origin', s.origin).set('Cookie', cookie);
    await as(s.api.post(`/api/moderation/comments/${ids[0]}/status`)).send({ status: 'approved', from: 'pending' }).expect(200);
    await as(s.api.post('/api/moderation/comments/bulk')).send({ ids: [ids[1], ids[2]], status: 'rejected' }).expect(200);

    const reader = s.socket('/');
    const moderator = s.socket('/moderation', { Origin: s.origin, Cookie: cookie });
    await Promise.all([connected(reader), connected(moderator)]);
    await s.api.get('/api/comments').query({ site: post, thread: 'c' }).expect(200);
    await s.api.get('/api/moderation/comments').expect(401); // refused by the session guard, before any route ran
    await s.api.post('/api/comments').set('Content-Type', 'application/json').send('{"site": ').expect(400); // refused by the JSON parser
    await s.api.get('/wp-login.php').expect(404);
    await s.api.get(`/api/comments/${ids[0]}/nonsense`).expect(404);
    await s.events.settled();
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);

    // What readers posted, by the status it got and the rule that held it.
    expect(moved('parley_comments_created_total', { status: 'pending', reason: 'premoderation' })).toBe(3);
    expect(moved('parley_comments_created_total', { status: 'pending', reason: 'form_token' })).toBe(1);
    expect(moved('parley_comments_created_total', { status: 'approved', reason: 'none' })).toBe(1);
    expect(moved('parley_comments_created_total', { status: 'spam', reason: 'honeypot' })).toBe(1);
    // What moderators decided: a bulk change counts each comment.
    expect(moved('parley_moderation_actions_total', { status: 'approved' })).toBe(1);
    expect(moved('parley_moderation_actions_total', { status: 'rejected' })).toBe(2);
    // The queue, per site, from the database.
    expect(after.value('parley_pending_comments', { site: pre })).toBe(1);
    expect(after.value('parley_pending_comments', { site: post })).toBe(0);
    // Connected now.
    expect(after.value('parley_sockets', { namespace: '/' })).toBe(1);
    expect(after.value('parley_sockets', { namespace: '/moderation' })).toBe(1);

    // Latency by route template, never a raw path; what no route knows is one series.
    const requests = (labels: Record<string, string>) => after.count('http_request_duration_seconds', labels) - before.count('http_request_duration_seconds', labels);
    expect(requests({ route: '/api/moderation/comments/:id/status', method: 'POST', status: '200' })).toBe(1);
    expect(requests({ route: '/api/moderation/comments/bulk', method: 'POST', status: '200' })).toBe(1);
    expect(requests({ route: '/api/comments', method: 'POST', status: '201' })).toBe(6);
    expect(requests({ route: '/api/comments', method: 'POST', status: '400' })).toBe(1);
    expect(requests({ route: '/api/comments', method: 'GET', status: '200' })).toBe(1);
    expect(requests({ route: '/api/moderation/comments', method: 'GET', status: '401' })).toBe(1);
    expect(requests({ route: 'unmatched', method: 'GET', status: '404' })).toBe(2);
    expect(after.families.find((f) => f.name === 'http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    const routes = new Set(after.samples('http_request_duration_seconds_count').map((m) => m.labels?.route));
    expect(routes.size).toBeGreaterThan(5);
    const known = new Set([...API_ROUTES.map((r) => r.path), 'unmatched', 'static']);
    expect([...routes].filter((r) => !known.has(r!))).toEqual([]);

    // The pools, and the process's own (event-loop lag among them).
    expect(after.value('parley_db_pool_max', { pool: 'main' })).toBe(6);
    expect(after.value('parley_db_pool_max', { pool: 'realtime' })).toBe(2);
    expect(after.samples('parley_db_pool_connections', { pool: 'main', state: 'in_use' })).toHaveLength(1);
    expect(after.samples('parley_db_pool_waiting', { pool: 'main' })).toHaveLength(1);
    expect(after.samples('nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(after.samples('process_cpu_user_seconds_total')).toHaveLength(1);

    // Nobody's email, name, words or comment id.
    const personal = [...sent.flatMap((c) => [c.email, c.name, c.body]), admin.email, 'Moderator Maud', ...ids];
    expect(personal.filter((p) => after.text.includes(p))).toEqual([]);
    expect(after.text).not.toContain('@');
  });

  it('shows what waits in the outbox, by kind: calls to a webhook receiver that does not answer pile up there', async () => {
    const site = await buildSite(s.db, { mode: 'post' });
    // Nothing listens on port 9 (discard): every attempt fails and is retried later, so the calls wait.
    await s.db.site.update({ where: { id: site.id }, data: { webhookUrl: 'http://127.0.0.1:9/hook' } });
    const before = (await scrape()).value('parley_outbox_depth', { kind: 'webhook' });
    for (let i = 0; i < 3; i++) await s.api.post('/api/comments').send(aComment({ site: site.id, thread: 'outbox' })).expect(201);

    const after = await scrape();

    // One comment.created each (published at once: post-moderation approves without a separate comment.approved).
    expect(after.value('parley_outbox_depth', { kind: 'webhook' }) - before).toBe(3);
    expect(after.samples('parley_outbox_depth', { kind: 'mail' })).toHaveLength(1);
  });

  it('answers without CORS, even to an origin the readers’ API allows', async () => {
    await buildSite(s.db, { allowedOrigins: ['https://news.example'] });
    await s.api.get('/api/form-token').query({ site: 'none' }).set('Origin', 'https://news.example').expect('Access-Control-Allow-Origin', 'https://news.example');
    const res = await s.api.get('/metrics').set('Origin', 'https://news.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  let t: TestApp;
  // The readers' limits at their tightest: a scraper is not a reader.
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN, READS_PER_MINUTE_PER_ADDRESS: '1' } });
  });
  afterAll(() => t.close());

  it('answers 401 in the error shape without the bearer token, or with another', async () => {
    for (const header of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, 'Bearer ']) {
      const req = t.api.get('/metrics');
      const res = await (header === undefined ? req : req.set('Authorization', header)).expect(401);
      expect(res.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.text).not.toContain('parley_');
    }
  });

  it('answers the metrics to the token, scrape after scrape', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.api.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(parseScrape(res.text).samples('parley_pending_comments')).toEqual([]); // no site yet
    }
    await t.api.get('/metrics').set('Authorization', `bearer ${TOKEN}`).expect(200);
  });

  it('takes gauges from other parts in one line; one that hangs delays a scrape 2 s at most, and runs once however many scrape', async () => {
    let calls = 0;
    const remove = t.metrics.registerGauge({
      name: 'parley_example_queue_depth',
      help: 'A stuck queue.',
      labelNames: ['kind'],
      collect: () => {
        calls++;
        return new Promise(() => {});
      },
    });
    try {
      const started = Date.now();
      const scrapes = await Promise.all([1, 2].map(() => t.api.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)));
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(calls).toBe(1);
      const last = parseScrape(scrapes[1]!.text);
      expect(last.samples('parley_example_queue_depth')).toEqual([]);
      expect(parseScrape((await t.api.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text).value('parley_metrics_collect_failures_total', { metric: 'parley_example_queue_depth' })).toBe(3);
    } finally {
      remove();
    }
    const ok = t.metrics.registerGauge({ name: 'parley_example_queue_depth', help: 'A queue.', labelNames: ['kind'], collect: () => [{ labels: { kind: 'mail' }, value: 4 }] });
    try {
      expect(parseScrape((await t.api.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text).value('parley_example_queue_depth', { kind: 'mail' })).toBe(4);
    } finally {
      ok();
    }
  });

  it('counts only its own app: another app in the same process keeps its own registry', async () => {
    const site = await buildSite(t.db, { mode: 'pre' });
    await t.api.post('/api/comments').send(aComment({ site: site.id })).expect(201);
    await t.events.settled();
    const scrape = parseScrape((await t.api.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text);
    expect(scrape.value('parley_comments_created_total', { status: 'pending', reason: 'premoderation' })).toBe(1);
    expect(scrape.value('parley_pending_comments', { site: site.id })).toBe(1);
  });
});

describe('GET /metrics when the database is down', () => {
  it('still answers, without the gauges it could not read, and counts the failure', async () => {
    const log = createLogger('silent');
    // Nothing listens on this port: every query fails at once.
    const database = openDatabase(`postgresql://postgres:x@127.0.0.1:${await freePort()}/parley`, { poolSize: 1, log });
    const base = await createTestApp();
    const parley = createParley({ config: base.config, database, log, keys: deriveKeys(TEST_SECRET), port: 0 });
    try {
      const scrape = parseScrape((await supertest(parley.app).get('/metrics').expect(200)).text);
      expect(scrape.samples('parley_pending_comments')).toEqual([]);
      expect(scrape.value('parley_metrics_collect_failures_total', { metric: 'parley_pending_comments' })).toBe(1);
      expect(scrape.samples('parley_db_pool_connections', { pool: 'main', state: 'idle' })).toHaveLength(1);
    } finally {
      await parley.close();
      await database.close();
      await base.close();
    }
  });
});
