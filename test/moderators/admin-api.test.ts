// The admins' Moderators page (DESIGN.md §12) over real HTTP and real
// sockets: create with a one-time password, change sites and role, remove —
// and what a moderator loses, they lose at once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/api/route-list.js';
import type { ManagedModerator } from '../../src/contracts.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { connected, startTestServer } from '../helpers/server.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let admin: Api;
let adminId: string;
let siteA: string;
let siteB: string;

type Api = ReturnType<typeof as>;
/** Requests as the holder of `cookie` (none: anonymous), from the server's own pages. */
const as = (cookie?: string, origin?: string) => {
  const h = <R extends { set(k: string, v: string): R }>(req: R) => {
    const withOrigin = req.set('Origin', origin ?? s.origin);
    return cookie ? withOrigin.set('Cookie', cookie) : withOrigin;
  };
  return {
    cookie,
    get: (path: string) => (cookie ? s.api.get(path).set('Cookie', cookie) : s.api.get(path)),
    post: (path: string, body: object = {}) => h(s.api.post(path)).send(body),
    patch: (path: string, body: object = {}) => h(s.api.patch(path)).send(body),
    delete: (path: string) => h(s.api.delete(path)),
  };
};
const signIn = async (email: string, password: string) =>
  as(sessionCookie(await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email, password }).expect(200)));
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s = await startTestServer();
  siteA = (await buildSite(s.db, { name: 'Alpha Gazette' })).id;
  siteB = (await buildSite(s.db, { name: 'Beta Times' })).id;
  const a = await buildModerator(s.db, { role: 'admin', name: 'Ada' });
  adminId = a.id;
  admin = await signIn(a.email, 'correct horse battery staple');
});
afterAll(() => s.close());

async function invite(body: object): Promise<{ moderator: ManagedModerator; password: string; api: Api }> {
  const res = await admin.post('/api/admin/moderators', body).expect(201);
  return { ...res.body, api: await signIn(res.body.moderator.email, res.body.password) };
}

const postComment = async (site: string) =>
  (await s.api.post('/api/comments').send(aComment({ site, thread: 'admin-api' })).expect(201)).body.comment.id as string;

describe('creating a moderator', () => {
  it('answers a strong one-time password that signs in, to exactly the sites given', async () => {
    const res = await admin.post('/api/admin/moderators', { email: 'Nora@Example.com', name: 'Nora', role: 'moderator', sites: [siteA] }).expect(201);
    expect(res.body).toEqual({
      moderator: { id: expect.any(String), email: 'nora@example.com', name: 'Nora', role: 'moderator', sites: [siteA] },
      password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
    });
    const nora = await signIn('nora@example.com', res.body.password);
    expect((await nora.get('/api/moderation/sites').expect(200)).body.sites).toEqual([{ id: siteA, name: 'Alpha Gazette' }]);
    await nora.get(`/api/moderation/comments?site=${siteB}`).expect(404);
    // The password is shown once: the list never carries it, nor a hash.
    const list = (await admin.get('/api/admin/moderators').expect(200)).body.moderators as ManagedModerator[];
    expect(list.find((m) => m.email === 'nora@example.com')).toEqual(res.body.moderator);
    expect(JSON.stringify(list)).not.toMatch(/argon2|password/i);
  });

  it('names every bad field at once, unknown ones too', async () => {
    const res = await admin.post('/api/admin/moderators', { email: 'nope', name: '', role: 'boss', sites: ['NOT A SITE'], password: 'mine' }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'name', 'password', 'role', 'sites']);
    const nothing = await admin.post('/api/admin/moderators', {}).expect(400);
    expect(nothing.body.error.fields).toEqual({ email: 'Email is required.', role: 'Role must be admin or moderator.' });
    const noSites = await admin.post('/api/admin/moderators', { email: 'lonely@example.com', role: 'moderator' }).expect(400);
    expect(Object.keys(noSites.body.error.fields)).toEqual(['sites']);
    const unknown = await admin.post('/api/admin/moderators', { email: 'ghost@example.com', role: 'moderator', sites: ['nosuchsite'] }).expect(400);
    expect(unknown.body.error.fields.sites).toMatch(/nosuchsite/);
  });

  it('refuses an email already in use with 409 conflict naming the email', async () => {
    await admin.post('/api/admin/moderators', { email: 'twice@example.com', role: 'admin' }).expect(201);
    const res = await admin.post('/api/admin/moderators', { email: 'TWICE@example.com', role: 'admin' }).expect(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', fields: { email: expect.any(String) } });
  });

  it('is audited with the admin who did it', async () => {
    const { moderator } = await invite({ email: 'audited@example.com', role: 'moderator', sites: [siteA] });
    await admin.patch(`/api/admin/moderators/${moderator.id}`, { name: 'Audrey' }).expect(200);
    await admin.delete(`/api/admin/moderators/${moderator.id}`).expect(204);
    const entries = await s.db.auditEntry.findMany({ where: { subjectModeratorId: moderator.id }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.action, e.moderatorId])).toEqual([
      ['moderator_create', adminId],
      ['moderator_update', adminId],
      ['moderator_delete', adminId],
    ]);
  });
});

