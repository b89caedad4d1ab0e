// Site settings through the admin API (DESIGN.md §6): admins only, every
// field validated and every bad one named at once, nothing changed by a
// refused request, and a change obeyed at once by the instance that made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { createSite } from '../../src/sites/service.js';
import { as, moderationApp, ORIGIN, signIn } from '../helpers/moderation.js';
import type { TestApp } from '../helpers/app.js';

let t: TestApp;
let adminCookie: string;
let moderatorCookie: string;

beforeAll(async () => {
  t = await moderationApp();
  adminCookie = await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email);
  const assigned = await buildSite(t.db);
  moderatorCookie = await signIn(t, (await buildModerator(t.db, { role: 'moderator', siteIds: [assigned.id] })).email);
});
afterAll(() => t.close());

const admin = () => as(t, adminCookie);
const settingsOf = async (id: string) => (await admin().get(`/api/admin/sites/${id}`).expect(200)).body.site;

describe('who may read and change site settings', () => {
  it('asks for a session: 401 unauthenticated without one', async () => {
    const { id } = await buildSite(t.db);
    expect((await as(t).get(`/api/admin/sites/${id}`).expect(401)).body.error.code).toBe('unauthenticated');
    expect((await as(t).patch(`/api/admin/sites/${id}`, { name: 'Taken' }).expect(401)).body.error.code).toBe('unauthenticated');
  });

  it('refuses a moderator, even on a site they work: 403 forbidden, nothing changed', async () => {
    const site = await buildSite(t.db);
    const moderator = await buildModerator(t.db, { role: 'moderator', siteIds: [site.id] });
    const cookie = await signIn(t, moderator.email);
    expect((await as(t, cookie).get(`/api/admin/sites/${site.id}`).expect(403)).body.error.code).toBe('forbidden');
    expect((await as(t, cookie).patch(`/api/admin/sites/${site.id}`, { mode: 'post' }).expect(403)).body.error.code).toBe('forbidden');
    expect((await as(t, moderatorCookie).get(`/api/admin/sites/${site.id}`).expect(403)).body.error.code).toBe('forbidden');
    expect((await settingsOf(site.id)).mode).toBe('pre');
  });

  it('refuses a PATCH from another origin (CSRF): 403 origin_not_allowed', async () => {
    const { id } = await buildSite(t.db);
    const res = await t.api.patch(`/api/admin/sites/${id}`).set('Origin', 'https://evil.example').set('Cookie', adminCookie).send({ mode: 'post' }).expect(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect((await settingsOf(id)).mode).toBe('pre');
  });

  it('answers 404 site_not_found for an unknown site', async () => {
    expect((await admin().get('/api/admin/sites/nosuchsite').expect(404)).body.error.code).toBe('site_not_found');
    expect((await admin().get('/api/admin/sites/Not-An-Id').expect(404)).body.error.code).toBe('site_not_found');
    expect((await admin().patch('/api/admin/sites/nosuchsite', { mode: 'post' }).expect(404)).body.error.code).toBe('site_not_found');
  });
});

describe('reading a site', () => {
  it('shows every setting, with the documented defaults, never cached', async () => {
    // Created as the CLI creates it: the test factory turns the flood limit off.
    const site = await createSite({ db: t.db }, { name: 'Daily', allowedOrigins: ['https://daily.example'] });
    const res = await admin().get(`/api/admin/sites/${site.id}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      site: {
        id: site.id,
        name: 'Daily',
        allowedOrigins: ['https://daily.example'],
        mode: 'pre',
        maxLinks: 2,
        moderationWords: [],
        disallowedWords: [],
        depthLimit: 3,
        floodSeconds: 15,
        closeAfterDays: null,
        webhookUrl: null,
      },
      webhookSecret: null,
    });
  });
});

describe('changing a site', () => {
  it('takes any subset and answers like GET, normalised', async () => {
    const { id } = await buildSite(t.db);
    const res = await admin()
      .patch(`/api/admin/sites/${id}`, {
        name: '  Renamed ',
        allowedOrigins: ['https://A.example/', 'https://a.example', 'http://localhost:8080'],
        mode: 'post',
        maxLinks: 0,
        moderationWords: [' Viagra ', 'casino', 'CASINO', 'buy now'],
        disallowedWords: ['spam'],
        depthLimit: 5,
        floodSeconds: 0,
        closeAfterDays: 30,
        webhookUrl: 'https://hooks.example/parley',
      })
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const expected = {
      id,
      name: 'Renamed',
      allowedOrigins: ['https://a.example', 'http://localhost:8080'],
      mode: 'post',
      maxLinks: 0,
      moderationWords: ['Viagra', 'casino', 'buy now'],
      disallowedWords: ['spam'],
      depthLimit: 5,
      floodSeconds: 0,
      closeAfterDays: 30,
      webhookUrl: 'https://hooks.example/parley',
    };
    // Beside the settings, the secret that signs the site's webhook calls (README: Webhooks), for admins only.
    expect(res.body).toEqual({ site: expected, webhookSecret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/) });
    expect(await settingsOf(id)).toEqual(expected);

    // Only what is sent changes; null clears closeAfterDays (never) and webhookUrl (none).
    expect((await admin().patch(`/api/admin/sites/${id}`, { closeAfterDays: null, webhookUrl: null }).expect(200)).body.site).toEqual({ ...expected, closeAfterDays: null, webhookUrl: null });
    // An empty change changes nothing; a GET sent back (id included) is accepted.
    expect((await admin().patch(`/api/admin/sites/${id}`, {}).expect(200)).body.site.name).toBe('Renamed');
    const current = await settingsOf(id);
    expect((await admin().patch(`/api/admin/sites/${id}`, current).expect(200)).body.site).toEqual(current);
  });

  it('audits every change with the admin who made it; a refused or empty change leaves no entry', async () => {
    const { id } = await buildSite(t.db);
    const audit = () => t.db.auditEntry.findMany({ where: { siteId: id }, select: { action: true, moderatorId: true, moderator: { select: { role: true } } } });
    await admin().patch(`/api/admin/sites/${id}`, { maxLinks: 101 }).expect(400);
    await admin().patch(`/api/admin/sites/${id}`, {}).expect(200);
    expect(await audit()).toEqual([]);
    await admin().patch(`/api/admin/sites/${id}`, { mode: 'trusted' }).expect(200);
    expect(await audit()).toEqual([{ action: 'site_update', moderatorId: expect.any(String), moderator: { role: 'admin' } }]);
  });

  it('names every bad field at once, unknown keys included, and changes nothing', async () => {
    const { id } = await buildSite(t.db);
    const before = await settingsOf(id);
    const res = await admin().patch(`/api/admin/sites/${id}`, { name: 'Fine', maxLinks: 101, mode: 'open', colour: 'red', allowed_origins: [] }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['allowed_origins', 'colour', 'maxLinks', 'mode']);
    expect(res.body.error.fields.maxLinks).toBe('Max links must be a whole number from 0 (off) to 100.');
    expect(res.body.error.fields.colour).toBe('This is not a site setting.');
    expect(await settingsOf(id)).toEqual(before);
  });

  it('holds every setting to its bounds', async () => {
    const { id } = await buildSite(t.db);
    const before = await settingsOf(id);
    const bad = {
      id: 'otherid',
      name: '',
      allowedOrigins: [],
      mode: 'PRE',
      maxLinks: 2.5,
      moderationWords: ['ok', 'x'.repeat(101)],
      disallowedWords: Array.from({ length: 201 }, (_, i) => `word${i}`),
      depthLimit: 0,
      floodSeconds: 3601,
      closeAfterDays: 0,
      webhookUrl: 'ftp://hooks.example/',
    };
    const { fields } = (await admin().patch(`/api/admin/sites/${id}`, bad).expect(400)).body.error;
    expect(Object.keys(fields).sort()).toEqual(Object.keys(bad).sort());
    expect(fields).toMatchObject({
      id: "A site's id cannot change.",
      name: 'Name is required.',
      allowedOrigins: 'At least one origin is required.',
      mode: 'Mode must be pre, post or trusted.',
      moderationWords: 'A moderation word must be at most 100 characters.',
      disallowedWords: 'Disallowed words: at most 200 words.',
      depthLimit: 'Depth limit must be a whole number from 1 to 10.',
      floodSeconds: 'Flood seconds must be a whole number from 0 (off) to 3600.',
      closeAfterDays: 'Close after days must be a whole number from 1 to 3650, or null for never.',
      webhookUrl: 'Webhook URL must be an http:// or https:// address.',
    });
    const more = (await admin().patch(`/api/admin/sites/${id}`, { allowedOrigins: ['https://a.example/path'], moderationWords: [' '], maxLinks: '3', closeAfterDays: 3651, webhookUrl: '' }).expect(400)).body.error.fields;
    expect(Object.keys(more).sort()).toEqual(['allowedOrigins', 'closeAfterDays', 'maxLinks', 'moderationWords', 'webhookUrl']);
    expect(await settingsOf(id)).toEqual(before);
  });

  it('refuses a body that is not an object', async () => {
    const { id } = await buildSite(t.db);
    const res = await t.api.patch(`/api/admin/sites/${id}`).set('Origin', ORIGIN).set('Cookie', adminCookie).set('Content-Type', 'application/json').send('[1]').expect(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('is obeyed at once by the instance that made it: origins and mode', async () => {
    const { id } = await buildSite(t.db, { allowedOrigins: ['https://old.example'] });
    const fromOld = () => t.api.post('/api/comments').set('Origin', 'https://old.example').send(aComment({ site: id, thread: 'now' }));
    expect((await fromOld()).status).toBe(201); // the site is now in this instance's cache
    await admin().patch(`/api/admin/sites/${id}`, { allowedOrigins: ['https://new.example'], mode: 'post', floodSeconds: 0 }).expect(200);
    const refused = await fromOld();
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('origin_not_allowed');
    const posted = await t.api.post('/api/comments').set('Origin', 'https://new.example').send(aComment({ site: id, thread: 'now' })).expect(201);
    expect(posted.body.comment.status).toBe('approved');
  });
});
