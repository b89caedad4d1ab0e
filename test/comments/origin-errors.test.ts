// A page on an origin its site does not allow, or naming a site that does
// not exist, learns why in words its owner can act on (issue 16): the
// readers' API answers its preflight and lets it read the error, while the
// request itself is still refused and does nothing. The server logs each
// refused origin, once a minute per site and origin. Through a real server,
// from a real page in Chromium on another origin.
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { hasBrowser, hostPage, launch } from '../browser/browser.js';
import { aComment, buildSite } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';

const ALLOWED = 'https://news.example';
const lines: Array<Record<string, unknown>> = [];
const out = new Writable({
  write(chunk, _enc, done) {
    for (const line of chunk.toString().trim().split('\n')) lines.push(JSON.parse(line));
    done();
  },
});
const refusals = () => lines.filter((l) => l.level === 40 && l.msg === 'refused a request from a page on an origin the site does not allow');

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
beforeAll(async () => {
  s = await startTestServer({ log: createLogger('warn', out) });
  site = (await buildSite(s.db, { mode: 'post', allowedOrigins: [ALLOWED] })).id;
});
afterAll(() => s.close());

const notAllowed = (origin: string, id = site) =>
  `This page's address, ${origin}, is not allowed for site "${id}". Add it with: npm run cli -- site:update ${id} --add-origin ${origin} (or on the dashboard's Sites page).`;

describe('a request from an origin the site does not allow', () => {
  const foreign = 'https://new-domain.example';

  it('has its preflight answered, and is then refused with a 403 the page can read, naming its origin and the command that adds it', async () => {
    const preflight = await s.api
      .options('/api/comments')
      .set('Origin', foreign)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type, x-parley-author')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(foreign);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

    const res = await s.api.post('/api/comments').set('Origin', foreign).send(aComment({ site, thread: 'refused', body: 'Never stored' })).expect(403);
    expect(res.headers['access-control-allow-origin']).toBe(foreign);
    expect(res.body).toEqual({ error: { code: 'origin_not_allowed', message: notAllowed(foreign) } });
    expect(await s.db.comment.count({ where: { body: 'Never stored' } })).toBe(0);
    expect(await s.db.thread.count({ where: { siteId: site, key: 'refused' } })).toBe(0);
  });

  it('is refused the same way, and readably, on every readers’ route, with no data in the answer', async () => {
    for (const req of [
      s.api.get('/api/comments').query({ site, thread: 'a' }),
      s.api.get('/api/counts').query({ site, thread: 'a' }),
      s.api.get('/api/form-token').query({ site }),
      s.api.post('/api/preview').send({ site, body: 'Hi' }),
    ]) {
      const res = await req.set('Origin', foreign).expect(403);
      expect(res.headers['access-control-allow-origin']).toBe(foreign);
      expect(res.body).toEqual({ error: { code: 'origin_not_allowed', message: notAllowed(foreign) } });
    }
  });

  it('says a site id is unknown, and where to look, to any page', async () => {
    const res = await s.api.get('/api/comments').query({ site: 'typo-site', thread: 'a' }).set('Origin', foreign).expect(404);
    expect(res.headers['access-control-allow-origin']).toBe(foreign);
    expect(res.body).toEqual({
      error: { code: 'site_not_found', message: 'No site has the id "typo-site": check data-site in the embed snippet (npm run cli -- site:list lists them).' },
    });
  });

  it('is logged at warn with the site and the origin, once a minute however often it comes', async () => {
    const origin = 'https://staging.example';
    const before = refusals().length;
    for (let i = 0; i < 5; i++) await s.api.get('/api/comments').query({ site, thread: 'a' }).set('Origin', origin).expect(403);
    await s.api.get('/api/counts').query({ site, thread: 'a' }).set('Origin', origin).expect(403);
    const logged = refusals().slice(before);
    expect(logged).toEqual([expect.objectContaining({ site, origin })]);
    // Another origin is news of its own.
    await s.api.get('/api/comments').query({ site, thread: 'a' }).set('Origin', 'http://news.example').expect(403);
    expect(refusals().slice(before).map((l) => l.origin)).toEqual([origin, 'http://news.example']);
  });

  it('leaves an allowed origin as it was: it reads its answers, nothing is logged', async () => {
    const before = refusals().length;
    const res = await s.api.get('/api/comments').query({ site, thread: 'a' }).set('Origin', ALLOWED).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(refusals().length).toBe(before);
  });
});

describe.runIf(hasBrowser)('in a browser, a page on an origin the site does not allow', () => {
  let browser: Browser;
  let host: Awaited<ReturnType<typeof hostPage>>;
  beforeAll(async () => {
    browser = await launch();
    host = await hostPage(() => '<!doctype html><title>A page</title><p>Nothing yet.</p>');
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('reads the 403 of its POST (after a real preflight) and of its GET, and the 404 of an unknown site', async () => {
    const page = await browser.newPage();
    await page.goto(host.origin);
    const answers = await page.evaluate(
      async ({ api, site }) => {
        const read = async (res: Response) => ({ status: res.status, body: await res.json() });
        const post = await fetch(`${api}/api/comments`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Parley-Author': 'none' },
          body: JSON.stringify({ site, thread: 'browser', name: 'Ada', email: 'ada@example.com', body: 'From the wrong origin' }),
        });
        const get = await fetch(`${api}/api/comments?site=${site}&thread=browser`);
        const unknown = await fetch(`${api}/api/form-token?site=no-such-site`);
        return [await read(post), await read(get), await read(unknown)];
      },
      { api: s.origin, site },
    );
    expect(answers).toEqual([
      { status: 403, body: { error: { code: 'origin_not_allowed', message: notAllowed(host.origin) } } },
      { status: 403, body: { error: { code: 'origin_not_allowed', message: notAllowed(host.origin) } } },
      { status: 404, body: { error: { code: 'site_not_found', message: expect.stringContaining('No site has the id "no-such-site"') } } },
    ]);
    expect(await s.db.comment.count({ where: { body: 'From the wrong origin' } })).toBe(0);
    await page.close();
  });
});
