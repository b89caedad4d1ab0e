/// <reference lib="dom" />
// What the dashboard's browser tests share: signing in as a person does, and
// axe-core's verdict on the page as it is.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../helpers/factories.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A new browser context signed in to `origin`'s dashboard as `email`, the queue
 * loaded and live. axe is injected as an inline script, which the dashboard's
 * CSP rightly forbids: `bypassCSP` lets a test run it.
 */
export async function signedIn(browser: Browser, origin: string, email: string, options: BrowserContextOptions = {}, password = TEST_PASSWORD): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${origin}/admin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('main[data-live="on"]').waitFor();
  await page.locator('#panel:not([aria-busy])').waitFor();
  return page;
}

/** The ids of axe-core's violations on the page as it is now (dialogs open included). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run();
    return r.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Whether the page scrolls sideways (it never should). */
export const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
