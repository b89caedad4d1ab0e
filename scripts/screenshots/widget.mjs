// The readers' widget in every state, at 1280 and 360 px, light and dark:
// screenshots/widget-<state>-<width>-<theme>.png. A real Parley (dist/main.js)
// on a fresh database, seeded through the public API (and the CLI, and SQL for
// what no reader's request can do: dates spread over days, likes, a badge),
// embedded in a page on another origin as a site embeds it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'screenshots');
mkdirSync(out, { recursive: true });
const only = process.env.SHOTS ? process.env.SHOTS.split(',') : null;

// A kept-alive connection the server has since closed (the CLI takes seconds) fails once: try again on a new one.
const request = (url, init) => fetch(url, init).catch(() => fetch(url, init));

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// A database of our own: on the test or configured server when there is one, else Parley's embedded one.
const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const dbName = `parley_shots_${process.pid}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-shots-'));
const admin = async (sql) => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(sql).finally(() => c.end());
};
let databaseUrl;
if (adminUrl) {
  await admin(`CREATE DATABASE "${dbName}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
}
const port = await freePort();
const env = { PATH: process.env.PATH, PORT: String(port), PARLEY_DATA_DIR: dataDir, PARLEY_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', POSTS_PER_MINUTE_PER_ADDRESS: '1000000', READS_PER_MINUTE_PER_ADDRESS: '1000000', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
const parley = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [path.join(root, 'dist/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
// However this script ends, the server it started ends with it.
process.on('exit', () => server.exitCode === null && server.kill('SIGTERM'));
for (let i = 0; ; i++) {
  if ((await fetch(`${parley}/readyz`).then((r) => r.ok, () => false)) === true) break;
  if (i > 600 || server.exitCode !== null) throw new Error('Parley did not start');
  await new Promise((r) => setTimeout(r, 100));
}
if (!databaseUrl) {
  const state = JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8'));
  databaseUrl = `postgresql://postgres:${state.password}@127.0.0.1:${state.port}/parley`;
}
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const cli = (...args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { env: { ...env, DATABASE_URL: databaseUrl }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

// The host pages: an article on its own origin, and one on an origin no site allows.
let page = { site: '', thread: '', theme: 'light', attrs: '' };
const article = () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Why small tools win</title><style>
body{margin:0;font:18px/1.65 Georgia,serif;${page.theme === 'dark' ? 'background:#121316;color:#e6e6e6' : 'background:#fff;color:#222'}}
main{max-width:680px;margin:0 auto;padding:32px 20px 64px}h1{font-size:2rem;line-height:1.2;margin:0 0 .5rem}.by{font:14px system-ui,sans-serif;opacity:.7}
</style></head><body><main><h1>Why small tools win</h1><p class="by">An article · 4 min read</p>
<p>Small tools are easy to understand, easy to change and easy to throw away. They do one job, and they do it where you can see it.</p>
<div id="parley-comments" data-thread="${page.thread}" ${page.attrs}></div>
<script src="${parley}/widget.js" data-site="${page.site}" async></script></main></body></html>`;
const hostServer = (html) =>
  new Promise((resolve) => {
    const s = http.createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html()));
    s.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${s.address().port}`, close: () => s.close() }));
  });
const host = await hostServer(article);
const stranger = await hostServer(article);

const created = (text) => text.match(/[a-z0-9][\w-]{5,}/gi).find((w) => /\d/.test(w));
const siteId = created(cli('site:create', '--name', 'Small tools', '--origin', host.origin, '--mode', 'post'));
const preSite = created(cli('site:create', '--name', 'Moderated', '--origin', host.origin, '--mode', 'pre'));
for (const s of [siteId, preSite]) cli('site:update', s, '--flood-seconds', '0');
cli('site:update', siteId, '--depth', '3');

