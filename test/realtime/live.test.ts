import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';
import { sessionCookie } from '../helpers/moderation.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let siteA: string;
let siteB: string;
let adminCookie: string;
let modACookie: string;
const received: unknown[] = [];

beforeAll(async () => {
  s = await startTestServer();
  siteA = (await buildSite(s.db, { allowedOrigins: ['https://a.example'] })).id;
  siteB = (await buildSite(s.db, { allowedOrigins: ['https://b.example'] })).id;
  const signIn = async (email: string) => {
    const res = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email, password: TEST_PASSWORD }).expect(200);
    return sessionCookie(res);
  };
  adminCookie = await signIn((await buildModerator(s.db, { role: 'admin', name: 'Ada Admin' })).email);
  modACookie = await signIn((await buildModerator(s.db, { role: 'moderator', siteIds: [siteA] })).email);
});
afterAll(async () => {
  await s.close();
  // Nothing any socket received ever held an email or a digest.
  const all = JSON.stringify(received);
  expect(all).not.toMatch(/@example\.com/);
  expect(all).not.toMatch(/\b[0-9a-f]{64}\b/);
});

/** A reader socket with every event it receives recorded for the privacy scan. */
async function reader(headers: Record<string, string> = {}) {
  const socket = s.socket('/', headers);
  socket.onAny((_event, payload) => received.push(payload));
  await connected(socket);
  return socket;
}

async function moderator(cookie: string) {
  const socket = s.socket('/moderation', { Origin: s.origin, Cookie: cookie });
  await connected(socket);
  return socket;
}

const post = async (site: string, thread: string, extra: Record<string, unknown> = {}) =>
  (await s.api.post('/api/comments').send(aComment({ site, thread, ...extra })).expect(201)).body.comment.id as string;
const moderate = (id: string, status: string) =>
  s.api.post(`/api/moderation/comments/${id}/status`).set('Origin', s.origin).set('Cookie', adminCookie).send({ status }).expect(200);

describe('readers', () => {
  it('receive an approved comment within 2 s, and its removal after a rejection', async () => {
    const r = await reader({ Origin: 'https://a.example' });
    expect(await join(r, { site: siteA, thread: 'live' })).toEqual({ ok: true });
    const id = await post(siteA, 'live', { body: 'Fresh take' });
    const approved = next(r, 'comment:approved');
    const started = Date.now();
    await moderate(id, 'approved');
    const comment = await approved;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(comment).toEqual({ id, parentId: null, authorName: expect.any(String), authorWebsite: null, avatar: expect.any(String), bodyHtml: '<p>Fresh take</p>', createdAt: expect.any(String), likes: 0, edited: false, badge: null, thread: 'live' });
    const removed = next(r, 'comment:removed');
    await moderate(id, 'rejected');
    expect(await removed).toEqual({ id, thread: 'live' });
  });

  it('never receive a pending comment, nor one of a thread they did not join', async () => {
    const r = await reader();
    await join(r, { site: siteA, thread: 'quiet' });
    let got = 0;
    r.on('comment:approved', () => got++);
    await post(siteA, 'quiet');
    const elsewhere = await post(siteA, 'other-thread');
    await moderate(elsewhere, 'approved');
    await new Promise((res) => setTimeout(res, 400));
    expect(got).toBe(0);
  });

  it('refuse a handshake from an origin no site allows', async () => {
    const socket = s.socket('/', { Origin: 'https://evil.example' });
    await expect(connected(socket)).rejects.toThrow('origin_not_allowed');
  });

  it('answer bad joins with an error and stay connected', async () => {
    const r = await reader({ Origin: 'https://a.example' });
    expect(await join(r, {})).toEqual({ error: { code: 'validation_failed', message: expect.any(String) } });
    expect(await join(r, { site: siteA, thread: 'x'.repeat(10_000) })).toMatchObject({ error: { code: 'validation_failed' } });
    expect(await join(r, { site: 'nosuchsite', thread: 't' })).toMatchObject({ error: { code: 'site_not_found' } });
    expect(await join(r, { site: siteB, thread: 't' })).toMatchObject({ error: { code: 'origin_not_allowed' } });
    expect(await join(r, 'not an object')).toMatchObject({ error: { code: 'validation_failed' } });
    for (let i = 0; i < 20; i++) expect(await join(r, { site: siteA, thread: `t${i}` })).toEqual({ ok: true });
    expect(await join(r, { site: siteA, thread: 't20' })).toMatchObject({ error: { code: 'rate_limited' } });
    r.emit('no:such:event' as 'thread:leave', { site: 'x', thread: 'y' });
    expect(r.connected).toBe(true);
    await s.api.get('/healthz').expect(200);
  });

  it('catch up after a reconnect with the comments they missed', async () => {
    const r = await reader();
    await join(r, { site: siteA, thread: 'reconnect' });
    const seen = await post(siteA, 'reconnect');
    const approved = next(r, 'comment:approved');
    await moderate(seen, 'approved');
    const lastSeen = (await approved).id;
    r.disconnect();
    const missed = await post(siteA, 'reconnect');
    await moderate(missed, 'approved');
    // What the widget does on reconnect: join again, fetch what is newer than the last comment it saw.
    r.connect();
    await connected(r);
    await join(r, { site: siteA, thread: 'reconnect' });
    const res = await s.api.get('/api/comments').query({ site: siteA, thread: 'reconnect', since: lastSeen }).expect(200);
    expect(res.body.comments.map((c: { id: string }) => c.id)).toEqual([missed]);
  });
});

describe('moderators', () => {
  it('are refused without a session, with an expired one, or from a foreign origin', async () => {
    await expect(connected(s.socket('/moderation', { Origin: s.origin }))).rejects.toThrow('unauthorized');
    await expect(connected(s.socket('/moderation', { Origin: 'https://evil.example', Cookie: adminCookie }))).rejects.toThrow('unauthorized');
    const m = await buildModerator(s.db);
    const res = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200);
    const cookie = sessionCookie(res);
    await s.db.session.updateMany({ where: { moderatorId: m.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(connected(s.socket('/moderation', { Origin: s.origin, Cookie: cookie }))).rejects.toThrow('unauthorized');
  });

  it('hear of new comments and decisions on their sites only', async () => {
    const modA = await moderator(modACookie);
    const admin = await moderator(adminCookie);
    const heardByA: string[] = [];
    modA.on('comment:created', (c) => heardByA.push(c.id));
    const created = next(admin, 'comment:created');
    const onB = await post(siteB, 'mods');
    expect((await created).id).toBe(onB);
    const createdA = next(modA, 'comment:created');
    const onA = await post(siteA, 'mods', { email: 'visible.to.mods@x.example' });
    const payload = await createdA;
    expect(payload).toMatchObject({ id: onA, status: 'pending', authorEmail: 'visible.to.mods@x.example', site: { id: siteA } });
    const moderated = next(modA, 'comment:moderated');
    await moderate(onA, 'approved');
    expect(await moderated).toEqual({ id: onA, status: 'approved', previousStatus: 'pending', moderatedBy: { id: expect.any(String), name: 'Ada Admin' }, moderatedAt: expect.any(String) });
    await new Promise((res) => setTimeout(res, 200));
    expect(heardByA).toEqual([onA]);
  });

  it('lose their live connection when they sign out', async () => {
    const m = await buildModerator(s.db);
    const res = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200);
    const cookie = sessionCookie(res);
    const socket = await moderator(cookie);
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    await s.api.post('/api/auth/logout').set('Origin', s.origin).set('Cookie', cookie).expect(204);
    expect(await gone).toBe('io server disconnect');
  });
});
