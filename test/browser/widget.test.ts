/// <reference lib="dom" />
// The widget in a real browser, embedded cross-origin as sites embed it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment } from '../../src/contracts.js';
import { aComment, buildModerator, buildSite, setStatus, TEST_PASSWORD } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { startTestServer } from '../helpers/server.js';
import { XSS_PAYLOADS } from '../xss/corpus.js';
import { embed, hasBrowser, hostPage, launch } from './browser.js';

const WIDGET_BUDGET = 10_240;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** What a sanitized body may hold (src/comments/render.ts). */
const BODY_TAGS = ['a', 'b', 'strong', 'i', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'p', 'br'];

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

describe.runIf(hasBrowser)('the widget', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof hostPage>>;
  let site: string;
  let thread = 'article';
  let extraHead = '';
  let cookie: string;

  beforeAll(async () => {
    s = await startTestServer();
    host = await hostPage(() => embed(s.origin, site, thread, extraHead));
    site = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Host' })).id;
    const m = await buildModerator(s.db);
    const login = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200);
    cookie = sessionCookie(login);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await s?.close();
  });

  const widget = (page: Page) => page.locator('#parley-comments');
  const field = (page: Page, name: string) => widget(page).getByRole('textbox', { name, exact: true });
  async function open(page: Page, key: string) {
    thread = key;
    await page.goto(`${host.origin}/`);
    await widget(page).getByRole('heading', { level: 2 }).waitFor();
  }
  const approved = async (overrides: Record<string, unknown> = {}) => {
    const id = (await s.api.post('/api/comments').send(aComment({ site, thread, ...overrides })).expect(201)).body.comment.id as string;
    await setStatus(s.db, id, 'approved');
    return id;
  };
  const approve = (id: string) => s.api.post(`/api/moderation/comments/${id}/status`).set('Origin', s.origin).set('Cookie', cookie).send({ status: 'approved' }).expect(200);
  /** Posts and approves a comment of `fields`; a field the API refuses (a 400 naming it) takes `fallback`'s value, undefined leaving it out. */
  async function approvedDespite(fields: Record<string, string>, fallback: Record<string, string | undefined>): Promise<PublicComment> {
    let res = await s.api.post('/api/comments').send(aComment({ site, thread, ...fields }));
    if (res.status === 400) {
      const refused = Object.keys((res.body as { error: { fields: Record<string, string> } }).error.fields);
      expect(refused.every((k) => k in fallback), JSON.stringify(res.body)).toBe(true);
      res = await s.api.post('/api/comments').send(aComment({ site, thread, ...fields, ...Object.fromEntries(refused.map((k) => [k, fallback[k]])) }));
    }
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await setStatus(s.db, res.body.comment.id, 'approved');
    return res.body.comment as PublicComment;
  }

  it('fits its budget: widget.js (its CSS inside) plus the largest language it may load before the first render, under 10 KB gzipped', async () => {
    const res = await fetch(`${s.origin}/widget.js`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const manifest = (await (await fetch(`${s.origin}/manifest.json`)).json()) as { languages: Record<string, [string, string]> };
    expect(Object.keys(manifest.languages).sort()).toEqual(['de', 'es', 'fr']);
    let largest = 0;
    for (const [first] of Object.values(manifest.languages)) {
      const lang = await fetch(`${s.origin}/${first}`);
      expect(lang.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      largest = Math.max(largest, gzipSync(Buffer.from(await lang.arrayBuffer()), { level: 9 }).length);
    }
    expect(gzipSync(bytes, { level: 9 }).length + largest).toBeLessThanOrEqual(WIDGET_BUDGET);
  });

  it('shows approved comments threaded, with counts, a reply form and "load more"', async () => {
    thread = 'threaded';
    const top = await approved({ name: 'First Reader', body: 'Top-level words' });
    await approved({ name: 'Second Reader', body: 'A reply', parentId: top });
    for (let i = 0; i < 50; i++) await approved({ body: `Filler ${i}` });
    const page = await browser.newPage();
    const tokenAsked: string[] = [];
    page.on('request', (r) => void (r.url().includes('/api/form-token') && tokenAsked.push(r.url())));
    await open(page, 'threaded');
    await expect.poll(() => widget(page).getByRole('heading', { level: 2 }).textContent()).toBe('52 comments');
    // The form is fifty comments down: no form token is asked for until it comes into view.
    await page.waitForTimeout(300);
    expect(tokenAsked).toEqual([]);
    await widget(page).getByRole('button', { name: 'Post Comment' }).scrollIntoViewIfNeeded();
    await expect.poll(() => tokenAsked.length).toBe(1);
    const first = widget(page).getByRole('article', { name: 'Comment by First Reader' });
    await expect.poll(() => first.isVisible()).toBe(true);
    // The reply sits inside the first comment's list item.
    expect(await widget(page).locator(`li[data-id="${top}"] li`).getByText('A reply').count()).toBe(1);
    expect(await page.locator(`[data-parley-count="threaded"]`).textContent()).toBe('52');
    // 50 top-level per page: the 51st comes with "Load more".
    await widget(page).getByRole('button', { name: 'Load more comments' }).click();
    await expect.poll(() => widget(page).getByText('Filler 49').isVisible()).toBe(true);
    await widget(page).getByRole('button', { name: 'Reply to First Reader' }).click();
    expect(await widget(page).getByRole('heading', { name: 'Reply to First Reader' }).isVisible()).toBe(true);
    await page.close();
  });

  it('reports empty required fields next to them, then posts: pending for its author only, live once approved', async () => {
    const author = await browser.newContext();
    const other = await browser.newContext();
    const page = await author.newPage();
    await open(page, 'posting');
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    for (const name of ['Comment', 'Name', 'Email']) expect(await field(page, name).getAttribute('aria-invalid')).toBe('true');
    expect(await widget(page).getByText('Name is required.').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.id)).toBe('pw-body');

    await field(page, 'Comment').fill('My first words here');
    await field(page, 'Name').fill('Ada');
    await field(page, 'Email').fill('ada@example.com');
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    await expect.poll(() => widget(page).locator('article').getByText('Your comment is awaiting moderation.').isVisible()).toBe(true);

    await page.reload();
    await expect.poll(() => widget(page).locator('article').getByText('Your comment is awaiting moderation.').isVisible()).toBe(true);
    const stranger = await other.newPage();
    await open(stranger, 'posting');
    await stranger.waitForTimeout(300);
    expect(await widget(stranger).getByText('My first words here').count()).toBe(0);

    const [row] = await s.db.comment.findMany({ where: { body: 'My first words here' } });
    // The live part connects after the first render: wait until both pages follow the thread.
    for (const p of [page, stranger]) await p.waitForFunction(() => document.querySelector('#parley-comments')?.shadowRoot?.querySelector('section[data-live="on"]'));
    await approve(row!.id);
    await expect.poll(() => widget(page).locator('article').getByText('Your comment is awaiting moderation.').count(), { timeout: 3_000 }).toBe(0);
    await widget(stranger).getByRole('button', { name: '1 new comment' }).click({ timeout: 3_000 });
    expect(await widget(stranger).getByText('My first words here').isVisible()).toBe(true);
    expect(await widget(stranger).getByRole('heading', { level: 2 }).textContent()).toBe('1 comment');
    expect(await widget(page).getByRole('heading', { level: 2 }).textContent()).toBe('1 comment');
    await author.close();
    await other.close();
  });

  it("shows an erased author as Anonymous at once, in place, the replies under it kept", async () => {
    const parent = await approved({ name: 'Forget Me', email: 'forget.me@example.com', website: 'https://forget.example', body: 'Words that stay' });
    await approved({ name: 'Replier', parentId: parent, body: 'A reply that stays' });
    const page = await browser.newPage();
    await open(page, thread);
    await page.waitForFunction(() => document.querySelector('#parley-comments')?.shadowRoot?.querySelector('section[data-live="on"]'));
    expect(await widget(page).getByText('Forget Me').count()).toBe(1);
    await s.api.post('/api/admin/privacy/erase').set('Origin', s.origin).set('Cookie', cookie).send({ email: 'FORGET.ME@example.com' }).expect(200);
    await expect.poll(() => widget(page).getByText('Forget Me').count(), { timeout: 3_000 }).toBe(0);
    const erased = widget(page).locator(`li[data-id="${parent}"]`);
    expect(await erased.locator(':scope > article').getAttribute('aria-label')).toBe('Comment by Anonymous');
    expect(await erased.locator(':scope > article a[href="https://forget.example"]').count()).toBe(0);
    expect(await erased.getByText('Words that stay').isVisible()).toBe(true);
    expect(await erased.locator(':scope > .replies').getByText('A reply that stays').isVisible()).toBe(true);
    await page.close();
  });

  it('keeps what the reader typed when the network fails', async () => {
    const page = await browser.newPage();
    await open(page, 'offline');
    await page.route('**/api/comments', (route) => (route.request().method() === 'POST' ? route.abort() : route.continue()));
    await field(page, 'Comment').fill('Words I would hate to lose');
    await field(page, 'Name').fill('Ada');
    await field(page, 'Email').fill('ada@example.com');
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    await expect.poll(() => widget(page).getByText(/Could not reach the comment server/).isVisible()).toBe(true);
    expect(await field(page, 'Comment').inputValue()).toBe('Words I would hate to lose');
    await page.close();
  });

  it('keeps a draft across a reload of the page', async () => {
    const page = await browser.newPage();
    await open(page, 'drafts');
    await field(page, 'Comment').fill('Half a thought');
    await field(page, 'Name').fill('Ada');
    await page.reload();
    await widget(page).getByRole('heading', { level: 2 }).waitFor();
    expect(await field(page, 'Comment').inputValue()).toBe('Half a thought');
    expect(await field(page, 'Name').inputValue()).toBe('Ada');
    await page.close();
  });

  it(`runs no script and adds no markup from comments: the XSS corpus (${XSS_PAYLOADS.length}) as body, name and website`, async () => {
    thread = 'xss';
    // Two plain comments show how the widget draws one, with a website and without.
    const posted = [
      await approvedDespite({ body: 'A plain comment', name: 'Plain Reader', website: 'https://reader.example/' }, {}),
      await approvedDespite({ body: 'Another plain comment', name: 'Plain Reader' }, {}),
    ];
    /** Counts of each element outside the comments, in the page and in the widget's shadow root, once it is live. */
    const chrome = async (page: Page) => {
      await page.waitForFunction(() => document.querySelector('#parley-comments')?.shadowRoot?.querySelector('section[data-live="on"]'));
      return page.evaluate(() => {
        const counts: Record<string, number> = {};
        const walk = (el: Element) => {
          if (el.matches('li[data-id]')) return;
          counts[el.localName] = (counts[el.localName] ?? 0) + 1;
          for (const c of el.children) walk(c);
        };
        walk(document.documentElement);
        for (const c of document.querySelector('#parley-comments')!.shadowRoot!.children) walk(c);
        return counts;
      });
    };
    const before = await browser.newPage();
    await open(before, 'xss');
    await expect.poll(() => widget(before).getByRole('article').count(), { timeout: 10_000 }).toBe(2);
    const plainChrome = await chrome(before);
    await before.close();
    // Each payload as a comment's body, name and website; a field the API refuses gets a plain value (a website: none).
    await inBatches([...XSS_PAYLOADS.entries()], 8, async ([i, p]) => {
      posted.push(await approvedDespite({ body: p, name: p, website: p }, { body: `Comment ${i}`, name: `Reader ${i}`, website: undefined }));
    });
    expect(posted.filter((c) => c.authorWebsite && XSS_PAYLOADS.includes(c.authorWebsite)).length).toBeGreaterThan(10);

    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(() => {
      for (const name of ['alert', 'confirm', 'prompt'] as const) (window as unknown as Record<string, unknown>)[name] = () => ((window as unknown as { __xss: number }).__xss = 1);
    });
    await open(page, 'xss');
    // 50 top-level comments a page: load them all.
    for (let shown = 0; (shown = await widget(page).getByRole('article').count()) < posted.length; ) {
      await widget(page).getByRole('button', { name: 'Load more comments' }).click();
      await expect.poll(() => widget(page).getByRole('article').count(), { timeout: 10_000 }).toBeGreaterThan(shown);
    }
    // Point at, press and focus everything in the bodies, as a reader might (links aside: they leave the page).
    await page.evaluate(() => {
      for (const el of document.querySelector('#parley-comments')!.shadowRoot!.querySelectorAll<HTMLElement>('.b *')) {
        for (const type of ['pointerover', 'mouseover', 'mouseenter', 'mousedown', 'mouseup', 'toggle', 'animationstart']) el.dispatchEvent(new Event(type, { bubbles: true }));
        el.focus();
        if (!el.closest('a')) el.click();
      }
    });
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

    const problems = await page.evaluate(
      ({ comments, allowed }) => {
        const root = document.querySelector('#parley-comments')!.shadowRoot!;
        const found: string[] = [];
        // No handler anywhere, and every link to http(s) or mailto.
        for (const el of [...document.querySelectorAll('*'), ...root.querySelectorAll('*')])
          for (const { name } of el.attributes) if (/^on/i.test(name)) found.push(`${name}= on <${el.localName}>`);
        for (const a of root.querySelectorAll('a[href]')) if (!/^(https?:|mailto:)/i.test(a.getAttribute('href')!)) found.push(`a link to ${a.getAttribute('href')}`);
        // In a body, only the sanitizer's allowlist.
        for (const el of root.querySelectorAll('.b *')) {
          if (!allowed.includes(el.localName)) found.push(`<${el.localName}> in a body`);
          for (const { name } of el.attributes) if (name !== 'href' && name !== 'rel') found.push(`${name}= on <${el.localName}> in a body`);
        }
        // Outside its body, each comment is drawn exactly as a plain one (its identicon aside), name and website as typed.
        const shape = (el: Element): string => (el.matches('.b, svg') ? el.localName : `${el.localName}(${[...el.children].map(shape).join(' ')})`);
        const article = (id: string) => root.querySelector(`li[data-id="${id}"] > article`);
        const plain = [article(comments[0]!.id), article(comments[1]!.id)].map((a) => shape(a!));
        for (const c of comments) {
          const el = article(c.id);
          if (!el) {
            found.push(`comment ${c.id} is not shown`);
            continue;
          }
          if (shape(el) !== plain[c.authorWebsite ? 0 : 1]) found.push(`comment by ${JSON.stringify(c.authorName)} is drawn as ${shape(el)}`);
          if (!el.querySelector('header')!.textContent!.includes(c.authorName)) found.push(`name ${JSON.stringify(c.authorName)} not shown as text`);
          const link = el.querySelector('header a.n[href]');
          if ((link?.getAttribute('href') ?? null) !== c.authorWebsite) found.push(`website ${JSON.stringify(c.authorWebsite)} links to ${link?.getAttribute('href')}`);
        }
        return found;
      },
      { comments: posted.map(({ id, authorName, authorWebsite }) => ({ id, authorName, authorWebsite })), allowed: BODY_TAGS },
    );
    expect(problems).toEqual([]);
    // And the page around the comments is as it was before any payload: they added nothing to it.
    expect(await chrome(page)).toEqual(plainChrome);
    await page.close();
  }, 120_000);

  it('links an author’s name only to an http(s) address, even one the server somehow stored otherwise', async () => {
    thread = 'bad-link';
    const id = await approved({ name: 'Mallory', website: 'https://mallory.example' });
    // As if a doctored backup or a bug had got it past the server's checks.
    await s.database.pool.query(`UPDATE comments SET author_website = 'javascript:window.__xss=1' WHERE id = $1`, [id]);
    const page = await browser.newPage();
    await open(page, 'bad-link');
    const name = widget(page).locator(`li[data-id="${id}"] header .n`);
    await expect.poll(() => name.textContent(), { timeout: 10_000 }).toBe('Mallory');
    expect(await name.getAttribute('href')).toBeNull();
    await name.click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.close();
  });

  it('asks for a form token once the form is in view and posts it with an empty honeypot that no one can reach', async () => {
    const postSite = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Post', mode: 'post' })).id;
    const before = site;
    site = postSite;
    const page = await browser.newPage();
    const asked = page.waitForResponse((r) => r.url().includes('/api/form-token?'));
    await open(page, 'form-token');
    site = before;
    expect((await asked).status()).toBe(200);
    // The trap is in the form, but neither in the accessibility tree nor in the Tab order.
    expect(await widget(page).locator('#pw-hp').count()).toBe(1);
    expect(await widget(page).getByRole('textbox').count()).toBe(4);
    expect(await widget(page).getByRole('textbox', { name: 'Leave this field empty' }).count()).toBe(0);
    await field(page, 'Website').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.id)).toBe('pw-save');

    await field(page, 'Comment').fill('Written by a person, slowly');
    await field(page, 'Name').fill('Grace');
    await field(page, 'Email').fill('grace@example.com');
    // People take more than 3 s between seeing the form and posting.
    await page.waitForTimeout(3_200);
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/comments') && r.method() === 'POST');
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    const body = JSON.parse((await sent).postData()!) as Record<string, unknown>;
    expect(body).toMatchObject({ formToken: expect.any(String), honeypot: '' });
    await expect.poll(() => widget(page).getByText('Your comment has been published.').count()).toBeGreaterThan(0);
    const [row] = await s.db.comment.findMany({ where: { body: 'Written by a person, slowly' } });
    expect(row).toMatchObject({ status: 'approved', heldReasons: [] });
    await page.close();
  });

  it('is untouched by the host page’s CSS, and leaks none of its own', async () => {
    extraHead = '<style>* { all: revert; color: rgb(255, 0, 0) !important; font-family: monospace !important }</style>';
    const page = await browser.newPage();
    await open(page, 'styles');
    extraHead = '';
    const inside = await page.evaluate(() => {
      const heading = document.querySelector('#parley-comments')!.shadowRoot!.querySelector('h2')!;
      return getComputedStyle(heading).color;
    });
    expect(inside).not.toBe('rgb(255, 0, 0)');
    const outsideButton = await page.evaluate(() => getComputedStyle(document.querySelector('.outside-button')!).borderRadius);
    expect(outsideButton).not.toBe('4px'); // the widget's button style stays in its shadow root
    await page.close();
  });

  it('has no accessibility violations (axe-core)', async () => {
    thread = 'accessible';
    await approved({ body: 'Something to read', website: 'https://reader.example' });
    const page = await browser.newPage();
    await open(page, 'accessible');
    await widget(page).getByRole('article').first().waitFor();
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run(
        { include: [['#parley-comments']] },
        { resultTypes: ['violations'] },
      );
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await page.close();
  });
});
