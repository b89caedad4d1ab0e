/// <reference lib="dom" />
// "Notify me of follow-up comments by email" in the widget's form, in a real
// browser: off by default, sent with the comment when ticked, accessible in
// light and dark.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { embed, hasBrowser, hostPage, launch } from './browser.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LABEL = 'Notify me of follow-up comments by email';

describe.runIf(hasBrowser)('the notify box', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof hostPage>>;
  let site: string;

  beforeAll(async () => {
    s = await startTestServer();
    host = await hostPage(() => embed(s.origin, site, 'notify'));
    site = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Host' })).id;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await s?.close();
  });

  const widget = (page: Page) => page.locator('#parley-comments');
  async function open(colorScheme: 'light' | 'dark' = 'light') {
    const page = await browser.newPage({ colorScheme });
    await page.goto(`${host.origin}/`);
    await widget(page).getByRole('heading', { level: 2 }).waitFor();
    return page;
  }

  it('is off by default, and a ticked box is sent with the comment, then cleared', async () => {
    const page = await open();
    const box = widget(page).getByRole('checkbox', { name: LABEL, exact: true });
    expect(await box.isChecked()).toBe(false);
    // Ticked by its label, as people do.
    await widget(page).getByText(LABEL, { exact: true }).click();
    expect(await box.isChecked()).toBe(true);
    await widget(page).getByRole('textbox', { name: 'Comment', exact: true }).fill('Tell me when someone answers');
    await widget(page).getByRole('textbox', { name: 'Name', exact: true }).fill('Nell');
    await widget(page).getByRole('textbox', { name: 'Email', exact: true }).fill('nell@example.com');
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/comments') && r.method() === 'POST');
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    expect(JSON.parse((await sent).postData()!)).toMatchObject({ notify: true });
    await expect.poll(() => widget(page).getByText('Your comment is awaiting moderation.').count()).toBeGreaterThan(0);
    expect(await box.isChecked()).toBe(false);
    const [row] = await s.db.comment.findMany({ where: { body: 'Tell me when someone answers' } });
    expect(row!.notify).toBe(true);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('has no accessibility violations in the %s scheme (axe-core)', async (scheme) => {
    const page = await open(scheme);
    await widget(page).getByRole('checkbox', { name: LABEL }).waitFor();
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
