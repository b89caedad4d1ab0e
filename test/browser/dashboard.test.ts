/// <reference lib="dom" />
// The moderators' dashboard in a real browser: two moderators, live.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { XSS_PAYLOADS } from '../xss/corpus.js';
import { hasBrowser, launch } from './browser.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** What a sanitized body may hold (src/comments/render.ts). */
const BODY_TAGS = ['a', 'b', 'strong', 'i', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'p', 'br'];

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

describe.runIf(hasBrowser)('the dashboard', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let siteA: string;
  let siteB: string;
  let alice: string; // admin
  let bob: string; // moderator of site A
  let carol: string; // moderator of site B
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    siteA = (await buildSite(s.db, { name: 'Site A' })).id;
    siteB = (await buildSite(s.db, { name: 'Site B' })).id;
    alice = (await buildModerator(s.db, { role: 'admin', name: 'Alice' })).email;
    bob = (await buildModerator(s.db, { role: 'moderator', siteIds: [siteA], name: 'Bob' })).email;
    carol = (await buildModerator(s.db, { role: 'moderator', siteIds: [siteB], name: 'Carol' })).email;
    browser = await launch();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  async function signedIn(email: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await prepare?.(page);
    await page.goto(`${s.origin}/admin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: /^Pending \d+$/ }).waitFor();
    await page.locator('main[data-live="on"]').waitFor();
    return page;
  }
  const post = async (site: string, extra: Record<string, unknown> = {}) =>
    (await s.api.post('/api/comments').send(aComment({ site, ...extra })).expect(201)).body.comment.id as string;
  const card = (page: Page, id: string) => page.locator(`article[data-comment-id="${id}"]`);
  const statusOf = async (id: string) => (await s.db.comment.findUniqueOrThrow({ where: { id } })).status;
  const clearQueue = () => s.db.comment.updateMany({ where: { status: 'pending' }, data: { status: 'rejected' } });

  it('signs in with a clear reason on failure, and has no accessibility violations', async () => {
    // axe is injected as an inline script, which the dashboard's CSP rightly forbids: bypass it for this check.
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${s.origin}/admin`);
    await page.getByLabel('Email').fill(alice);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not right.').waitFor();
    const axe = async () => {
      await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
      return page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string }> }> } }).axe.run();
        return r.violations.map((v) => v.id);
      });
    };
    expect(await axe()).toEqual([]);
    await post(siteA);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('article[data-comment-id]').first().waitFor();
    await page.locator('main[data-live="on"]').waitFor();
    expect(await axe()).toEqual([]);
    expect(await page.getByRole('tab', { name: /^Pending/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('is live for two moderators: a new comment reaches both, a decision by one leaves the other’s view', async () => {
    await clearQueue();
    const a = await signedIn(alice);
    const b = await signedIn(bob);
    const id = await post(siteA, { name: 'Live Reader' });
    await card(a, id).waitFor({ timeout: 2_000 });
    await card(b, id).waitFor({ timeout: 2_000 });
    expect(await card(a, id).getAttribute('aria-current')).toBe('true');
    await a.keyboard.press('a');
    await card(b, id).waitFor({ state: 'detached', timeout: 2_000 });
    await expect.poll(() => b.getByRole('status').textContent()).toBe('Approved by Alice');
    expect(await statusOf(id)).toBe('approved');
    await expect.poll(() => b.getByRole('tab', { name: /^Approved/ }).textContent()).toMatch(/Approved \d+/);
  });

  it('shows plainly when a comment was decided by someone else first', async () => {
    await clearQueue();
    const b = await signedIn(bob);
    const id = await post(siteA);
    await card(b, id).waitFor();
    // Decided behind the dashboard's back (no live event reaches it).
    await s.db.comment.update({ where: { id }, data: { status: 'spam' } });
    await card(b, id).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => b.getByRole('status').textContent()).toBe('Someone else decided first: this comment is now spam. Nothing was changed.');
    expect(await statusOf(id)).toBe('spam');
  });

  it('is worked from the keyboard alone', async () => {
    await clearQueue();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await post(siteA, { body: `Keyboard ${i}` }));
    const c5 = ids[4]!;
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${s.origin}/admin`);
    await page.getByLabel('Email').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email'); // focus starts in the form
    await page.keyboard.type(alice);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await card(page, c5).waitFor();
    // Newest first: c5 is selected; j → c4; a approves it; r rejects c3; x marks c2, j, x marks c1; Shift+S: both spam.
    for (const key of ['j', 'a', 'r', 'x', 'j', 'x', 'Shift+S']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(150);
    }
    await expect.poll(() => Promise.all(ids.map(statusOf))).toEqual(['spam', 'spam', 'rejected', 'approved', 'pending']);
  });

  it('never shows a moderator of site B a comment of site A', async () => {
    await clearQueue();
    const c = await signedIn(carol);
    const onA = await post(siteA, { body: 'For site A only' });
    const onB = await post(siteB, { body: 'For site B' });
    await card(c, onB).waitFor({ timeout: 2_000 });
    expect(await card(c, onA).count()).toBe(0);
    await c.reload();
    await card(c, onB).waitFor();
    expect(await card(c, onA).count()).toBe(0);
  });

  it('acts on 50 selected comments at once, and the counts follow', async () => {
    await clearQueue();
    for (let i = 0; i < 50; i++) await post(siteA, { body: `Bulk ${i}` });
    const a = await signedIn(alice);
    await expect.poll(() => a.getByRole('tab', { name: /^Pending/ }).textContent()).toBe('Pending 50');
    await a.getByLabel('Select all on this page').check();
    await a.getByRole('button', { name: 'Approve selected' }).click();
    await expect.poll(() => a.getByRole('tab', { name: /^Pending/ }).textContent(), { timeout: 10_000 }).toBe('Pending 0');
    await expect.poll(() => a.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Approved: 50 of 50 comments.');
    expect(await s.db.comment.count({ where: { thread: { siteId: siteA }, status: 'pending' } })).toBe(0);
  });

  it('returns to the sign-in form when the session ends, keeping the filters', async () => {
    const a = await signedIn(alice);
    await a.getByLabel('Search').fill('needle');
    // The search's own request must be answered before the session goes, or it would be the one to find out.
    await Promise.all([a.waitForResponse((r) => r.url().includes('q=needle')), a.getByRole('button', { name: 'Apply' }).click()]);
    await s.db.session.deleteMany({});
    await a.getByRole('tab', { name: /^Spam/ }).click();
    await a.getByText('Your session has ended: sign in again.').waitFor();
    await a.getByLabel('Email').fill(alice);
    await a.getByLabel('Password').fill(TEST_PASSWORD);
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.getByRole('tab', { name: /^Pending/ }).waitFor();
    expect(await a.getByLabel('Search').inputValue()).toBe('needle');
  });

  it(`shows the XSS corpus (${XSS_PAYLOADS.length}) as text and sanitized bodies: nothing runs, nothing is added`, async () => {
    await clearQueue();
    const site = (await buildSite(s.db, { name: 'XSS' })).id;
    /** Posts a comment of `fields`; a field the API refuses (a 400 naming it) takes `fallback`'s value. */
    const postDespite = async (fields: Record<string, string>, fallback: Record<string, string>) => {
      let res = await s.api.post('/api/comments').send(aComment({ site, ...fields }));
      if (res.status === 400) {
        const refused = Object.keys((res.body as { error: { fields: Record<string, string> } }).error.fields);
        expect(refused.every((k) => k in fallback), JSON.stringify(res.body)).toBe(true);
        fields = { ...fields, ...Object.fromEntries(refused.map((k) => [k, fallback[k]!])) };
        res = await s.api.post('/api/comments').send(aComment({ site, ...fields }));
      }
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const c = res.body.comment as { id: string; authorName: string; authorWebsite: string };
      return { id: c.id, name: c.authorName, website: c.authorWebsite, title: fields.threadTitle!.trim() };
    };
    // Every card the same shape: a website, a titled thread with a URL, held for premoderation; the first one plain.
    const thread = (key: string) => ({ thread: key, threadUrl: `https://news.example/${key}` });
    const posted = [await postDespite({ body: 'A plain comment', name: 'Plain Reader', website: 'https://reader.example/', threadTitle: 'A plain article', ...thread('xss-plain') }, {})];
    /** Counts of each element outside the cards: the page's own chrome. */
    const chrome = (page: Page) =>
      page.evaluate(() => {
        const counts: Record<string, number> = {};
        const walk = (el: Element) => {
          if (el.matches('article[data-comment-id]')) return;
          counts[el.localName] = (counts[el.localName] ?? 0) + 1;
          for (const c of el.children) walk(c);
        };
        walk(document.documentElement);
        return counts;
      });
    // The page as it is before any payload exists, with the plain card alone.
    const before = await signedIn(alice);
    await expect.poll(() => before.locator('article[data-comment-id]').count(), { timeout: 10_000 }).toBe(1);
    const plainChrome = await chrome(before);
    await before.context().close();
    await inBatches([...XSS_PAYLOADS.entries()], 8, async ([i, p]) => {
      posted.push(
        await postDespite(
          { body: p, name: p, website: p, threadTitle: p, ...thread(`xss-${i}`) },
          { body: `Comment ${i}`, name: `Reader ${i}`, website: 'https://reader.example/', threadTitle: `Article ${i}` },
        ),
      );
    });

    const dialogs: string[] = [];
    const page = await signedIn(alice, async (p) => {
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await p.addInitScript(() => {
        for (const name of ['alert', 'confirm', 'prompt'] as const) (window as unknown as Record<string, unknown>)[name] = () => ((window as unknown as { __xss: number }).__xss = 1);
      });
    });
    const cards = page.locator('article[data-comment-id]');
    for (let shown = 0; (shown = await cards.count()) < posted.length; ) {
      await page.getByRole('button', { name: 'Load more', exact: true }).click();
      await expect.poll(() => cards.count(), { timeout: 10_000 }).toBeGreaterThan(shown);
    }
    // Point at, press and focus everything in the bodies (links aside: they leave the page).
    await page.evaluate(() => {
      for (const el of document.querySelectorAll<HTMLElement>('article[data-comment-id] .body *')) {
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
        const found: string[] = [];
        // No handler anywhere, no script of the page's but its own files, and every link in a card to http(s) or mailto.
        for (const el of document.querySelectorAll('*')) for (const { name } of el.attributes) if (/^on/i.test(name)) found.push(`${name}= on <${el.localName}>`);
        for (const el of document.querySelectorAll('script')) if (!el.getAttribute('src')?.startsWith('/')) found.push(`a script: ${el.outerHTML.slice(0, 80)}`);
        for (const a of document.querySelectorAll('article[data-comment-id] a[href]')) if (!/^(https?:|mailto:)/i.test(a.getAttribute('href')!)) found.push(`a link to ${a.getAttribute('href')}`);
        // In a body, only the sanitizer's allowlist.
        for (const el of document.querySelectorAll('article[data-comment-id] .body *')) {
          if (!allowed.includes(el.localName)) found.push(`<${el.localName}> in a body`);
          for (const { name } of el.attributes) if (name !== 'href' && name !== 'rel') found.push(`${name}= on <${el.localName}> in a body`);
        }
        // Outside its body, each card is drawn exactly as the plain one, its name, website and title shown as typed.
        // Held reasons are the server's codes in the dashboard's words (a payload with links may add one): one shape for any number.
        const shape = (el: Element): string =>
          el.matches('.body') ? 'body' : el.matches('.reasons') ? 'reasons' : `${el.localName}(${[...el.children].map(shape).join(' ')})`;
        const card = (id: string) => document.querySelector(`article[data-comment-id="${id}"]`);
        const plain = shape(card(comments[0]!.id)!);
        for (const c of comments) {
          const el = card(c.id);
          if (!el) {
            found.push(`comment ${c.id} is not shown`);
            continue;
          }
          if (shape(el) !== plain) found.push(`card of ${JSON.stringify(c.name)} is drawn as ${shape(el)}`);
          for (const text of [c.name, c.website, c.title]) if (!el.textContent!.includes(text)) found.push(`${JSON.stringify(text)} not shown as text`);
          if (![...el.querySelectorAll('a[href]')].some((a) => a.getAttribute('href') === c.website)) found.push(`no link to website ${JSON.stringify(c.website)}`);
        }
        return found;
      },
      { comments: posted, allowed: BODY_TAGS },
    );
    expect(problems).toEqual([]);
    // And the page around the cards is as it was before any payload: they added nothing to it.
    expect(await chrome(page)).toEqual(plainChrome);
  }, 120_000);

  it('bans a comment’s author from its card, keyboard only, after asking by what', async () => {
    await clearQueue();
    const id = await post(siteA, { name: 'Troll Reader' });
    // axe is injected as an inline script: this page bypasses the CSP, as in the first test.
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${s.origin}/admin`);
    await page.getByLabel('Email').fill(bob);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await card(page, id).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-comment-id'))).toBe(id);
    const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent, inDialog: !!document.activeElement?.closest('dialog') }));
    const openDialog = async () => {
      for (let i = 0; i < 20 && (await focused()).text !== 'Ban author…'; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Ban Troll Reader' }).waitFor();
    };

    // The dialog: named, focus inside it, both ways ticked; a shortcut key there decides nothing; Escape closes it.
    await openDialog();
    expect(await focused()).toMatchObject({ inDialog: true });
    const dialog = page.getByRole('dialog', { name: 'Ban Troll Reader' });
    expect(await dialog.getByRole('checkbox', { name: 'by email' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: 'by address' }).isChecked()).toBe(true);
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string }> }> } }).axe.run();
      return r.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.keyboard.press('a');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toEqual({ text: 'Ban author…', inDialog: false });
    expect(await statusOf(id)).toBe('pending');
    expect(await s.db.ban.count({ where: { commentId: id } })).toBe(0);

    // Again, and this time Ban: by email and by address.
    await openDialog();
    for (let i = 0; i < 5 && (await focused()).text !== 'Ban'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Banned.');
    const listed = await page.evaluate(async () => (await (await fetch('/api/moderation/bans')).json()) as { bans: Array<Record<string, unknown>> });
    expect(listed.bans).toEqual([expect.objectContaining({ siteId: siteA, commentId: id, by: ['email', 'ip'], createdBy: expect.objectContaining({ name: 'Bob' }) })]);
  });

  it('is served with a strict CSP: no inline script, nothing from elsewhere', async () => {
    const res = await fetch(`${s.origin}/admin`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("default-src 'none'");
    expect(await res.text()).not.toMatch(/<script>(?!<\/script>)/);
  });
});
