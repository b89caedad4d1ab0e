// Per-address request limits on the readers' API, through HTTP on a real
// database: a tight budget for posting, a looser one for reading, preflights
// free, 0 for off, and one budget over every instance on the database.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment, buildSite } from '../helpers/factories.js';

const SITE_ORIGIN = 'https://news.example';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Windows end on the minute: begin with enough of it left that a test's hits fall in one window. */
async function awayFromMinuteEnd(needMs = 10_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await sleep(left + 100);
}

/** Behind a proxy on loopback, so X-Forwarded-For names the client. */
const limited = (posts: number, reads: number, sharing?: TestApp) =>
  createTestApp({ env: { TRUST_PROXY: 'loopback', POSTS_PER_MINUTE_PER_ADDRESS: String(posts), READS_PER_MINUTE_PER_ADDRESS: String(reads) }, sharing });

function client(t: TestApp, site: string, ip: string) {
  return {
    post: (fields: Record<string, unknown> = {}) => t.api.post('/api/comments').set('X-Forwarded-For', ip).send(aComment({ site, ...fields })),
    list: () => t.api.get(`/api/comments?site=${site}&thread=an-article`).set('X-Forwarded-For', ip),
    counts: () => t.api.get(`/api/counts?site=${site}&thread=an-article`).set('X-Forwarded-For', ip),
    formToken: () => t.api.get(`/api/form-token?site=${site}`).set('X-Forwarded-For', ip),
    preflight: () =>
      t.api.options('/api/comments').set('X-Forwarded-For', ip).set('Origin', SITE_ORIGIN).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type'),
  };
}

