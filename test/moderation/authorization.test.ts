// Every moderator route, asked by everyone: anonymous, an expired session, a
// moderator of the comment's site, a moderator of another site, an admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';

let t: TestApp;
let cookies: Record<'anonymous' | 'expired' | 'moderatorOfA' | 'moderatorOfB' | 'admin', string | undefined>;
let emails: Partial<Record<keyof typeof cookies, string>>;
let siteA: string;
let siteB: string;

beforeAll(async () => {
  t = await moderationApp();
  siteA = (await buildSite(t.db)).id;
  siteB = (await buildSite(t.db)).id;
  const expired = await buildModerator(t.db, { role: 'moderator', siteIds: [siteA] });
  const expiredCookie = await signIn(t, expired.email);
  await t.db.session.updateMany({ where: { moderatorId: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  emails = {
    moderatorOfA: (await buildModerator(t.db, { role: 'moderator', siteIds: [siteA] })).email,
    moderatorOfB: (await buildModerator(t.db, { role: 'moderator', siteIds: [siteB] })).email,
    admin: (await buildModerator(t.db, { role: 'admin' })).email,
  };
  cookies = {
    anonymous: undefined,
    expired: expiredCookie,
    moderatorOfA: await signIn(t, emails.moderatorOfA!),
    moderatorOfB: await signIn(t, emails.moderatorOfB!),
    admin: await signIn(t, emails.admin!),
  };
});
afterAll(() => t.close());

/** A fresh pending comment on site A for each request that changes one. */
const commentOnA = async () => (await t.api.post('/api/comments').send(aComment({ site: siteA })).expect(201)).body.comment.id as string;

const routes: Record<string, (cookie: string | undefined) => Promise<{ status: number; body: unknown }>> = {
  'GET /api/auth/me': (c) => as(t, c).get('/api/auth/me'),
  'POST /api/auth/logout': async (c) => {
    // Signing out ends the session: the signed-in actors sign out of a second session of their own.
    const actor = (Object.keys(cookies) as Array<keyof typeof cookies>).find((k) => cookies[k] === c);
    const email = actor ? emails[actor] : undefined;
    return as(t, email ? await signIn(t, email) : c).post('/api/auth/logout');
  },
  'GET /api/moderation/comments?site=A': (c) => as(t, c).get(`/api/moderation/comments?site=${siteA}`),
  'POST /api/moderation/comments/:id/status': async (c) => as(t, c).post(`/api/moderation/comments/${await commentOnA()}/status`, { status: 'approved' }),
  'DELETE /api/moderation/comments/:id': async (c) => as(t, c).delete(`/api/moderation/comments/${await commentOnA()}`),
  'POST /api/moderation/comments/bulk': async (c) => {
    const res = await as(t, c).post('/api/moderation/comments/bulk', { ids: [await commentOnA()], status: 'spam' });
    // Per-id answers: outside the moderator's sites, the id is not_found.
    if (res.status === 200 && (res.body as { results: Array<{ error?: unknown }> }).results[0]!.error) return { status: 404, body: res.body };
    return res;
  },
};

const expected: Record<string, Record<keyof typeof cookies, number>> = {
  'GET /api/auth/me': { anonymous: 401, expired: 401, moderatorOfA: 200, moderatorOfB: 200, admin: 200 },
  'POST /api/auth/logout': { anonymous: 401, expired: 401, moderatorOfA: 204, moderatorOfB: 204, admin: 204 },
  'GET /api/moderation/comments?site=A': { anonymous: 401, expired: 401, moderatorOfA: 200, moderatorOfB: 404, admin: 200 },
  'POST /api/moderation/comments/:id/status': { anonymous: 401, expired: 401, moderatorOfA: 200, moderatorOfB: 404, admin: 200 },
  'DELETE /api/moderation/comments/:id': { anonymous: 401, expired: 401, moderatorOfA: 204, moderatorOfB: 404, admin: 204 },
  'POST /api/moderation/comments/bulk': { anonymous: 401, expired: 401, moderatorOfA: 200, moderatorOfB: 404, admin: 200 },
};

describe('the authorisation matrix', () => {
  for (const [route, byActor] of Object.entries(expected)) {
    it(route, async () => {
      for (const [actor, status] of Object.entries(byActor)) {
        const res = await routes[route]!(cookies[actor as keyof typeof cookies]);
        expect(res.status, `${route} as ${actor}`).toBe(status);
        if (status === 401) expect((res.body as { error: { code: string } }).error.code).toBe('unauthenticated');
      }
    });
  }

  it('a moderator of site B never sees a comment of site A, even unfiltered or by searching', async () => {
    const id = await commentOnA();
    const res = await as(t, cookies.moderatorOfB).get('/api/moderation/comments').expect(200);
    expect(res.body.comments.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(res.body.counts.pending).toBe(0);
    const row = await t.db.comment.findUniqueOrThrow({ where: { id } });
    const search = await as(t, cookies.moderatorOfB).get(`/api/moderation/comments?q=${encodeURIComponent(row.authorName)}`).expect(200);
    expect(search.body.comments).toEqual([]);
  });

  it('a state-changing moderator request from a foreign Origin is refused, even signed in', async () => {
    const id = await commentOnA();
    const res = await t.api.post(`/api/moderation/comments/${id}/status`).set('Cookie', cookies.admin!).set('Origin', 'https://evil.example').send({ status: 'approved' }).expect(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    await t.api.post(`/api/moderation/comments/${id}/status`).set('Cookie', cookies.admin!).send({ status: 'approved' }).expect(403);
    expect((await t.db.comment.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
  });
});
