// GET /threads/:site/:key (DESIGN.md §11): a thread's approved comments as a
// small HTML page with no script, for readers without JavaScript and for
// crawlers. Read as a browser would: parsed, its headers checked.
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launch } from '../browser/browser.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startTestServer } from '../helpers/server.js';
import { aComment, buildSite, setStatus } from '../helpers/factories.js';
import { elements, XSS_PAYLOADS } from '../xss/corpus.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const pageOf = (site: string, key: string, query = '') => t.api.get(`/threads/${site}/${encodeURIComponent(key)}${query}`);
const text = (el: Element): string => el.children.map((c) => (c.type === 'text' ? c.data : 'children' in c ? text(c as Element) : '')).join('');
const parse = (html: string) => {
  const all = elements(html);
  return { all, find: (name: string, cls?: string) => all.filter((e) => e.name === name && (!cls || (e.attribs.class ?? '').split(' ').includes(cls))) };
};

async function post(site: string, fields: Record<string, unknown>) {
  const res = await t.api.post('/api/comments').send(aComment({ site, ...fields })).expect(201);
  return res.body.comment.id as string;
}
async function approved(site: string, fields: Record<string, unknown>) {
  const id = await post(site, fields);
  await setStatus(t.db, id, 'approved');
  return id;
}

describe('the thread page', () => {
  it('shows the approved comments threaded, with author, website, date, body and the moderator badge; never a pending one', async () => {
    const site = (await buildSite(t.db, { mode: 'pre' })).id;
    const key = '/2026/11/article/';
    const first = await approved(site, { thread: key, threadTitle: 'An article', threadUrl: 'http://localhost:3000/2026/11/article/', name: 'Ada', website: 'https://ada.example/', body: 'First *point*' });
    const reply = await approved(site, { thread: key, parentId: first, name: 'Grace', body: 'A reply' });
    await t.db.comment.update({ where: { id: reply }, data: { badge: 'moderator' } });
    await post(site, { thread: key, name: 'Waiting', body: 'Still pending' });

    const res = await pageOf(site, key).expect(200).expect('Content-Type', /^text\/html; charset=utf-8/);
    const page = parse(res.text);
    expect(res.text).not.toContain('Still pending');
    expect(res.text).not.toContain('Waiting');

    const h1 = page.find('h1')[0]!;
    expect(text(h1)).toBe('An article');
    expect(page.find('a').find((a) => text(a) === 'An article')?.attribs.href).toBe('http://localhost:3000/2026/11/article/');
    expect(page.find('link').map((l) => l.attribs)).toEqual([{ rel: 'canonical', href: 'http://localhost:3000/2026/11/article/' }]);

    const items = page.find('li', 'comment');
    expect(items.map((li) => li.attribs.id)).toEqual([`comment-${first}`, `comment-${reply}`]);
    // The reply is inside its parent's item, in a list of its own.
    const inside = (el: Element): Element[] => el.children.filter((c): c is Element => c.type === 'tag').flatMap((c) => [c, ...inside(c)]);
    expect(inside(items[0]!).filter((e) => e.name === 'ol' || e.name === 'li').map((e) => e.attribs.class)).toEqual(['comments', 'comment']);
    expect(inside(items[0]!).some((e) => e.attribs.id === `comment-${reply}`)).toBe(true);
    const author = page.find('a', 'author')[0]!;
    expect({ name: text(author), href: author.attribs.href, rel: author.attribs.rel }).toEqual({ name: 'Ada', href: 'https://ada.example/', rel: 'nofollow ugc noopener' });
    const times = page.find('time');
    expect(times).toHaveLength(2);
    expect(new Date(times[0]!.attribs.datetime!).toISOString()).toBe(times[0]!.attribs.datetime);
    expect(res.text).toContain('<div class="body"><p>First <em>point</em></p></div>');
    expect(page.find('span', 'badge').map(text)).toEqual(['Moderator']);
    expect(inside(items[1]!).some((e) => e.attribs.class === 'badge')).toBe(true);
  });

  it('holds no script at all, and is sent with a strict Content-Security-Policy', async () => {
    const site = (await buildSite(t.db, { mode: 'post' })).id;
    await approved(site, { thread: 'csp', body: 'Hello' });
    const res = await pageOf(site, 'csp').expect(200);
    expect(parse(res.text).find('script')).toEqual([]);
    const csp = Object.fromEntries(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp).toEqual({
      'default-src': ["'none'"],
      'style-src': [expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)],
      'img-src': ['data:'],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    // The one stylesheet is the one the hash allows.
    const { createHash } = await import('node:crypto');
    const style = text(parse(res.text).find('style')[0]!);
    expect(csp['style-src'][0]).toBe(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('shows the XSS corpus, as bodies, names and websites, inert: no script, no handler, no foreign element, links only http(s) or its own', async () => {
    const site = (await buildSite(t.db, { mode: 'post' })).id;
    for (let i = 0; i < XSS_PAYLOADS.length; i += 12)
      await Promise.all(
        XSS_PAYLOADS.slice(i, i + 12).flatMap((payload) =>
          (['body', 'name', 'website'] as const).map((field) => t.api.post('/api/comments').send(aComment({ site, thread: 'xss', [field]: payload }))),
        ),
      );
    const published = await t.db.comment.count({ where: { thread: { siteId: site }, status: 'approved' } });
    expect(published).toBeGreaterThan(1.5 * XSS_PAYLOADS.length);

    let query = '';
    let shown = 0;
    for (let pages = 0; pages < 50; pages++) {
      const res = await pageOf(site, 'xss', query).expect(200);
      const page = parse(res.text);
      shown += page.find('li', 'comment').length;
      const problems: string[] = [];
      for (const el of page.all) {
        if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'form', 'base', 'template', 'input', 'button', 'frame', 'video', 'audio'].includes(el.name)) problems.push(`<${el.name}>`);
        for (const [name, value] of Object.entries(el.attribs)) {
          if (/^on/i.test(name) || name === 'style' || name === 'src' || name === 'srcdoc' || name === 'action' || name === 'formaction') problems.push(`${name}= on <${el.name}>`);
          if (name === 'href' && !/^(https?:|mailto:|\?|#)/i.test(value)) problems.push(`href="${value}"`);
        }
      }
      expect(page.find('style')).toHaveLength(1);
      expect(problems).toEqual([]);
      const next = page.find('a').find((a) => a.attribs.rel === 'next');
      if (!next) break;
      query = next.attribs.href!;
    }
    expect(shown).toBe(published);
  });

  it('pages through a big thread with plain links, every comment once, a reply with its parent', async () => {
    const site = (await buildSite(t.db, { mode: 'post' })).id;
    const ids: string[] = [];
    for (let i = 0; i < 53; i++) ids.push(await approved(site, { thread: 'big', body: `Comment ${i}` }));
    const replyToLast = await approved(site, { thread: 'big', parentId: ids[52], body: 'A late reply' });

    const first = parse((await pageOf(site, 'big').expect(200)).text);
    expect(first.find('li', 'comment')).toHaveLength(50);
    expect(first.find('a').some((a) => text(a) === 'First comments')).toBe(false);
    const next = first.find('a').find((a) => a.attribs.rel === 'next')!;
    expect(text(next)).toBe('More comments');
    expect(next.attribs.href).toMatch(/^\?cursor=/);

    const second = parse((await pageOf(site, 'big', next.attribs.href).expect(200)).text);
    expect(second.find('li', 'comment').map((li) => li.attribs.id)).toEqual([...ids.slice(50), replyToLast].map((id) => `comment-${id}`));
    expect(second.find('a').find((a) => a.attribs.rel === 'next')).toBeUndefined();
    expect(second.find('a').find((a) => text(a) === 'First comments')?.attribs.href).toBe('?');
  });

  it('takes a key with slashes, percent-encoded in one segment', async () => {
    const site = (await buildSite(t.db, { mode: 'post' })).id;
    await approved(site, { thread: '/2026/11/slashes/', threadTitle: 'Slashes', body: 'Found me' });
    const res = await t.api.get(`/threads/${site}/%2F2026%2F11%2Fslashes%2F`).expect(200);
    expect(res.text).toContain('Found me');
    expect(res.text).toContain('<title>Comments: Slashes</title>');
  });

  it('says there are no comments yet on a thread nobody has commented on', async () => {
    const site = (await buildSite(t.db)).id;
    const res = await pageOf(site, 'nothing-here').expect(200);
    expect(res.text).toContain('No comments yet.');
    expect(parse(res.text).find('link')).toEqual([]);
  });

  it('shows no title or link a reader typed until a comment of the thread is published, and asks crawlers not to index it', async () => {
    const site = (await buildSite(t.db, { mode: 'pre' })).id;
    // Anyone can start a thread with any key, title and URL: the first comment's form sets them, and this one waits.
    await post(site, { thread: 'made-up', threadTitle: 'Cheap pills: call now', threadUrl: 'http://localhost:3000/pills-at-half-price', body: 'Waiting' });
    const waiting = await pageOf(site, 'made-up').expect(200);
    expect(waiting.text).not.toMatch(/Cheap pills|half-price/);
    const robots = (html: string) => parse(html).find('meta').filter((m) => m.attribs.name === 'robots').map((m) => m.attribs.content);
    expect(robots(waiting.text)).toEqual(['noindex']);
    expect(text(parse(waiting.text).find('h1')[0]!)).toBe('Comments');

    await setStatus(t.db, (await t.db.comment.findFirstOrThrow({ where: { body: 'Waiting', thread: { siteId: site } } })).id, 'approved');
    const published = await pageOf(site, 'made-up').expect(200);
    expect(text(parse(published.text).find('h1')[0]!)).toBe('Cheap pills: call now'); // a moderator approved it: the title is theirs to correct
    expect(robots(published.text)).toEqual([]);
  });

  it('answers an unknown site with a 404 page, and a bad link with a 400 page, both under the same policy', async () => {
    const missing = await t.api.get('/threads/nosuchsite/a').expect(404).expect('Content-Type', /^text\/html/);
    expect(missing.text).toContain('No such site');
    expect(missing.headers['content-security-policy']).toContain("default-src 'none'");
    const site = (await buildSite(t.db)).id;
    const bad = await pageOf(site, 'a', '?cursor=forged').expect(400).expect('Content-Type', /^text\/html/);
    expect(bad.text).toContain('This link is not right');
    await pageOf(site, 'k'.repeat(513)).expect(400);
  });

  it('may be cached anywhere but is revalidated on every use, by a version that changes when a comment is published', async () => {
    const site = (await buildSite(t.db, { mode: 'pre' })).id;
    await approved(site, { thread: 'cached', body: 'One' });
    const res = await pageOf(site, 'cached').expect(200);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^W\/"page\./);
    await pageOf(site, 'cached').set('If-None-Match', etag).expect(304);
    // A pending comment changes nothing a reader sees.
    const later = await post(site, { thread: 'cached', body: 'Two' });
    await pageOf(site, 'cached').set('If-None-Match', etag).expect(304);
    await setStatus(t.db, later, 'approved');
    const changed = await pageOf(site, 'cached').set('If-None-Match', etag).expect(200);
    expect(changed.text).toContain('Two');
    // An ETag of the API is not the page's.
    const api = await t.api.get('/api/comments').query({ site, thread: 'cached' });
    await pageOf(site, 'cached').set('If-None-Match', String(api.headers.etag)).expect(200);
  });
});

describe.runIf(hasBrowser)('the thread page in Chromium', () => {
  let browser: Browser;
  let s: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    [browser, s] = await Promise.all([launch(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('is styled under its own policy (nothing blocked), light or dark, and fits 360 px without scrolling sideways', async () => {
    const site = (await buildSite(s.db, { mode: 'post' })).id;
    const long = `https://news.example/${'a-very-long-path-segment-'.repeat(12)}`;
    const top = (await s.api.post('/api/comments').send(aComment({ site, thread: 'narrow', body: `A long link: ${long}\n\n\`\`\`\n${'code '.repeat(60)}\n\`\`\`` })).expect(201)).body.comment.id;
    let parent = top;
    for (let depth = 2; depth <= 3; depth++)
      parent = (await s.api.post('/api/comments').send(aComment({ site, thread: 'narrow', parentId: parent, name: 'N'.repeat(100), body: 'W'.repeat(300) })).expect(201)).body.comment.id;

    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 360, height: 640 }, colorScheme });
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${s.origin}/threads/${site}/narrow`);
      expect(await page.locator('li.comment').count()).toBe(3);
      expect(violations).toEqual([]);
      const look = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        background: getComputedStyle(document.body).backgroundColor,
        listStyle: getComputedStyle(document.querySelector('ol.comments')!).listStyleType,
      }));
      expect(look.scrollWidth).toBeLessThanOrEqual(360);
      expect(look.listStyle).toBe('none');
      expect(look.background).toBe(colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(22, 22, 26)');
      await page.close();
    }
  });
});
