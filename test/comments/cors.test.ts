import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment } from '../helpers/factories.js';
import { siteIn, SITE_ORIGIN } from './helpers.js';

let t: TestApp;
let siteId: string;
beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://comments.example' } });
  siteId = (await siteIn(t)).id;
});
afterAll(() => t.close());

describe('CORS of the readers’ API', () => {
  it('answers a preflight from an origin some site allows', async () => {
    const res = await t.api.options('/api/comments').set('Origin', SITE_ORIGIN).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type, x-parley-author').expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, PATCH, DELETE');
    expect(res.headers['access-control-allow-headers']).toBe('Content-Type, X-Parley-Author');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('answers a preflight from an origin no site allows, so that its page can read the refusal (test/comments/origin-errors.test.ts)', async () => {
    const res = await t.api.options('/api/comments').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST').expect(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://evil.example');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('lets an origin no site allows read no successful answer: none can happen, and none would carry the header', async () => {
    const res = await t.api.get('/api/comments').query({ site: siteId, thread: 'x' }).set('Origin', 'https://evil.example').expect(403);
    expect(res.body).toEqual({ error: { code: 'origin_not_allowed', message: expect.any(String) } });
    // The API document is no reader route: it is open to all (ACAO *), as before.
    const doc = await t.api.get('/api/openapi.json').set('Origin', 'https://evil.example').expect(200);
    expect(doc.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers a request that is no preflight (no Origin) to OPTIONS with 403', async () => {
    await t.api.options('/api/comments').expect(403);
  });

  it('allows the server’s own origin for every site (the demo page)', async () => {
    const res = await t.api.get('/api/comments').query({ site: siteId, thread: 'x' }).set('Origin', 'https://comments.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://comments.example');
    await t.api.post('/api/comments').set('Origin', 'https://comments.example').send(aComment({ site: siteId })).expect(201);
  });

  it('refuses a request from an origin allowed by another site, not by this one (403 origin_not_allowed)', async () => {
    await siteIn(t, { allowedOrigins: ['https://other-paper.example'] });
    const post = await t.api.post('/api/comments').set('Origin', 'https://other-paper.example').send(aComment({ site: siteId })).expect(403);
    expect(post.body.error.code).toBe('origin_not_allowed');
    // The widget on that page can still read why.
    expect(post.headers['access-control-allow-origin']).toBe('https://other-paper.example');
    await t.api.get('/api/comments').query({ site: siteId, thread: 'x' }).set('Origin', 'https://other-paper.example').expect(403);
    await t.api.get('/api/counts').query({ site: siteId, thread: 'x' }).set('Origin', 'https://other-paper.example').expect(403);
  });

  it('accepts a POST with no Origin at all (server-side clients, importers)', async () => {
    await t.api.post('/api/comments').send(aComment({ site: siteId })).expect(201);
  });

  it('lets the allowed origin read error bodies and Retry-After', async () => {
    const res = await t.api.post('/api/comments').set('Origin', SITE_ORIGIN).send(aComment({ site: siteId, name: '' })).expect(400);
    expect(res.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    expect(res.headers['access-control-expose-headers']).toContain('Retry-After');
  });
});
