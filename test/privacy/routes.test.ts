// The admins' personal-data API: admins only, same origin, never cached, every
// use audited; live readers see an erasure at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';
import { rawAudit, textOf } from './helpers.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
let admin: { id: string; name: string; cookie: string };
let moderatorCookie: string;
let expiredCookie: string;

beforeAll(async () => {
  s = await startTestServer();
  site = (await buildSite(s.db, { mode: 'post', allowedOrigins: ['https://a.example'] })).id;
  const signIn = async (email: string) => {
    const res = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email, password: TEST_PASSWORD }).expect(200);
    return (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  };
  const a = await buildModerator(s.db, { role: 'admin', name: 'Ada Admin' });
  admin = { id: a.id, name: a.name, cookie: await signIn(a.email) };
  moderatorCookie = await signIn((await buildModerator(s.db, { role: 'moderator', siteIds: [site] })).email);
  const expired = await buildModerator(s.db, { role: 'admin' });
  expiredCookie = await signIn(expired.email);
  await s.db.session.updateMany({ where: { moderatorId: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
});
afterAll(() => s.close());

const call = (route: 'export' | 'erase', body: object, opts: { cookie?: string | undefined; origin?: string | null } = {}) => {
  let req = s.api.post(`/api/admin/privacy/${route}`);
  const origin = opts.origin === undefined ? s.origin : opts.origin;
  if (origin !== null) req = req.set('Origin', origin);
  if (opts.cookie) req = req.set('Cookie', opts.cookie);
  return req.send(body);
};
const asAdmin = (route: 'export' | 'erase', body: object) => call(route, body, { cookie: admin.cookie });

const post = async (overrides: Record<string, unknown>) =>
  (await s.api.post('/api/comments').send(aComment({ site, ...overrides })).expect(201)).body.comment.id as string;

describe('who may ask', () => {
  for (const route of ['export', 'erase'] as const) {
    it(`${route}: anonymous 401, expired session 401, moderator 403, admin 200, foreign or no Origin 403`, async () => {
      const body = { email: 'matrix@example.com' };
      expect((await call(route, body)).body).toMatchObject({ error: { code: 'unauthenticated' } });
      expect((await call(route, body)).status).toBe(401);
      expect((await call(route, body, { cookie: expiredCookie })).status).toBe(401);
      const asModerator = await call(route, body, { cookie: moderatorCookie });
      expect(asModerator.status).toBe(403);
      expect(asModerator.body).toMatchObject({ error: { code: 'forbidden' } });
      const ok = await call(route, body, { cookie: admin.cookie });
      expect(ok.status).toBe(200);
      expect(ok.headers['cache-control']).toBe('no-store');
      const foreign = await call(route, body, { cookie: admin.cookie, origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatchObject({ error: { code: 'origin_not_allowed' } });
      expect((await call(route, body, { cookie: admin.cookie, origin: null })).status).toBe(403);
    });
  }

  it('refuses a bad email or flag with 400 validation_failed, field by field', async () => {
    for (const route of ['export', 'erase'] as const) {
      for (const body of [{}, { email: '' }, { email: 'not-an-email' }, { email: ['a@example.com'] }, { email: `${'x'.repeat(250)}@example.com` }]) {
        const res = await asAdmin(route, body).expect(400);
        expect(res.body).toMatchObject({ error: { code: 'validation_failed', fields: { email: expect.any(String) } } });
      }
    }
    const flag = await asAdmin('erase', { email: 'a@example.com', deleteContent: 'yes' }).expect(400);
    expect(flag.body.error.fields).toEqual({ deleteContent: expect.any(String) });
  });
});

describe('an export', () => {
  it('answers the document and is written to the audit trail, naming the admin and not the reader', async () => {
    const id = await post({ thread: 'api-export', email: 'Api.Reader@Example.com', name: 'Api Reader', body: 'Exported words' });
    const before = (await rawAudit(s.url)).length;
    const res = await asAdmin('export', { email: 'api.reader@example.com' }).expect(200);
    expect(res.body).toEqual({
      email: 'api.reader@example.com',
      exportedAt: expect.any(String),
      comments: [expect.objectContaining({ id, authorName: 'Api Reader', body: 'Exported words', status: 'approved', site: { id: site, name: expect.any(String) } })],
    });
    const audit = (await rawAudit(s.url)).slice(before);
    expect(audit).toEqual([expect.objectContaining({ action: 'privacy_export', moderator_id: admin.id, comment_id: null, site_id: null })]);
    expect(textOf(audit)).not.toMatch(/api\.reader|api reader|exported words/);
  });
});

describe('an erasure', () => {
  it('shows live readers the anonymous comment (comment:updated), and records the admin', async () => {
    const id = await post({ thread: 'api-erase', email: 'live.reader@example.com', name: 'Live Reader', website: 'https://live.example/' });
    const reader = s.socket('/', { Origin: 'https://a.example' });
    await connected(reader);
    expect(await join(reader, { site, thread: 'api-erase' })).toEqual({ ok: true });
    const updated = next(reader, 'comment:updated');

    expect((await asAdmin('erase', { email: 'LIVE.reader@example.com' }).expect(200)).body).toEqual({ erased: 1 });

    expect(await updated).toEqual({
      id,
      parentId: null,
      authorName: 'Anonymous',
      authorWebsite: null,
      avatar: expect.any(String),
      bodyHtml: expect.any(String),
      createdAt: expect.any(String),
      likes: 0,
      edited: false,
      badge: null,
      thread: 'api-erase',
    });
    const audit = await s.db.auditEntry.findMany({ where: { commentId: id } });
    expect(audit).toEqual([expect.objectContaining({ action: 'erase', moderatorId: admin.id, fromStatus: 'approved', toStatus: 'approved' })]);
  });

  it('with deleteContent removes the comments for live readers (comment:removed) and tells moderators who did it', async () => {
    const id = await post({ thread: 'api-delete', email: 'gone.reader@example.com', name: 'Gone Reader' });
    const reply = await post({ thread: 'api-delete', name: 'Stays', parentId: id });
    const reader = s.socket('/', { Origin: 'https://a.example' });
    await connected(reader);
    await join(reader, { site, thread: 'api-delete' });
    const mod = s.socket('/moderation', { Origin: s.origin, Cookie: admin.cookie });
    await connected(mod);
    const removed = next(reader, 'comment:removed');
    const deleted = next(mod, 'comment:deleted');

    expect((await asAdmin('erase', { email: 'gone.reader@example.com', deleteContent: true }).expect(200)).body).toEqual({ deleted: 1 });

    expect(await removed).toEqual({ id, thread: 'api-delete' });
    expect(await deleted).toEqual({ id, deletedBy: { id: admin.id, name: 'Ada Admin' }, byAuthor: false });
    const shown = (await s.api.get('/api/comments').query({ site, thread: 'api-delete' }).expect(200)).body.comments;
    expect(shown.map((c: { id: string; parentId: string | null }) => [c.id, c.parentId])).toEqual([[reply, null]]);
    expect(await s.db.auditEntry.findMany({ where: { commentId: id } })).toEqual([
      expect.objectContaining({ action: 'erase_delete', moderatorId: admin.id, fromStatus: 'approved', toStatus: null }),
    ]);
  });
});