// A form token older than 3 s passes the "too fast" check; it stays good for 2 hours.
const token = async (site) => (await (await request(`${parley}/api/form-token?site=${site}`)).json()).formToken;
const tokens = { [siteId]: await token(siteId), [preSite]: await token(preSite) };
await new Promise((r) => setTimeout(r, 3_200));
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken Thompson', 'Margaret Hamilton', 'Donald Knuth', 'Frances Allen', 'Alan Kay', 'Radia Perlman'];
const BODIES = [
  'This matches my experience. The tools I still use after ten years are the ones I can **read in an afternoon**.',
  'I would add one thing: small tools compose. A pipe of three small programs beats one big one with three modes.',
  'Counterpoint: _someone_ has to glue them together, and that glue is where the bugs live.\n\n> The glue is the program.',
  'Short and to the point. Thanks for writing it.',
  'We replaced a 40 MB dependency with 200 lines of our own code last year:\n\n- faster builds\n- one less security advisory a month\n- nobody misses it',
  'Do you have numbers for the `node_modules` part? I suspect it is worse than people think.',
];
let n = 0;
async function post(site, thread, fields = {}) {
  const i = n++;
  const res = await request(`${parley}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, thread, threadTitle: 'Why small tools win', formToken: tokens[site], honeypot: '', name: NAMES[i % NAMES.length], email: `reader${i}@example.com`, body: BODIES[i % BODIES.length], ...fields }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`POST: ${res.status} ${JSON.stringify(body)}`);
  return body.comment.id;
}
/** Spreads a thread's comments over the last days, oldest first, as a real thread's are. */
async function age(ids) {
  for (const [i, id] of ids.entries()) await db.query(`UPDATE comments SET created_at = now() - make_interval(mins => $2) WHERE id = $1`, [id, (ids.length - i) * 173]);
}

// The threads.
const long = [];
for (let i = 0; i < 8; i++) long.push(await post(siteId, 'long', i === 2 ? { website: 'https://example.com/grace' } : {}));
long.push(await post(siteId, 'long', { parentId: long[0], body: 'Agreed, and the afternoon part matters more than it sounds.' }));
long.push(await post(siteId, 'long', { parentId: long[1], name: 'Parley team', body: 'Thanks all: we pinned this thread. Keep it kind.' }));
await age(long);
await db.query(`UPDATE comments SET like_count = $2 WHERE id = $1`, [long[0], 12]);
await db.query(`UPDATE comments SET like_count = $2 WHERE id = $1`, [long[4], 3]);
await db.query(`UPDATE comments SET badge = 'moderator' WHERE id = $1`, [long[9]]);
await db.query(`UPDATE comments SET edited_at = now() WHERE id = $1`, [long[3]]);

const deep = [await post(siteId, 'deep')];
deep.push(await post(siteId, 'deep', { parentId: deep[0] }));
deep.push(await post(siteId, 'deep', { parentId: deep[1], name: 'Someone With A Very Long Name Indeed', body: 'A long word in a narrow column: https://example.com/a/very/long/path/that/does/not/break/easily/at/all' }));
deep.push(await post(siteId, 'deep', { parentId: deep[0] }));
await age(deep);

const closed = [await post(siteId, 'closed'), await post(siteId, 'closed')];
await age(closed);
cli('thread:close', '--site', siteId, '--thread', 'closed');

const paged = [];
for (let i = 0; i < 55; i++) paged.push(await post(siteId, 'paged', { body: `Comment number ${i + 1}. ${BODIES[i % BODIES.length]}` }));
await age(paged);

const german = [await post(siteId, 'german', { body: 'Kleine Werkzeuge sind **leicht zu verstehen**.' }), await post(siteId, 'german', { body: 'Genau so.' })];
german.push(await post(siteId, 'german', { parentId: german[0], body: 'Und leicht zu ersetzen.' }));
await age(german);

// The states: what to open, and what to do before the picture.
const widget = (p) => p.locator('#parley-comments');
async function typeComment(p, body) {
  await widget(p).getByRole('textbox', { name: 'Comment' }).fill(body);
  await widget(p).getByRole('textbox', { name: 'Name', exact: true }).fill('Reader Me');
  await widget(p).getByRole('textbox', { name: 'Email' }).fill('me@example.com');
}
const STATES = {
  empty: { thread: 'empty-thread' },
  long: { thread: 'long' },
  deep: { thread: 'deep' },
  closed: { thread: 'closed' },
  'error-origin': { thread: 'long', origin: stranger.origin },
  'error-network': { thread: 'long', before: (p) => p.route('**/api/comments?**', (r) => r.abort()) },
  pending: {
    thread: 'pending',
    site: preSite,
    async act(p) {
      await typeComment(p, 'My first comment here: does **this** show as bold?');
      await p.waitForTimeout(3_100);
      await widget(p).getByRole('button', { name: 'Post Comment' }).click();
      await widget(p).getByText('Your comment is awaiting moderation.').first().waitFor();
    },
  },
  preview: {
    thread: 'empty-thread',
    async act(p) {
      await typeComment(p, 'A preview with **bold**, _italic_ and `code`:\n\n> a quote\n\n- one\n- two');
      await widget(p).getByRole('button', { name: 'Preview' }).click();
      await p.waitForTimeout(500);
    },
  },
  edit: {
    thread: 'edit-own',
    async act(p) {
      await typeComment(p, 'A comment I am about to edit.');
      await p.waitForTimeout(3_100);
      await widget(p).getByRole('button', { name: 'Post Comment' }).click();
      await widget(p).getByRole('button', { name: /^Edit/ }).first().click();
      await widget(p).locator('form.inline textarea').waitFor();
    },
  },
  permalink: { thread: 'paged', hash: () => `#comment-${paged[52]}`, async act(p) {
    await widget(p).locator('.hl').waitFor();
  } },
  german: { thread: 'german', attrs: 'data-lang="de"' },
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const saved = [];
try {
  for (const [name, s] of Object.entries(STATES)) {
    if (only && !only.includes(name)) continue;
    for (const width of [1280, 360])
      for (const theme of ['light', 'dark']) {
        page = { site: s.site ?? siteId, thread: `${s.thread}`, theme, attrs: s.attrs ?? '' };
        // Each picture a new reader: nothing kept from the last one.
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme, deviceScaleFactor: 1 });
        const p = await context.newPage();
        await s.before?.(p);
        // A thread of its own for each picture that posts, so each starts empty.
        if (s.act && s.thread !== 'paged') page.thread = `${s.thread}-${width}-${theme}`;
        await p.goto(`${s.origin ?? host.origin}/${s.hash ? s.hash() : ''}`);
        await widget(p).locator('h2').waitFor();
        await p.waitForTimeout(400);
        await s.act?.(p);
        await p.waitForTimeout(300);
        const file = path.join(out, `widget-${name}-${width}-${theme}.png`);
        await p.screenshot({ path: file, fullPage: name !== 'permalink' });
        saved.push(file);
        await context.close();
      }
  }
  // The page for readers without JavaScript and for crawlers (/threads/:site/:key): a long thread, and a new one nobody has commented on.
  for (const [name, thread] of [['nojs-long', 'long'], ['nojs-empty', 'empty-thread']]) {
    if (only && !only.includes(name)) continue;
    for (const width of [1280, 360])
      for (const theme of ['light', 'dark']) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme, deviceScaleFactor: 1 });
        const p = await context.newPage();
        await p.goto(`${parley}/threads/${siteId}/${encodeURIComponent(thread)}`);
        const file = path.join(out, `thread-page-${name}-${width}-${theme}.png`);
        await p.screenshot({ path: file, fullPage: true });
        saved.push(file);
        await context.close();
      }
  }
} finally {
  await browser.close();
  await db.end();
  host.close();
  stranger.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (adminUrl) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  rmSync(dataDir, { recursive: true, force: true });
}
process.stderr.write(`${saved.length} screenshots in ${path.relative(root, out)}/\n`);
