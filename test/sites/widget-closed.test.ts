/// <reference lib="dom" />
// A reader on a closed article sees it in the widget: "Comments are closed."
// where the form was, and no Reply links (DESIGN.md §3 thread:close).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setThreadClosed, updateSiteSettings } from '../../src/sites/service.js';
import { embed, hasBrowser, hostPage, launch } from '../browser/browser.js';
import { aComment, buildSite, setStatus } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';

describe.runIf(hasBrowser)('the widget on a closed thread', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof hostPage>>;
  let site: string;
  let thread = 'open';

  beforeAll(async () => {
    s = await startTestServer();
    host = await hostPage(() => embed(s.origin, site, thread));
    site = (await buildSite(s.db, { allowedOrigins: [host.origin] })).id;
    await updateSiteSettings({ db: s.db }, site, { floodSeconds: 0 });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await s?.close();
  });

  async function view(key: string) {
    thread = key;
    const id = (await s.api.post('/api/comments').send(aComment({ site, thread: key, body: `On ${key}` })).expect(201)).body.comment.id as string;
    await setStatus(s.db, id, 'approved');
    const page = await browser.newPage();
    await page.goto(`${host.origin}/`);
    const widget = page.locator('#parley-comments');
    await widget.getByText(`On ${key}`).waitFor();
    return { page, widget };
  }

  it('shows the form on an open thread, and "Comments are closed." without form or Reply on a closed one', async () => {
    const open = await view('open');
    await open.widget.getByRole('textbox').first().waitFor();
    expect(await open.widget.getByRole('button', { name: /^Reply to / }).count()).toBe(1);
    expect(await open.widget.getByText('Comments are closed.').count()).toBe(0);
    await open.page.close();

    // The comment goes in first, then the article closes.
    thread = 'closed';
    const id = (await s.api.post('/api/comments').send(aComment({ site, thread: 'closed', body: 'On closed' })).expect(201)).body.comment.id as string;
    await setStatus(s.db, id, 'approved');
    await setThreadClosed(s, { site, thread: 'closed' }, true);
    const page = await browser.newPage();
    await page.goto(`${host.origin}/`);
    const widget = page.locator('#parley-comments');
    await widget.getByText('On closed').waitFor();
    await widget.getByText('Comments are closed.').waitFor();
    expect(await widget.getByRole('textbox').count()).toBe(0);
    expect(await widget.getByRole('button', { name: /^Reply to / }).count()).toBe(0);
    await page.close();
  });
});
