/// <reference lib="dom" />
// The dashboard's states and layout (issue 17): empty views said in words, a
// status line that does not outlive the view it spoke of, a bulk bar only for
// a selection, a phone layout with the first card in the first screen, key
// hints only with a keyboard, nothing wrapping at 1280 px, and axe clean in
// light and dark with every dialog open.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { hasBrowser, launch } from './browser.js';
import { axeViolations, scrollsSideways, signedIn } from './dashboard-page.js';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe.runIf(hasBrowser)('the dashboard’s states and layout', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let site: string;
  let admin: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    site = (await buildSite(s.db, { name: 'Layout Gazette' })).id;
    admin = (await buildModerator(s.db, { role: 'admin', name: 'Alexandra Administrator' })).email;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const open = async (options = {}) => {
    const page = await signedIn(browser, s.origin, admin, { bypassCSP: true, ...options });
    pages.push(page);
    return page;
  };
  const post = async (extra: Record<string, unknown> = {}) =>
    (await s.api.post('/api/comments').send(aComment({ site, threadTitle: 'A long article title about the city budget for next year', threadUrl: `${s.origin}/news/budget`, ...extra })).expect(201)).body.comment
      .id as string;
  const clearQueue = () => s.db.comment.updateMany({ where: { status: 'pending' }, data: { status: 'rejected' } });
  /** The vertical middles of the visible elements `selector` finds. */
  const middles = (page: Page, selector: string) =>
    page.locator(selector).evaluateAll((els) =>
      els.filter((e) => (e as HTMLElement).offsetParent).map((e) => {
        const r = e.getBoundingClientRect();
        return r.top + r.height / 2;
      }),
    );
  /** In one row: their middles within a few pixels of each other (a wrapped one is a whole row lower). */
  const oneRow = async (page: Page, selector: string) => {
    const ys = await middles(page, selector);
    return ys.length > 0 && Math.max(...ys) - Math.min(...ys) < 10;
  };

  it('says what an empty view means, in words, and offers to clear a search that found nothing', async () => {
    await clearQueue();
    const page = await open();
    await page.getByText('Nothing waiting. New comments appear here as they arrive.').waitFor();
    await page.getByRole('tab', { name: /^Spam/ }).click();
    await page.getByText(/^No spam\./).waitFor();
    await page.getByRole('tab', { name: /^Pending/ }).click();
    await page.getByLabel('Search').fill('no such words anywhere');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No pending comments match this search.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('Nothing waiting. New comments appear here as they arrive.').waitFor();
    expect(await page.getByLabel('Search').inputValue()).toBe('');
  });

  it('clears the status line on a tab or filter change, and offers bulk actions only for a selection, never the tab’s own status', async () => {
    await clearQueue();
    const [a, b] = [await post(), await post()];
    await post();
    const page = await open();
    await page.locator(`article[data-comment-id="${a}"]`).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Approved.');
    await page.getByRole('tab', { name: /^Approved/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('');
    await page.getByRole('tab', { name: /^Pending/ }).click();
    await page.locator(`article[data-comment-id="${b}"]`).getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Rejected.');
    await page.getByLabel('Site').selectOption(site);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('');

    const bulk = () => page.getByRole('button', { name: /selected$/ }).allTextContents();
    expect(await bulk()).toEqual([]);
    await page.getByLabel('Select all on this page').check();
    expect(await bulk()).toEqual(['Approve selected', 'Reject selected', 'Spam selected']);
    await page.getByLabel('Select all on this page').uncheck();
    expect(await bulk()).toEqual([]);
    await page.getByRole('tab', { name: /^Approved/ }).click();
    await page.locator('article[data-comment-id]').first().waitFor();
    await page.getByLabel('Select all on this page').check();
    expect(await bulk()).toEqual(['Reject selected', 'Spam selected']);
  });

  it('fits a 360 px phone: the first card in the first screen, filters behind a button, decisions in one row, no key hints on touch until a key is pressed', async () => {
    await clearQueue();
    for (let i = 0; i < 3; i++) await post({ body: `A comment long enough to wrap on a phone's narrow screen, number ${i}, with a few more words.` });
    const page = await open(PHONE);
    const first = page.locator('article[data-comment-id]').first();
    await first.waitFor();
    expect((await first.boundingBox())!.y).toBeLessThan(740);
    expect(await scrollsSideways(page)).toBe(false);
    // Filters: hidden behind their button until asked for.
    expect(await page.getByLabel('Search').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Filters' }).click();
    expect(await page.getByRole('button', { name: 'Filters' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByLabel('Search').isVisible()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('button', { name: 'Filters' }).click();
    // Each card's decisions in one row, Delete included.
    expect(await oneRow(page, `article[data-comment-id="${await first.getAttribute('data-comment-id')}"] .actions button`)).toBe(true);
    // A touch screen shows no key hints, until a keyboard shows up.
    expect(await page.getByRole('button', { name: 'Keys (?)' }).isVisible()).toBe(false);
    await page.keyboard.press('j');
    expect(await page.getByRole('button', { name: 'Keys (?)' }).isVisible()).toBe(true);
  });

  it('wraps nothing at 1280 px: the header, the filters and a card’s decisions each in one row', async () => {
    await clearQueue();
    const id = await post();
    const page = await open({ viewport: { width: 1280, height: 800 } });
    await page.locator(`article[data-comment-id="${id}"]`).waitFor();
    expect(await oneRow(page, '.filters > *')).toBe(true);
    expect(await oneRow(page, `article[data-comment-id="${id}"] .actions button`)).toBe(true);
    expect(await oneRow(page, '[role=tab]')).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await oneRow(page, 'header.top > h1, header.top > nav, header.top > span, header.top > button, header.top > .tools > button')).toBe(true);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no accessibility violations in ${colorScheme}: the queue, a card’s tools, and every dialog open`, async () => {
      await clearQueue();
      const id = await post({ name: 'Axe Reader' });
      const page = await open({ colorScheme });
      const card = page.locator(`article[data-comment-id="${id}"]`);
      await card.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await card.getByRole('button', { name: 'Reply' }).click();
      expect(await axeViolations(page)).toEqual([]);
      await card.getByRole('button', { name: 'Ban author…' }).click();
      await page.getByRole('dialog', { name: 'Ban Axe Reader' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await card.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog', { name: 'Delete this comment?' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Keys (?)' }).click();
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await clearQueue();
      await page.getByRole('tab', { name: /^Rejected/ }).click();
      await page.getByRole('tab', { name: /^Pending/ }).click();
      await page.getByText('Nothing waiting.', { exact: false }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