describe('changing a moderator', () => {
  it('takes a site away at once: its comments are 404 over HTTP, and their live connection stops hearing of it', async () => {
    const { moderator, api } = await invite({ email: 'mia@example.com', role: 'moderator', sites: [siteA, siteB] });
    const socket = s.socket('/moderation', { Origin: s.origin, Cookie: api.cookie! });
    await connected(socket);
    const heard: string[] = [];
    socket.on('comment:created', (c) => heard.push(c.site.id));
    const onB = await postComment(siteB);
    await api.post(`/api/moderation/comments/${onB}/status`, { status: 'approved' }).expect(200);

    const res = await admin.patch(`/api/admin/moderators/${moderator.id}`, { sites: [siteA] }).expect(200);
    expect(res.body.moderator).toEqual({ ...moderator, sites: [siteA] });
    await api.post(`/api/moderation/comments/${onB}/status`, { status: 'rejected' }).expect(404);
    await settle(300);
    heard.length = 0;
    await postComment(siteB);
    await postComment(siteA);
    for (let i = 0; i < 100 && !heard.includes(siteA); i++) await settle(20);
    await settle(100);
    expect(heard).toEqual([siteA]);
  });

  it('a promotion to admin opens every site; a demotion needs sites', async () => {
    const { moderator, api } = await invite({ email: 'pat@example.com', role: 'moderator', sites: [siteA] });
    const promoted = await admin.patch(`/api/admin/moderators/${moderator.id}`, { role: 'admin' }).expect(200);
    expect(promoted.body.moderator).toMatchObject({ role: 'admin', sites: [] });
    await api.get('/api/admin/moderators').expect(200);
    const bad = await admin.patch(`/api/admin/moderators/${moderator.id}`, { role: 'moderator' }).expect(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['sites']);
    await admin.patch(`/api/admin/moderators/${moderator.id}`, { role: 'moderator', sites: [siteB] }).expect(200);
    await api.get('/api/admin/moderators').expect(403);
    expect((await api.get('/api/moderation/sites').expect(200)).body.sites.map((x: { id: string }) => x.id)).toEqual([siteB]);
  });

  it('refuses unknown fields (the email cannot change), and answers 404 for an unknown id', async () => {
    const { moderator } = await invite({ email: 'fixed@example.com', role: 'moderator', sites: [siteA] });
    const res = await admin.patch(`/api/admin/moderators/${moderator.id}`, { email: 'other@example.com', name: '' }).expect(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'name']);
    await admin.patch('/api/admin/moderators/01900000-0000-7000-8000-000000000000', { name: 'X' }).expect(404);
    await admin.patch('/api/admin/moderators/not-an-id', { name: 'X' }).expect(404);
    await admin.delete('/api/admin/moderators/01900000-0000-7000-8000-000000000000').expect(404);
  });
});

