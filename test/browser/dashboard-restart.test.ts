/// <reference lib="dom" />
// A server restart under an open dashboard is a lost connection, not an ended
// session: the page says "Reconnecting…" and keeps its view, then reconnects,
// catches up on what happened meanwhile, and goes on working, all without
// signing in again. The server is a real process on a fixed port, stopped and
// started again as an operator would.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded/cluster.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { TEST_SECRET } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { MAIN, cleanEnv, start, type Running } from '../helpers/processes.js';
import { hasBrowser, launch } from './browser.js';
import { signedIn } from './dashboard-page.js';

describe.runIf(hasBrowser)('the dashboard across a server restart', () => {
  let testDb: TestDatabase;
  let database: Database;
  let browser: Browser;
  let server: Running | undefined;
  let origin: string;
  let env: Record<string, string>;

  const startServer = async () => {
    server = start(MAIN, [], env);
    await server.waitForOutput('Parley is ready');
  };
  const stopServer = async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = openDatabase(testDb.url, { poolSize: 2, log: createLogger('silent') });
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    env = cleanEnv({ DATABASE_URL: testDb.url, PARLEY_SECRET: TEST_SECRET, PORT: String(port), PUBLIC_URL: origin });
    await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await stopServer();
    await database?.close();
    await testDb?.drop();
  });

  it('says Reconnecting…, keeps the view, then catches up and works on without signing in again', async () => {
    const site = (await buildSite(database.db, { name: 'Restart Times' })).id;
    const { email } = await buildModerator(database.db, { role: 'admin', name: 'Ada' });
    const post = async () => {
      const res = await fetch(`${origin}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(aComment({ site })) });
      expect(res.status).toBe(201);
      return ((await res.json()) as { comment: { id: string } }).comment.id;
    };
    const decidedElsewhere = await post();
    const mine = await post();
    const page = await signedIn(browser, origin, email);
    const card = (id: string) => page.locator(`article[data-comment-id="${id}"]`);
    await card(mine).waitFor();

    await stopServer();
    await page.getByText('Reconnecting…').waitFor({ timeout: 10_000 });
    expect(await page.locator('main[data-live="off"]').count()).toBe(1);
    // The view stays as it was: the cards, no sign-in form.
    expect(await card(mine).isVisible()).toBe(true);
    expect(await card(decidedElsewhere).isVisible()).toBe(true);
    expect(await page.getByLabel('Password').count()).toBe(0);
    // While the server is away, someone decides one of them (as from another instance).
    await database.db.comment.update({ where: { id: decidedElsewhere }, data: { status: 'approved' } });

    await startServer();
    await page.locator('main[data-live="on"]').waitFor({ timeout: 20_000 });
    expect(await page.getByText('Reconnecting…').count()).toBe(0);
    // Caught up: the comment decided meanwhile has left the view.
    await card(decidedElsewhere).waitFor({ state: 'detached', timeout: 5_000 });
    await expect.poll(() => page.getByRole('tab', { name: /^Pending/ }).textContent()).toBe('Pending 1');
    // And it works on, in the same session.
    await card(mine).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Approved.');
    expect((await database.db.comment.findUniqueOrThrow({ where: { id: mine } })).status).toBe('approved');
    expect(await page.getByText('Your session has ended').count()).toBe(0);
  }, 120_000);
});
