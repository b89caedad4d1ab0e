/// <reference lib="dom" />
// The widget in a real browser, embedded cross-origin as sites embed it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite, setStatus, TEST_PASSWORD } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { embed, hasBrowser, hostPage, launch } from './browser.js';

const WIDGET_BUDGET = 10_240;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

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
    cookie = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
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

  it('fits its budget: widget.js plus its CSS under 10 KB gzipped', async () => {
    const res = await fetch(`${s.origin}/widget.js`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(gzipSync(bytes, { level: 9 }).length).toBeLessThanOrEqual(WIDGET_BUDGET);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('shows approved comments threaded, with counts, a reply form and "load more"', async () => {
    thread = 'threaded';
    const top = await approved({ name: 'First Reader', body: 'Top-level words' });
    await approved({ name: 'Second Reader', body: 'A reply', parentId: top });
    for (let i = 0; i < 50; i++) await approved({ body: `Filler ${i}` });
    const page = await browser.newPage();
    await open(page, 'threaded');
    await expect.poll(() => widget(page).getByRole('heading', { level: 2 }).textContent()).toBe('52 comments');
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
    await expect.poll(() => widget(page).getByText('Your comment is awaiting moderation.').isVisible()).toBe(true);

    await page.reload();
    await expect.poll(() => widget(page).getByText('Your comment is awaiting moderation.').isVisible()).toBe(true);
    const stranger = await other.newPage();
    await open(stranger, 'posting');
    await stranger.waitForTimeout(300);
    expect(await widget(stranger).getByText('My first words here').count()).toBe(0);

    const [row] = await s.db.comment.findMany({ where: { body: 'My first words here' } });
    // The live part connects after the first render: wait until both pages follow the thread.
    for (const p of [page, stranger]) await p.waitForFunction(() => document.querySelector('#parley-comments')?.shadowRoot?.querySelector('section[data-live="on"]'));
    await approve(row!.id);
    await expect.poll(() => widget(page).getByText('Your comment is awaiting moderation.').count(), { timeout: 3_000 }).toBe(0);
    await widget(stranger).getByRole('button', { name: '1 new comment' }).click({ timeout: 3_000 });
    expect(await widget(stranger).getByText('My first words here').isVisible()).toBe(true);
    expect(await widget(stranger).getByRole('heading', { level: 2 }).textContent()).toBe('1 comment');
    expect(await widget(page).getByRole('heading', { level: 2 }).textContent()).toBe('1 comment');
    await author.close();
    await other.close();
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

  it('runs no script from comments (XSS tripwire)', async () => {
    thread = 'xss';
    const payloads = [
      '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<a href="javascript:alert(1)">x</a>',
      '<iframe src="javascript:alert(1)"></iframe>', '<body onload=alert(1)>', '<details open ontoggle=alert(1)>', '"><script>alert(1)</script>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>', '<a href="&#106;avascript:alert(1)">e</a>',
      '<svg><script>alert(1)</script></svg>', '<style>@import "javascript:alert(1)"</style>', '<object data="javascript:alert(1)">',
      '<embed src="javascript:alert(1)">', '<form action="javascript:alert(1)"><button>x</button></form>', '<input autofocus onfocus=alert(1)>',
      '<video><source onerror=alert(1)>', '<audio src=x onerror=alert(1)>', '<marquee onstart=alert(1)>', '<isindex action=javascript:alert(1)>',
      '<a href=" javascript:alert(1)">sp</a>', '<a href="jav\tascript:alert(1)">tab</a>', '<div style="background:url(javascript:alert(1))">', '<base href="javascript:alert(1)//">',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<link rel=import href=data:text/html,<script>alert(1)</script>>',
      '<template><img src=x onerror=alert(1)></template>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<!--<img src="--><img src=x onerror=alert(1)//">',
      '<scr<script>ipt>alert(1)</scr</script>ipt>', '<b onmouseover=alert(1)>hover</b>', '<code onclick=alert(1)>c</code>', '<pre><img src=x onerror=alert(1)></pre>',
      '<blockquote cite="javascript:alert(1)">q</blockquote>', '<ul><li onclick=alert(1)>x</li></ul>', '<a href="data:text/html,<script>alert(1)</script>">d</a>',
      'https://x.example/"onmouseover="alert(1)', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', '<img src="x:x" onerror="alert(1)">',
      '<body onpageshow=alert(1)>', '<select autofocus onfocus=alert(1)>', '<textarea autofocus onfocus=alert(1)>', '<keygen autofocus onfocus=alert(1)>',
      '<frameset onload=alert(1)>', '<table background="javascript:alert(1)">', '<a href="vbscript:msgbox(1)">vb</a>', '<x onclick=alert(1)>click</x>',
      '<img src=1 onerror=confirm(1)>', '<img src=1 onerror=prompt(1)>', '<svg/onload=confirm(1)>', '<img src=1 onerror="window.__xss=1">',
    ];
    expect(payloads.length).toBeGreaterThanOrEqual(50);
    for (const [i, p] of payloads.entries()) {
      await approved({ body: p, name: i % 5 === 0 ? `<img src=x onerror=alert(${i})>` : `Reader ${i}`, website: i % 7 === 0 ? `https://x.example/"onmouseover="alert(${i})` : undefined });
    }
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
    await expect.poll(() => widget(page).getByRole('article').count()).toBe(50);
    await widget(page).getByRole('button', { name: 'Load more comments' }).click();
    await expect.poll(() => widget(page).getByRole('article').count()).toBe(payloads.length);
    // Hover and click everything a reader might.
    for (const el of await widget(page).locator('.b *').all()) await el.hover({ timeout: 200 }).catch(() => {});
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
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
