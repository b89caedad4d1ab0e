/// <reference lib="dom" />
// A link from a digest mail or a webhook message into the dashboard:
// /admin#site=SITE&comment=ID opens that site's pending queue with that
// comment selected, after signing in if need be.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardLink } from '../../src/dashboard/links.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { hasBrowser, launch } from './browser.js';

describe.runIf(hasBrowser)('a link into the dashboard', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    s = await startTestServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('opens the site’s pending queue with the comment selected', async () => {
    const a = (await buildSite(s.db, { name: 'Site A' })).id;
    const b = (await buildSite(s.db, { name: 'Site B' })).id;
    const { email } = await buildModerator(s.db, { role: 'admin' });
    const post = async (site: string) => (await s.api.post('/api/comments').send(aComment({ site })).expect(201)).body.comment.id as string;
    const [, named] = [await post(a), await post(a), await post(a)];
    const elsewhere = await post(b);

    const page = await browser.newPage();
    await page.goto(dashboardLink(s.origin, a, named));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: /^Pending \d+$/ }).waitFor();

    await expect.poll(() => page.locator(`article[data-comment-id="${named}"]`).getAttribute('aria-current')).toBe('true');
    expect(await page.getByRole('tab', { name: 'Pending 3' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByLabel('Site').inputValue()).toBe(a);
    expect(await page.locator(`article[data-comment-id="${elsewhere}"]`).count()).toBe(0);
    // The link is read once: the address no longer carries it.
    expect(new URL(page.url()).hash).toBe('');
    await page.close();
  });
});
