// The server's own origin comes from PUBLIC_URL (or, for local use, the
// loopback address and port), never from a request's Host header (DESIGN.md
// §3, §5, §6): a script sending `Host: evil.example` gains nothing by it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, ORIGIN, signIn } from '../helpers/moderation.js';

describe('without PUBLIC_URL (local use)', () => {
  let t: TestApp;
  let site: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { PORT: '3999' } });
    site = (await buildSite(t.db, { allowedOrigins: ['https://news.example'] })).id;
  });
  afterAll(() => t.close());

  it("refuses a threadUrl on the request's Host: it is not one of the site's origins", async () => {
    const res = await t.api
      .post('/api/comments')
      .set('Host', 'evil.example')
      .send(aComment({ site, thread: 'hijack', threadUrl: 'http://evil.example/landing', threadTitle: 'Click me' }))
      .expect(400);
    expect(res.body.error.fields).toEqual({ threadUrl: expect.any(String) });
    // Nothing was created that a moderator would later follow.
    expect(await t.db.thread.findFirst({ where: { siteId: site, key: 'hijack' } })).toBeNull();
  });

  it("accepts a threadUrl on the site's origins, and on this server's own loopback origin", async () => {
    await t.api.post('/api/comments').send(aComment({ site, thread: 'ok', threadUrl: 'https://news.example/a' })).expect(201);
    await t.api.post('/api/comments').send(aComment({ site, thread: 'local', threadUrl: 'http://localhost:3999/demo' })).expect(201);
  });

  it('takes an origin that only matches the Host header for a foreign one: its request is refused', async () => {
    const res = await t.api.post('/api/comments').set('Host', 'evil.example').set('Origin', 'http://evil.example').send(aComment({ site, thread: 'host' })).expect(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(await t.db.thread.findFirst({ where: { siteId: site, key: 'host' } })).toBeNull();
  });

  it('refuses a sign-in whose Origin matches only the Host header', async () => {
    const m = await buildModerator(t.db);
    await t.api.post('/api/auth/login').set('Host', 'evil.example').set('Origin', 'http://evil.example').send({ email: m.email, password: 'x' }).expect(403);
    const res = await t.api.post('/api/auth/login').set('Origin', 'http://localhost:3999').send({ email: m.email, password: 'wrong password' });
    expect(res.status).toBe(401);
  });
});

describe('with PUBLIC_URL', () => {
  let t: TestApp;
  let site: string;
  let cookie: string;
  beforeAll(async () => {
    t = await moderationApp();
    site = (await buildSite(t.db, { allowedOrigins: ['https://news.example'] })).id;
    cookie = await signIn(t, (await buildModerator(t.db, { role: 'moderator', siteIds: [site] })).email);
  });
  afterAll(() => t.close());

  it('is the only own origin, whatever Host says', async () => {
    await t.api.post('/api/comments').set('Host', 'evil.example').send(aComment({ site, thread: 'x', threadUrl: 'http://evil.example/' })).expect(400);
    await t.api.post('/api/comments').send(aComment({ site, thread: 'x', threadUrl: `${ORIGIN}/page` })).expect(201);
    await t.api.post('/api/auth/logout').set('Host', 'evil.example').set('Origin', 'http://evil.example').set('Cookie', cookie).expect(403);
  });

  it("keeps the first reader's title and URL: a second reader cannot change them", async () => {
    await t.api.post('/api/comments').send(aComment({ site, thread: 'first', threadTitle: 'The real title', threadUrl: 'https://news.example/real' })).expect(201);
    await t.api.post('/api/comments').send(aComment({ site, thread: 'first', threadTitle: 'Spam title', threadUrl: 'https://news.example/spam' })).expect(201);
    expect(await t.db.thread.findFirst({ where: { siteId: site, key: 'first' }, select: { title: true, url: true } })).toEqual({ title: 'The real title', url: 'https://news.example/real' });
  });

  it("lets a moderator of the site correct them (the URL still on the site's origins)", async () => {
    await t.api.post('/api/comments').send(aComment({ site, thread: 'fix', threadTitle: 'Tpyo', threadUrl: 'https://news.example/old' })).expect(201);
    const res = await as(t, cookie).patch('/api/moderation/threads', { site, thread: 'fix', title: 'Typo fixed', url: 'https://news.example/new' }).expect(200);
    expect(res.body).toEqual({ thread: { key: 'fix', title: 'Typo fixed', url: 'https://news.example/new', closed: false } });
    const bad = await as(t, cookie).patch('/api/moderation/threads', { site, thread: 'fix', url: 'https://evil.example/' }).expect(400);
    expect(bad.body.error.fields).toEqual({ url: expect.any(String) });
    await as(t, cookie).patch('/api/moderation/threads', { site, thread: 'no-such-thread', title: 'x' }).expect(404);
    await as(t).patch('/api/moderation/threads', { site, thread: 'fix', title: 'x' }).expect(401);
    const other = (await buildSite(t.db)).id;
    await as(t, cookie).patch('/api/moderation/threads', { site: other, thread: 'fix', title: 'x' }).expect(404);
  });
});
