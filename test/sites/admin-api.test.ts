// The admins' Sites page (DESIGN.md §6, §12) over real HTTP: the list, a new
// site whose widget may post at once, every bad field named at once, and
// every change audited with the admin who made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';

let t: TestApp;
let admin: ReturnType<typeof as>;
let adminId: string;
beforeAll(async () => {
  t = await moderationApp();
  const a = await buildModerator(t.db, { role: 'admin' });
  adminId = a.id;
  admin = as(t, await signIn(t, a.email));
});
afterAll(() => t.close());

describe('the list of sites', () => {
  it('holds every site with its settings, as GET /api/admin/sites/:id has them', async () => {
    const one = await buildSite(t.db, { name: 'One' });
    const res = await admin.get('/api/admin/sites').expect(200);
    const single = (await admin.get(`/api/admin/sites/${one.id}`).expect(200)).body.site;
    expect(res.body.sites).toContainEqual(single);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('creating a site', () => {
  it('answers 201 with every setting, and a widget on its origin can post and preflight at once', async () => {
    const res = await admin
      .post('/api/admin/sites', { name: 'The Courier', allowedOrigins: ['https://courier.example/'], mode: 'post', floodSeconds: 0, moderationWords: ['casino'] })
      .expect(201);
    const site = res.body.site;
    expect(site).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{12}$/),
      name: 'The Courier',
      allowedOrigins: ['https://courier.example'],
      mode: 'post',
      maxLinks: 2,
      moderationWords: ['casino'],
      disallowedWords: [],
      depthLimit: 3,
      floodSeconds: 0,
      closeAfterDays: null,
      webhookUrl: null,
    });
    expect(res.body.webhookSecret).toBeNull();
    await t.api.options('/api/comments').set('Origin', 'https://courier.example').set('Access-Control-Request-Method', 'POST').expect(204);
    const posted = await t.api.post('/api/comments').set('Origin', 'https://courier.example').send(aComment({ site: site.id })).expect(201);
    expect(posted.headers['access-control-allow-origin']).toBe('https://courier.example');
    expect(posted.body.comment.status).toBe('approved');
    expect((await admin.get('/api/admin/sites').expect(200)).body.sites.map((s: { id: string }) => s.id)).toContain(site.id);
  });

  it('names every bad field at once, unknown ones included', async () => {
    const res = await admin.post('/api/admin/sites', { name: ' ', allowedOrigins: ['ftp://x.example/path'], mode: 'open', depthLimit: 0, color: 'red' }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['allowedOrigins', 'color', 'depthLimit', 'mode', 'name']);
    const empty = await admin.post('/api/admin/sites', {}).expect(400);
    expect(Object.keys(empty.body.error.fields).sort()).toEqual(['allowedOrigins', 'name']);
    const notObject = await admin.post('/api/admin/sites', ['x']).expect(400);
    expect(notObject.body.error.code).toBe('validation_failed');
  });

  it('a site can be created with a webhook, whose secret comes with it', async () => {
    const res = await admin.post('/api/admin/sites', { name: 'Hooked', allowedOrigins: ['https://hooked.example'], webhookUrl: 'https://hooks.example/parley' }).expect(201);
    expect(res.body.site.webhookUrl).toBe('https://hooks.example/parley');
    expect(res.body.webhookSecret).toEqual(expect.any(String));
  });
});

describe('changes to sites', () => {
  it('are audited with the admin who made them: site_create, site_update', async () => {
    const { body } = await admin.post('/api/admin/sites', { name: 'Audited', allowedOrigins: ['https://audited.example'] }).expect(201);
    await admin.patch(`/api/admin/sites/${body.site.id}`, { name: 'Audited Daily' }).expect(200);
    const entries = await t.db.auditEntry.findMany({ where: { siteId: body.site.id }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.action, e.moderatorId])).toEqual([
      ['site_create', adminId],
      ['site_update', adminId],
    ]);
  });

  it('an origin added through PATCH is accepted at once on this instance', async () => {
    const site = await buildSite(t.db, { allowedOrigins: ['https://old.example'] });
    // Refused a moment ago, and the site remembered for a second: the change makes this instance forget.
    // (Every origin's preflight is answered: the request itself is what a site's origins decide.)
    await t.api.post('/api/comments').set('Origin', 'https://new.example').send(aComment({ site: site.id })).expect(403);
    await admin.patch(`/api/admin/sites/${site.id}`, { allowedOrigins: ['https://old.example', 'https://new.example'] }).expect(200);
    const posted = await t.api.post('/api/comments').set('Origin', 'https://new.example').send(aComment({ site: site.id })).expect(201);
    expect(posted.headers['access-control-allow-origin']).toBe('https://new.example');
  });
});
