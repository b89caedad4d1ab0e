// POST /api/preview (DESIGN.md §11): the body as it would be published, with
// the limits, CORS and origin checks of POST /api/comments, and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { siteIn, SITE_ORIGIN } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const preview = (fields: Record<string, unknown>, origin?: string) => {
  const req = t.api.post('/api/preview');
  return (origin ? req.set('Origin', origin) : req).send(fields);
};

describe('POST /api/preview', () => {
  it('answers the HTML a comment with this body would be published with, and stores nothing', async () => {
    const site = await siteIn(t);
    const before = await t.db.comment.count();
    const res = await preview({ site: site.id, body: 'Hello *there*\nsee https://example.com' }, SITE_ORIGIN).expect(200);
    expect(res.body).toEqual({
      bodyHtml: '<p>Hello <em>there</em><br />see <a href="https://example.com" rel="nofollow ugc noopener">https://example.com</a></p>',
    });
    expect(res.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await t.db.comment.count()).toBe(before);
    expect(await t.db.thread.count({ where: { siteId: site.id } })).toBe(0);
  });

  it('renders what is posted the same way: the preview is what gets published', async () => {
    const site = await siteIn(t);
    const body = '> quoted\n\n- one\n- two\n\n`code` and <script>alert(1)</script>';
    const shown = (await preview({ site: site.id, body }).expect(200)).body.bodyHtml;
    const posted = await t.api.post('/api/comments').send({ site: site.id, thread: 'a', name: 'Ada', email: 'ada@example.com', body }).expect(201);
    expect(posted.body.comment.bodyHtml).toBe(shown);
    expect(shown).not.toContain('<script');
  });

  it('refuses an empty or too long body as POST /api/comments does, naming the field', async () => {
    const site = await siteIn(t);
    for (const body of ['', '   ', 'x'.repeat(10_001)]) {
      const res = await preview({ site: site.id, body }).expect(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', fields: { body: expect.any(String) } });
    }
    const missing = await preview({}).expect(400);
    expect(Object.keys(missing.body.error.fields).sort()).toEqual(['body', 'site']);
  });

  it('answers an unknown site 404 site_not_found', async () => {
    const res = await preview({ site: 'nosuchsite', body: 'Hi' }).expect(404);
    expect(res.body.error.code).toBe('site_not_found');
  });

  it('refuses a page on an origin the site does not allow, 403 origin_not_allowed', async () => {
    const site = await siteIn(t);
    const res = await preview({ site: site.id, body: 'Hi' }, 'https://elsewhere.example').expect(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
  });

  it('answers the preflight of an allowed origin', async () => {
    await siteIn(t);
    const res = await t.api
      .options('/api/preview')
      .set('Origin', SITE_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
  });

  it('takes only JSON, and at most 64 KiB of it', async () => {
    const site = await siteIn(t);
    await t.api.post('/api/preview').set('Content-Type', 'text/plain').send('body=hi').expect(415);
    await t.api.post('/api/preview').set('Content-Type', 'application/json').send('{"site":').expect(400);
    const res = await preview({ site: site.id, body: 'Hi', padding: 'x'.repeat(70_000) }).expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});

describe('POST /api/preview, counted per address', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ env: { TRUST_PROXY: 'loopback', POSTS_PER_MINUTE_PER_ADDRESS: '2' } });
  });
  afterAll(() => limited.close());

  it('answers previews past the posting budget 429 with Retry-After, and leaves the comments’ budget alone', async () => {
    // Windows end on the minute: begin with enough of it left that the hits fall in one.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
    const site = await siteIn(limited, { mode: 'post' });
    const from = (path: string, fields: Record<string, unknown>) => limited.api.post(path).set('X-Forwarded-For', '198.51.100.7').send(fields);
    for (let i = 0; i < 2; i++) await from('/api/preview', { site: site.id, body: 'Draft' }).expect(200);
    const res = await from('/api/preview', { site: site.id, body: 'Draft' }).expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await from('/api/comments', { site: site.id, thread: 'a', name: 'Ada', email: 'ada@example.com', body: 'Posted after previewing' }).expect(201);
  });
});
