// Screenshots of the moderators' dashboard, to check by eye: every page and
// state at 1280 and 360 px wide, light and dark, saved as
// screenshots/dashboard-<what>-<width>-<scheme>.png.
//
// It starts Parley as users do (dist/main.js; on a fresh database of its own
// on TEST_DATABASE_URL's or DATABASE_URL's server, dropped at the end, else an
// embedded PostgreSQL in a temporary data dir), creates sites and
// moderators with the CLI, posts comments through the public API (several
// statuses, a reply, a long body, held reasons), and drives real Chromium
// (CHROMIUM_PATH, else /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'screenshots');
mkdirSync(out, { recursive: true });
const PASSWORD = 'screenshots-password-1';

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// A database of our own on the configured server, if there is one.
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const dbName = `parley_shots_dashboard_${process.pid}`;
const onServer = async (sql) => {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(sql).finally(() => c.end());
};
let databaseUrl;
if (serverUrl) {
  await onServer(`CREATE DATABASE "${dbName}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
}

const port = await freePort();
const origin = `http://localhost:${port}`;
const dataDir = databaseUrl ? null : mkdtempSync(path.join(tmpdir(), 'parley-shots-'));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PORT: String(port),
  PUBLIC_URL: origin,
  LOG_LEVEL: 'warn',
  POSTS_PER_MINUTE_PER_ADDRESS: '0',
  READS_PER_MINUTE_PER_ADDRESS: '0',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl, PARLEY_SECRET: randomBytes(32).toString('hex') } : { PARLEY_DATA_DIR: dataDir }),
};

