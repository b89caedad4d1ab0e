// Prisma's query compiler costs ~75 MB of RSS and ~150 ms once loaded
// (db/client.ts): readers, sign-in, sessions and status changes run on plain
// SQL, so a server doing only those never loads it. Admin pages still use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, ORIGIN, signIn } from '../helpers/moderation.js';

let setup: TestApp; // builds the fixtures (with Prisma)
let t: TestApp; // the instance under test, on the same database
let site: { id: string };
beforeAll(async () => {
  setup = await moderationApp();
  site = await buildSite(setup.db, { mode: 'pre', allowedOrigins: ['https://blog.example'] });
  await buildModerator(setup.db, { email: 'lazy@example.com', role: 'moderator', siteIds: [site.id] });
  t = await createTestApp({ sharing: setup, env: { PUBLIC_URL: ORIGIN } });
});
afterAll(async () => {
  await t?.close();
  await setup?.close();
});

describe('the Prisma client', () => {
  it('is not loaded by readers, sign-in, session checks or status changes', async () => {
    await t.api.options('/api/comments').set('Origin', 'https://blog.example').set('Access-Control-Request-Method', 'POST').expect(204);
    const posted = await t.api.post('/api/comments').set('Origin', 'https://blog.example').send(aComment({ site: site.id, thread: 'lazy' })).expect(201);
    const other = await t.api.post('/api/comments').send(aComment({ site: site.id, thread: 'lazy' })).expect(201);
    await t.api.get('/api/comments').query({ site: site.id, thread: 'lazy' }).expect(200);
    await t.api.get('/api/counts').query({ site: site.id, thread: 'lazy' }).expect(200);
    await t.api.get('/api/form-token').query({ site: site.id }).expect(200);

    const mod = as(t, await signIn(t, 'lazy@example.com'));
    await mod.get('/api/auth/me').expect(200);
    const approved = await mod.post(`/api/moderation/comments/${posted.body.comment.id}/status`, { status: 'approved', from: 'pending' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', site: { id: site.id }, thread: { key: 'lazy' }, authorEmail: expect.stringContaining('@example.com') });
    const bulk = await mod.post('/api/moderation/comments/bulk', { ids: [other.body.comment.id, posted.body.comment.id], status: 'rejected' }).expect(200);
    expect(bulk.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected']);
    await mod.post('/api/auth/logout').expect(204);

    expect(t.database.prismaLoaded).toBe(false);
  });

  it('loads on the first admin page that needs it, and serves it', async () => {
    const mod = as(t, await signIn(t, 'lazy@example.com'));
    const queue = await mod.get('/api/moderation/comments?status=rejected').expect(200);
    expect(queue.body.comments).toHaveLength(2);
    expect(t.database.prismaLoaded).toBe(true);
  });
});