function expectRateLimited(res: { body: { error?: unknown }; headers: Record<string, string> }) {
  expect(res.body.error).toMatchObject({ code: 'rate_limited', message: 'Too many requests from your address; wait a minute and try again.' });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('on one instance', () => {
  let t: TestApp;
  let site: string;
  beforeAll(async () => {
    t = await limited(3, 6);
    site = (await buildSite(t.db, { mode: 'post' })).id;
  });
  afterAll(() => t.close());

  it('answers the (N+1)th post from an address 429 with Retry-After, storing nothing, while another address posts on', async () => {
    await awayFromMinuteEnd();
    const from = client(t, site, '198.51.100.1');
    for (let i = 0; i < 3; i++) await from.post().expect(201);
    const res = await from.post({ body: 'One too many' }).expect(429);
    expectRateLimited(res);
    expect(await t.db.comment.count({ where: { body: 'One too many' } })).toBe(0);
    await client(t, site, '198.51.100.2').post().expect(201);
  });

  it('answers an address over its limit in the contract\'s order: bad fields, unknown site and duplicates first', async () => {
    await awayFromMinuteEnd();
    const from = client(t, site, '198.51.100.20');
    const first = aComment({ site });
    await t.api.post('/api/comments').set('X-Forwarded-For', '198.51.100.20').send(first).expect(201);
    for (let i = 0; i < 2; i++) await from.post().expect(201);
    expect((await from.post({ name: '' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await from.post({ site: 'nosuchsite' }).expect(404)).body.error.code).toBe('site_not_found');
    expect((await t.api.post('/api/comments').set('X-Forwarded-For', '198.51.100.20').send(first).expect(409)).body.error.code).toBe('duplicate_comment');
    expectRateLimited(await from.post().expect(429));
  });

  it('gives the readers’ GETs a looser budget of their own', async () => {
    await awayFromMinuteEnd();
    const from = client(t, site, '198.51.100.3');
    // Posting does not spend the reading budget, nor reading the posting one.
    for (let i = 0; i < 3; i++) await from.post().expect(201);
    await from.list().expect(200);
    await from.counts().expect(200);
    await from.formToken();
    // Routes match in any case and with a trailing slash: so do the limits.
    await t.api.get(`/API/Counts/?site=${site}&thread=an-article`).set('X-Forwarded-For', '198.51.100.3').expect(200);
    for (let i = 0; i < 2; i++) await from.list().expect(200);
    expectRateLimited(await from.counts().expect(429));
    expectRateLimited(await from.formToken().expect(429));
    expectRateLimited(await from.list().expect(429));
    await client(t, site, '198.51.100.4').list().expect(200);
    // And a reader over the reading budget may still post.
    await client(t, site, '198.51.100.5').post().expect(201);
  });

  it('never counts a preflight', async () => {
    await awayFromMinuteEnd();
    const from = client(t, site, '198.51.100.6');
    for (let i = 0; i < 20; i++) await from.preflight().expect(204);
    for (let i = 0; i < 3; i++) await from.post().expect(201);
    for (let i = 0; i < 6; i++) await from.list().expect(200);
  });

  it('counts an IPv6 address by its /56 subnet', async () => {
    await awayFromMinuteEnd();
    for (let i = 1; i <= 3; i++) await client(t, site, `2001:db8:1:10::${i}`).post().expect(201);
    expectRateLimited(await client(t, site, '2001:db8:1:20::99').post().expect(429));
    await client(t, site, '2001:db8:2::1').post().expect(201);
  });

  it('lets a page on an allowed origin read the refusal (CORS)', async () => {
    await awayFromMinuteEnd();
    const from = client(t, site, '198.51.100.7');
    for (let i = 0; i < 6; i++) await from.list().set('Origin', SITE_ORIGIN).expect(200);
    const res = await from.list().set('Origin', SITE_ORIGIN).expect(429);
    expectRateLimited(res);
    expect(res.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    expect(res.headers['access-control-expose-headers']).toMatch(/Retry-After/);
    // Any page may read an error (test/comments/origin-errors.test.ts): this one holds no data either.
    const stranger = await from.list().set('Origin', 'https://evil.example').expect(429);
    expect(stranger.headers['access-control-allow-origin']).toBe('https://evil.example');
    expectRateLimited(stranger);
  });
});

describe('0 turns a limit off', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('posts and reads without counting, and writes no counter', async () => {
    t = await limited(0, 0);
    const site = (await buildSite(t.db, { mode: 'post' })).id;
    const from = client(t, site, '198.51.100.8');
    for (let i = 0; i < 35; i++) await from.post().expect(201);
    for (let i = 0; i < 40; i++) await from.list().expect(200);
    await sleep(1_200);
    const { rows } = await t.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rate_limits WHERE key NOT LIKE 'login-%'`);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('across instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await limited(4, 100);
    b = await limited(4, 100, a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('holds the limit in total once the instances have flushed (within two flushes, about 2 s)', async () => {
    await awayFromMinuteEnd(15_000);
    const site = (await buildSite(a.db, { mode: 'post' })).id;
    const onA = client(a, site, '203.0.113.50');
    const onB = client(b, site, '203.0.113.50');
    await onA.post().expect(201);
    await onA.post().expect(201);
    await onB.post().expect(201);
    await onB.post().expect(201);
    // Each instance alone has counted 2 of 4; together they have spent the budget. The
    // first to flush learns only its own hits, and the total at its next flush.
    await sleep(2_500);
    expectRateLimited(await onA.post().expect(429));
    expectRateLimited(await onB.post().expect(429));
    // Another address, on either instance, is not concerned.
    await client(b, site, '203.0.113.51').post().expect(201);
    await client(a, site, '203.0.113.51').post().expect(201);
  });

  it('never waits on the database to count: requests are answered while the counters’ table is locked', async () => {
    await awayFromMinuteEnd();
    const site = (await buildSite(a.db, { mode: 'post' })).id;
    const from = client(a, site, '203.0.113.60');
    const locker = new pg.Client({ connectionString: a.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE rate_limits IN ACCESS EXCLUSIVE MODE');
      // Were a request to write its hit, it would wait here for the lock, and the test time out.
      for (let i = 0; i < 5; i++) await from.list().expect(200);
      await from.post().expect(201);
      await sleep(1_200); // a flush is now waiting for the lock
      await locker.query('COMMIT');
    } finally {
      await locker.end();
    }
    await sleep(1_200);
    const { rows } = await a.database.pool.query<{ key: string; hits: number }>(`SELECT key, hits FROM rate_limits WHERE key LIKE 'reads:%' OR key LIKE 'posts:%' ORDER BY key`);
    // One row per limit, window and address digest: never the address itself.
    expect(rows.every((r) => /^(posts|reads):\d+:[0-9a-f]{64}$/.test(r.key))).toBe(true);
    expect(rows.some((r) => r.key.startsWith('reads:') && r.hits === 5)).toBe(true);
  });
});