/** The server, as a real process; `restart` for the reconnecting screens. */
function startServer() {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      stdout += c;
      if (stdout.includes('Parley is ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${stdout}`)));
  });
  return { child, ready, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

const cli = (...args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd: root, env: { ...env, PARLEY_PASSWORD: PASSWORD }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

let server = startServer();
let browser;
try {
  await server.ready;

  // People and sites.
  const daily = cli('site:create', '--name', 'The Daily Example', '--origin', 'https://daily.example', '--mode', 'pre').id;
  const tech = cli('site:create', '--name', 'Tech Notes', '--origin', 'https://technotes.example', '--mode', 'post').id;
  const quiet = cli('site:create', '--name', 'Quiet Blog', '--origin', 'https://quiet.example').id;
  for (const site of [daily, tech, quiet]) cli('site:update', site, '--flood-seconds', '0', '--moderation-words', 'refund', '--disallowed-words', 'casino');
  cli('moderator:create', '--email', 'alice@daily.example', '--name', 'Alice Admin', '--admin');
  cli('moderator:create', '--email', 'bob@technotes.example', '--name', 'Bob Moderator', '--site', tech);

  // An admin's API session, for decisions and replies.
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email: 'alice@daily.example', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const admin = async (method, url, body) => {
    const res = await fetch(`${origin}${url}`, { method, headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie }, body: body && JSON.stringify(body) });
    return res.status === 204 ? null : res.json();
  };

  // Comments, through the public API as the widget posts them (with a form token, so only the rules hold them).
  const tokens = {};
  for (const site of [daily, tech]) tokens[site] = (await (await fetch(`${origin}/api/form-token?site=${site}`)).json()).formToken;
  await new Promise((r) => setTimeout(r, 3_200)); // a token used within 3 s holds the comment as too fast
  const thread = { thread: 'budget-2027', threadTitle: 'City budget 2027: what changes for libraries and buses', threadUrl: `${origin}/news/budget-2027` };
  const post = async (site, fields) => {
    const res = await fetch(`${origin}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ site, ...(site === daily ? thread : { thread: 'rust-2026', threadTitle: 'What is new in Rust this year', threadUrl: `${origin}/posts/rust-2026` }), formToken: tokens[site], ...fields }),
    });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`post: ${res.status} ${JSON.stringify(body)}`);
    return body.comment.id;
  };
  const decide = (id, status) => admin('POST', `/api/moderation/comments/${id}/status`, { status });
  const maria = { name: 'Maria López', email: 'maria@example.com', website: 'https://maria.example' };
  const first = await post(daily, { ...maria, body: 'The library funding cut is the part nobody talks about. Branch hours went down last year already.' });
  await decide(first, 'approved');
  const older = await post(daily, { ...maria, body: 'Is there a public hearing on the bus routes?' });
  await decide(older, 'approved');
  const reply = await post(daily, { parentId: first, name: 'Tom Becker', email: 'tom@example.com', body: 'Agreed, and the Saturday hours at the east branch are gone too. Does anyone know whether that is in this budget or the last one?' });
  await decide(reply, 'spam');
  await decide(reply, 'pending'); // a history to show
  await post(daily, {
    name: 'Priya Raman',
    email: 'priya@example.com',
    body: [
      'I read the whole 212-page draft so you do not have to. Three things stood out to me, and I think they deserve more attention than the headline numbers:',
      '1. The transit line item grows by 4 %, but almost all of it is fuel. Service hours actually go *down* on six routes, including the 14 and the 22, which are the only night buses to the hospital.',
      '2. The library budget is flat in nominal terms, which after inflation is a cut of roughly 6 %. The draft says the difference will be "absorbed through efficiencies", which in practice has meant shorter opening hours every time.',
      '3. There is a new line for "digital services modernisation" with no detail at all: 3.1 million with no description is a lot of money to wave through.',
      'None of this is a scandal, but it would be good if the council explained these choices at the hearing instead of leaving readers to dig them out of an appendix.',
    ].join('\n\n'),
  });
  await post(daily, { name: 'Deal Finder', email: 'deals@example.net', website: 'https://deals.example', body: 'Great article! Compare prices at https://deals.example/a and https://deals.example/b before you buy anything.' });
  await post(daily, { name: 'Ken Adams', email: 'ken@example.com', body: 'I want a refund of my parking permit if the lots close in March.' });
  await post(daily, { name: 'Lucky Spinner', email: 'spin@example.net', body: 'Win big at the casino tonight!' });
  const rejected = await post(daily, { name: 'Angry Reader', email: 'angry@example.com', body: 'This is all nonsense.' });
  await decide(rejected, 'rejected');
  await post(tech, { name: 'Sam Ortiz', email: 'sam@example.com', body: 'The new trait solver finally fixed my compile times.' });
  const techHeld = await post(tech, { name: 'Jo Park', email: 'jo@example.com', body: 'Links: https://a.example/1 https://a.example/2 https://a.example/3' });
  void techHeld;

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const variants = [
    { width: 1280, height: 900, scheme: 'light' },
    { width: 1280, height: 900, scheme: 'dark' },
    { width: 360, height: 740, scheme: 'light', phone: true },
    { width: 360, height: 740, scheme: 'dark', phone: true },
  ];
  const open = async (v) => {
    const context = await browser.newContext({ viewport: { width: v.width, height: v.height }, colorScheme: v.scheme, isMobile: !!v.phone, hasTouch: !!v.phone, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };
  const signIn = async (page, email) => {
    await page.goto(`${origin}/admin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('main[data-live="on"]').waitFor();
  };
  const saved = [];
  const shot = async (page, what, v, opts = {}) => {
    const file = path.join(out, `dashboard-${what}-${v.width}-${v.scheme}.png`);
    await page.waitForTimeout(150);
    await (opts.locator ?? page).screenshot({ path: file, fullPage: !!opts.fullPage, animations: 'disabled' });
    saved.push(path.relative(root, file));
  };

  /** One screen's steps: a failure is reported (and fails the run at the end), the other screens still get taken. */
  const failures = [];
  const step = async (page, what, fn) => {
    try {
      await fn();
    } catch (err) {
      failures.push(`${what}: ${err.message.split('\n')[0]}`);
      await page.keyboard.press('Escape').catch(() => {});
    }
  };

  const adminPages = [];
  for (const [i, v] of variants.entries()) {
    const page = await open(v);
    await page.goto(`${origin}/admin`);
    await page.getByLabel('Email').waitFor();
    await shot(page, 'signin', v);
    await signIn(page, 'alice@daily.example');
    await page.locator('article[data-comment-id]').first().waitFor();
    await shot(page, 'queue', v);
    await shot(page, 'queue-full', v, { fullPage: true });

    // A reply with its context, and its history open.
    await step(page, `card-context-history ${v.width} ${v.scheme}`, async () => {
      const replyCard = page.locator(`article[data-comment-id="${reply}"]`);
      await replyCard.getByRole('button', { name: 'History' }).click();
      await replyCard.locator('.history li').first().waitFor();
      await replyCard.scrollIntoViewIfNeeded();
      await shot(page, 'card-context-history', v, { locator: replyCard });
      await replyCard.getByRole('button', { name: 'History' }).click();
    });

    // The dialogs, opened and left without doing anything.
    await step(page, `dialogs ${v.width} ${v.scheme}`, async () => {
      const priya = page.locator('article', { hasText: 'Priya Raman' });
      await priya.getByRole('button', { name: 'Ban author…' }).click();
      await page.getByRole('dialog').waitFor();
      await shot(page, 'ban-dialog', v);
      await page.keyboard.press('Escape');
      await priya.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog').waitFor();
      await shot(page, 'delete-dialog', v);
      await page.getByRole('button', { name: 'Cancel' }).click();
    });

    // A decision with its Undo, then undone.
    await step(page, `undo ${v.width} ${v.scheme}`, async () => {
      const deal = page.locator('article', { hasText: 'Deal Finder' });
      await deal.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('button', { name: 'Undo' }).waitFor();
      await page.evaluate(() => scrollTo(0, 0));
      await shot(page, 'undo', v);
      await page.getByRole('button', { name: 'Undo' }).click();
      await page.getByText('Undone: back in Pending.').waitFor();
    });

    // A reply being written.
    await step(page, `reply ${v.width} ${v.scheme}`, async () => {
      const ken = page.locator('article', { hasText: 'Ken Adams' });
      await ken.getByRole('button', { name: 'Reply' }).click();
      await ken.locator('textarea').fill('Permits are refunded pro rata: see the city’s parking page.');
      await shot(page, 'card-reply', v, { locator: ken });
      await ken.getByRole('button', { name: 'Cancel' }).click();
    });

    // An empty queue: a site with nothing waiting.
    await step(page, `empty-queue ${v.width} ${v.scheme}`, async () => {
      if (v.phone) await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByLabel('Site').selectOption({ label: 'Quiet Blog' });
      await page.getByText('Nothing waiting.').waitFor();
      if (v.phone) await shot(page, 'filters-open', v);
      if (v.phone) await page.getByRole('button', { name: /^Filters/ }).click();
      await shot(page, 'empty-queue', v);
      if (v.phone) await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByLabel('Site').selectOption({ label: 'All sites' });
      if (v.phone) await page.getByRole('button', { name: /^Filters/ }).click();
      await page.locator('article[data-comment-id]').first().waitFor();
    });

    // Sites: the list, then a site's settings refused with every bad field named.
    await step(page, `sites ${v.width} ${v.scheme}`, async () => {
      await page.goto(`${origin}/admin#sites`);
      await page.getByRole('heading', { name: 'Sites' }).waitFor();
      await page.locator('.rows li').first().waitFor();
      await shot(page, 'sites', v, { fullPage: true });
      await page.goto(`${origin}/admin#sites/${daily}`);
      await page.getByLabel('Origins').waitFor();
      await shot(page, 'site-edit', v, { fullPage: true });
      await page.getByLabel('Origins').fill('https://daily.example\nnot an origin');
      await page.getByLabel('Links before holding').fill('-1');
      await page.getByLabel('Webhook URL').fill('ftp://hooks.example');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/fields need attention/).waitFor();
      await shot(page, 'site-edit-errors', v, { fullPage: true });
    });

    // Moderators: one added, the password shown this once.
    await step(page, `moderators ${v.width} ${v.scheme}`, async () => {
      await page.goto(`${origin}/admin#moderators`);
      await page.getByRole('heading', { name: 'Moderators' }).waitFor();
      await page.getByLabel('Email').fill(`new${i}@daily.example`);
      await page.getByLabel('Name (optional)').fill(`Nora New ${i + 1}`);
      await page.getByRole('checkbox', { name: 'The Daily Example' }).check();
      await page.getByRole('button', { name: 'Add moderator' }).click();
      await page.getByText('Shown only now:').waitFor();
      await shot(page, 'moderators-password', v, { fullPage: true });
    });

    // A moderator who is not an admin: one site, no admin pages.
    await step(page, `moderator-view ${v.width} ${v.scheme}`, async () => {
      const bob = await open(v);
      await signIn(bob, 'bob@technotes.example');
      await bob.locator('article[data-comment-id]').first().waitFor();
      await shot(bob, 'moderator-view', v);
      await bob.context().close();
    });

    await page.goto(`${origin}/admin#queue`);
    await page.locator('article[data-comment-id]').first().waitFor();
    adminPages.push([page, v]);
  }

  // The server restarts under open dashboards: each says so and keeps its view.
  await server.stop();
  for (const [page, v] of adminPages) {
    await page.getByText('Reconnecting…').waitFor();
    await shot(page, 'reconnecting', v);
  }
  server = startServer();
  await server.ready;
  for (const [page] of adminPages) await page.locator('main[data-live="on"]').waitFor({ timeout: 20_000 });
  process.stdout.write(`${saved.join('\n')}\n`);
  if (failures.length) {
    process.stderr.write(`not taken:\n${failures.join('\n')}\n`);
    process.exitCode = 1;
  }
} finally {
  await browser?.close();
  await server.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (databaseUrl) await onServer(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
}