describe('removing a moderator', () => {
  it('ends their sessions: HTTP answers 401 and their live connection closes', async () => {
    const { moderator, api } = await invite({ email: 'gone@example.com', role: 'moderator', sites: [siteA] });
    const socket = s.socket('/moderation', { Origin: s.origin, Cookie: api.cookie! });
    await connected(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await admin.delete(`/api/admin/moderators/${moderator.id}`).expect(204);
    await api.get('/api/moderation/sites').expect(401);
    expect(await closed).toBe('io server disconnect');
    expect((await admin.get('/api/admin/moderators').expect(200)).body.moderators.map((m: ManagedModerator) => m.id)).not.toContain(moderator.id);
  });
});

describe('the last admin', () => {
  it('cannot demote or remove themself; with another admin they can', async () => {
    // A database of its own kind: only this test's admins exist once the others step down.
    const others = await s.db.moderator.findMany({ where: { role: 'admin', NOT: { id: adminId } } });
    for (const o of others) await admin.delete(`/api/admin/moderators/${o.id}`).expect(204);
    const demote = await admin.patch(`/api/admin/moderators/${adminId}`, { role: 'moderator', sites: [siteA] }).expect(409);
    expect(demote.body.error).toEqual({ code: 'conflict', message: expect.stringMatching(/last admin/) });
    await admin.delete(`/api/admin/moderators/${adminId}`).expect(409);
    await admin.get('/api/admin/moderators').expect(200);

    const { moderator: second, api: other } = await invite({ email: 'second.admin@example.com', role: 'admin' });
    await other.patch(`/api/admin/moderators/${adminId}`, { role: 'moderator', sites: [siteA] }).expect(200);
    await admin.get('/api/admin/moderators').expect(403);
    await other.delete(`/api/admin/moderators/${second.id}`).expect(409);
    await other.patch(`/api/admin/moderators/${adminId}`, { role: 'admin' }).expect(200);
    await admin.get('/api/admin/moderators').expect(200);
    // Two admins now: still nobody removes themself (their audit entry would lose its author); the other admin can.
    const self = await other.delete(`/api/admin/moderators/${second.id}`).expect(409);
    expect(self.body.error).toEqual({ code: 'conflict', message: 'You cannot remove yourself: another admin can.' });
    await admin.delete(`/api/admin/moderators/${second.id}`).expect(204);
    await other.get('/api/admin/moderators').expect(401);
  });

  it('an admin demoted while their change waited for the admins’ lock changes nothing: 403 forbidden', async () => {
    const { moderator: target } = await invite({ email: 'target@example.com', role: 'moderator', sites: [siteA] });
    const client = new pg.Client({ connectionString: s.url });
    await client.connect();
    try {
      // Another admin's change holds the lock every change of admins takes…
      await client.query(`BEGIN; SELECT id FROM moderators WHERE role = 'admin' FOR UPDATE`);
      const pending = Promise.all([
        admin.patch(`/api/admin/moderators/${target.id}`, { role: 'admin' }),
        admin.delete(`/api/admin/moderators/${target.id}`),
      ]);
      await settle(300);
      // …and demotes this one.
      await client.query(`UPDATE moderators SET role = 'moderator' WHERE id = $1`, [adminId]);
      await client.query('COMMIT');
      const [changed, removed] = await pending;
      expect([changed.status, changed.body.error?.code, removed.status, removed.body.error?.code]).toEqual([403, 'forbidden', 403, 'forbidden']);
      expect((await s.db.moderator.findUniqueOrThrow({ where: { id: target.id } })).role).toBe('moderator');
    } finally {
      await client.query(`UPDATE moderators SET role = 'admin' WHERE id = $1`, [adminId]).catch(() => {});
      await client.end();
    }
  });
});

describe('every /api/admin route', () => {
  const adminRoutes = API_ROUTES.filter((r) => r.path.startsWith('/api/admin'));
  const pathOf = (p: string) => p.replace(':id', siteA);

  it('is for admins only: 401 without a session, 403 forbidden for a moderator', async () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(8);
    const { api: plain } = await invite({ email: 'plain@example.com', role: 'moderator', sites: [siteA] });
    for (const r of adminRoutes) {
      const anon = await as()[r.method](pathOf(r.path)).expect(401);
      expect(anon.body.error.code, `${r.method} ${r.path}`).toBe('unauthenticated');
      const res = await plain[r.method](pathOf(r.path)).expect(403);
      expect(res.body.error.code, `${r.method} ${r.path}`).toBe('forbidden');
    }
  });

  it('refuses a state-changing request from a foreign origin, even an admin’s', async () => {
    const foreign = as(admin.cookie, 'https://evil.example');
    for (const r of adminRoutes.filter((x) => x.method !== 'get')) {
      const res = await foreign[r.method](pathOf(r.path)).expect(403);
      expect(res.body.error.code, `${r.method} ${r.path}`).toBe('origin_not_allowed');
    }
  });
});
