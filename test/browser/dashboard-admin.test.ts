/// <reference lib="dom" />
// Running sites and people from the dashboard (issue 17, DESIGN.md §12): an
// admin adds a site and an origin, and a widget on that origin posts at once;
// an admin adds a moderator, who signs in with the password shown that once
// and sees only their site; a moderator who is not an admin sees no admin
// page and gets 403 from their APIs. Every form names every bad field at once.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { embed, hasBrowser, hostPage, launch } from './browser.js';
import { axeViolations, scrollsSideways, signedIn } from './dashboard-page.js';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe.runIf(hasBrowser)('administration in the dashboard', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof hostPage>>;
  let hostedSite = '';
  let siteA: string;
  let siteB: string;
  let admin: string;
  let moderator: string;

  beforeAll(async () => {
    s = await startTestServer();
    host = await hostPage(() => embed(s.origin, hostedSite, 'launch-day'));
    siteA = (await buildSite(s.db, { name: 'Admin Site A' })).id;
    siteB = (await buildSite(s.db, { name: 'Admin Site B' })).id;
    admin = (await buildModerator(s.db, { role: 'admin', name: 'Adele Admin' })).email;
    moderator = (await buildModerator(s.db, { role: 'moderator', name: 'Mo Moderator', siteIds: [siteA] })).email;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await s?.close();
  });

  const post = async (site: string, extra: Record<string, unknown> = {}) => (await s.api.post('/api/comments').send(aComment({ site, ...extra })).expect(201)).body.comment.id as string;
  const adminPage = (options = {}) => signedIn(browser, s.origin, admin, { bypassCSP: true, ...options });
  const go = async (page: Page, hash: string, heading: string) => {
    await page.getByRole('link', { name: hash === '#sites' ? 'Sites' : 'Moderators' }).click();
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  };

  it('adds a site and an origin: a widget on that origin posts at once', async () => {
    const page = await adminPage();
    await go(page, '#sites', 'Sites');
    const form = page.getByRole('form', { name: 'Add a site' });
    await form.getByLabel('Name').fill('Launch Gazette');
    await form.getByLabel('Origins').fill('https://launch-gazette.example');
    await form.getByRole('radio', { name: 'Post-moderation' }).check();
    await form.getByRole('button', { name: 'Add site' }).click();
    await page.waitForURL(/#sites\/[a-z0-9]+$/);
    hostedSite = new URL(page.url()).hash.split('/')[1]!;
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Site Launch Gazette added. Embed it with the snippet below.');
    expect(await page.getByRole('textbox', { name: 'Snippet' }).inputValue()).toContain(`data-site="${hostedSite}"`);
    const created = await s.db.site.findUniqueOrThrow({ where: { id: hostedSite } });
    expect(created).toMatchObject({ name: 'Launch Gazette', mode: 'post', allowedOrigins: ['https://launch-gazette.example'] });

    // The host page's origin, added as a second line.
    await page.getByLabel('Origins').fill(`https://launch-gazette.example\n${host.origin}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved. Launch Gazette uses the new settings now.');
    expect((await s.db.site.findUniqueOrThrow({ where: { id: hostedSite } })).allowedOrigins).toEqual(['https://launch-gazette.example', host.origin]);

    // A reader on that origin, at once.
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${host.origin}/`);
    const widget = reader.locator('#parley-comments');
    await widget.getByRole('heading', { level: 2 }).waitFor();
    await widget.getByRole('textbox', { name: 'Comment', exact: true }).fill('First comment on the new site');
    await widget.getByRole('textbox', { name: 'Name', exact: true }).fill('Early Reader');
    await widget.getByRole('textbox', { name: 'Email', exact: true }).fill('early@example.com');
    await widget.getByRole('button', { name: 'Post Comment' }).click();
    await expect.poll(() => s.db.comment.count({ where: { thread: { siteId: hostedSite } } }), { timeout: 5_000 }).toBe(1);
    await reader.context().close();
    expect((await s.db.comment.findFirstOrThrow({ where: { thread: { siteId: hostedSite } } })).authorName).toBe('Early Reader');
    await page.context().close();
  });

  it('names every bad field of a site’s settings at once, beside each, and saves nothing', async () => {
    const page = await adminPage();
    await page.goto(`${s.origin}/admin#sites/${siteA}`);
    await page.getByLabel('Origins').waitFor();
    await page.getByLabel('Origins').fill('https://ok.example\nnot an origin');
    await page.getByLabel('Links before holding').fill('-1');
    await page.getByLabel('Webhook URL').fill('ftp://hooks.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not saved: 3 fields need attention.').waitFor();
    for (const label of ['Origins', 'Links before holding', 'Webhook URL']) {
      const control = page.getByLabel(label);
      expect(await control.getAttribute('aria-invalid'), label).toBe('true');
      // Its message is in its description, next to it.
      const described = await control.evaluate((el) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent).join(' '));
      expect(described.length, label).toBeGreaterThan(10);
    }
    expect(await page.getByText(/not an origin such as/).isVisible()).toBe(true);
    expect((await s.db.site.findUniqueOrThrow({ where: { id: siteA } })).allowedOrigins).toEqual(['https://news.example']);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('adds a moderator with a password shown only then; they sign in with it and see only their site', async () => {
    const onA = await post(siteA, { body: 'Only for the new moderator’s site' });
    const onB = await post(siteB, { body: 'Not theirs' });
    const page = await adminPage();
    await go(page, '#moderators', 'Moderators');
    const form = page.getByRole('form', { name: 'Add a moderator' });
    await form.getByLabel('Email').fill('newcomer@example.com');
    await form.getByLabel('Name (optional)').fill('Nell Newcomer');
    await form.getByRole('radio', { name: 'Moderator' }).check();
    await form.getByRole('checkbox', { name: 'Admin Site A' }).check();
    await form.getByRole('button', { name: 'Add moderator' }).click();
    await page.getByText('Shown only now:').waitFor();
    const password = await page.getByLabel('Password', { exact: true }).inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await page.getByRole('button', { name: 'Copy password' }).isVisible()).toBe(true);
    expect(await page.locator('li', { hasText: 'Nell Newcomer' }).textContent()).toContain('Moderator · Admin Site A');
    expect(await axeViolations(page)).toEqual([]);
    // Never again: a reload of the page lists them, without it.
    await page.reload();
    await page.getByRole('heading', { name: 'Moderators', level: 2 }).waitFor();
    await page.locator('li', { hasText: 'Nell Newcomer' }).waitFor();
    expect(await page.getByText(password).count()).toBe(0);
    expect(await page.content()).not.toContain(password);

    // In another browser, with that password: their site's comment, not the other's, and no admin pages.
    const nell = await signedIn(browser, s.origin, 'newcomer@example.com', {}, password);
    await nell.locator(`article[data-comment-id="${onA}"]`).waitFor();
    expect(await nell.locator(`article[data-comment-id="${onB}"]`).count()).toBe(0);
    expect(await nell.getByRole('link', { name: 'Sites' }).count()).toBe(0);
    await nell.context().close();
    await page.context().close();
  });

  it('changes a moderator’s sites and role, and removes one after asking in a dialog', async () => {
    const { email, id } = await buildModerator(s.db, { role: 'moderator', name: 'Chad Changer', siteIds: [siteA] });
    const page = await adminPage();
    await go(page, '#moderators', 'Moderators');
    const row = page.locator(`li[data-moderator-id="${id}"]`);
    // Anyone but themself: the admin's own row offers Edit, not Remove (the server refuses it with 409).
    await row.waitFor();
    expect(await page.getByRole('button', { name: 'Remove Adele Admin…' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit Adele Admin' }).count()).toBe(1);
    await row.getByRole('button', { name: 'Edit Chad Changer' }).click();
    await row.getByRole('checkbox', { name: 'Admin Site B' }).check();
    await row.getByRole('checkbox', { name: 'Admin Site A' }).uncheck();
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Saved: Chad Changer is a moderator of Admin Site B.');
    expect((await s.db.moderator.findUniqueOrThrow({ where: { email }, include: { sites: true } })).sites.map((x) => x.siteId)).toEqual([siteB]);

    await row.getByRole('button', { name: 'Remove Chad Changer…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Chad Changer?' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await s.db.moderator.count({ where: { email } })).toBe(1);
    await row.getByRole('button', { name: 'Remove Chad Changer…' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Removed Chad Changer.');
    expect(await s.db.moderator.count({ where: { email } })).toBe(0);
    await page.context().close();
  });

  it('shows a moderator who is not an admin no admin pages, and their APIs answer 403', async () => {
    const page = await signedIn(browser, s.origin, moderator);
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Moderators' }).count()).toBe(0);
    await page.goto(`${s.origin}/admin#sites`);
    await page.getByText('Only admins manage sites.').waitFor();
    await page.goto(`${s.origin}/admin#moderators`);
    await page.getByText('Only admins manage moderators.').waitFor();
    const statuses = await page.evaluate(async () =>
      Promise.all(['/api/admin/sites', '/api/admin/moderators'].map(async (url) => (await fetch(url)).status)),
    );
    expect(statuses).toEqual([403, 403]);
    await page.context().close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no accessibility violations and no sideways scroll on the admin pages in ${colorScheme}, at 1280 and 360 px`, async () => {
      for (const options of [{ viewport: { width: 1280, height: 800 } }, PHONE]) {
        const page = await adminPage({ colorScheme, ...options });
        for (const [hash, ready] of [
          ['#sites', '.rows li'],
          [`#sites/${siteA}`, 'form.admin'],
          ['#moderators', '.rows li'],
        ] as const) {
          await page.goto(`${s.origin}/admin${hash}`);
          await page.locator(ready).first().waitFor();
          expect(await axeViolations(page), `${hash} ${options.viewport.width}`).toEqual([]);
          expect(await scrollsSideways(page), `${hash} ${options.viewport.width}`).toBe(false);
        }
        await page.context().close();
      }
    });
  }
});
