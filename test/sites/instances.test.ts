// A site change reaches every instance within 2 s (DESIGN.md §3, §6): two
// real Parley processes on one database, each with its own site caches, warmed
// before the change. Changed through instance A's admin API or the CLI (a
// process with no server at all), instance B obeys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { updateSiteSettings } from '../../src/sites/service.js';
import { TEST_SECRET } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { CLI, cleanEnv, run, startInstances, type Instance } from '../helpers/processes.js';
import { connected, type ClientSocket } from '../helpers/server.js';

const PAGES = 'https://pages.example';
const WITHIN_MS = 2_000;

let testDb: TestDatabase;
let env: Record<string, string>;
const instances: Instance[] = [];
let running: Awaited<ReturnType<typeof startInstances>> | undefined;
const sockets: ClientSocket[] = [];
let adminEmail: string;

const newSite = async (mode: 'pre' | 'post' = 'pre') => {
  const database = openDatabase(testDb.url, { poolSize: 1, log: createLogger('silent') });
  try {
    const { id } = await buildSite(database.db, { mode, allowedOrigins: [PAGES] });
    await updateSiteSettings({ db: database.db }, id, { floodSeconds: 0 });
    return id;
  } finally {
    await database.close();
  }
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  env = cleanEnv({ DATABASE_URL: testDb.url, PARLEY_SECRET: TEST_SECRET });
  const database = openDatabase(testDb.url, { poolSize: 1, log: createLogger('silent') });
  adminEmail = (await buildModerator(database.db, { role: 'admin' })).email;
  await database.close();
  running = await startInstances(2, env);
  instances.push(...running.list);
});

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await running?.stop();
  await testDb.drop();
});

const [A, B] = [0, 1];
const at = (i: number, path: string, init: RequestInit = {}) => fetch(`${instances[i]!.origin}${path}`, init);
const postAt = (i: number, body: object, origin = PAGES) =>
  at(i, '/api/comments', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify(body) });
const preflightAt = (i: number, origin = PAGES) =>
  at(i, '/api/comments', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
/** A comment posted from `origin` that is stored and that its page may read (any origin's preflight is answered: what a page may read is the test). */
const postedAndReadable = async (i: number, body: object, origin: string) => {
  const res = await postAt(i, body, origin);
  return res.status === 201 && res.headers.get('access-control-allow-origin') === origin;
};
const codeOf = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

/** Polls until `check` holds; returns how long that took after the change. */
async function obeyedWithin(check: () => Promise<boolean>): Promise<number> {
  const since = Date.now();
  for (;;) {
    if (await check()) return Date.now() - since;
    if (Date.now() - since > WITHIN_MS + 3_000) throw new Error('the change was never obeyed');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function handshake(i: number, origin: string): Promise<string> {
  const s: ClientSocket = connect(instances[i]!.origin, { transports: ['websocket'], extraHeaders: { Origin: origin }, reconnection: false, forceNew: true });
  sockets.push(s);
  try {
    await connected(s);
    return 'connected';
  } catch (err) {
    return (err as Error).message;
  } finally {
    s.disconnect();
  }
}

async function adminCookieAt(i: number): Promise<string> {
  const login = await at(i, '/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: instances[i]!.origin },
    body: JSON.stringify({ email: adminEmail, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

describe('two instances, one database: a site change', () => {
  it('made through A\'s admin API (an origin removed) is obeyed by B within 2 s: posts, reads and socket handshakes', async () => {
    const site = await newSite();
    const cookie = await adminCookieAt(A);

    // B has the site and the origin in its caches.
    expect((await postAt(B, aComment({ site, thread: 'warm' }))).status).toBe(201);
    expect((await preflightAt(B)).status).toBe(204);
    expect(await handshake(B, PAGES)).toBe('connected');

    const change = await at(A, `/api/admin/sites/${site}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Origin: instances[A]!.origin, Cookie: cookie },
      body: JSON.stringify({ allowedOrigins: ['https://elsewhere.example'] }),
    });
    expect(change.status).toBe(200);

    const posts = await obeyedWithin(async () => {
      const res = await postAt(B, aComment({ site, thread: 'warm' }));
      return res.status === 403 && (await codeOf(res)) === 'origin_not_allowed';
    });
    const reads = await obeyedWithin(async () => (await at(B, `/api/comments?site=${site}&thread=warm`, { headers: { Origin: PAGES } })).status === 403);
    const handshakes = await obeyedWithin(async () => (await handshake(B, PAGES)) === 'origin_not_allowed');
    expect(Math.max(posts, reads, handshakes)).toBeLessThanOrEqual(WITHIN_MS);
  });

  it("a site created and an origin added through A's admin API: A takes the widget's comments at once, B within 2 s", async () => {
    const cookie = await adminCookieAt(A);
    const admin = (path: string, method: string, body: object) =>
      at(A, path, { method, headers: { 'Content-Type': 'application/json', Origin: instances[A]!.origin, Cookie: cookie }, body: JSON.stringify(body) });
    const NEW = 'https://fresh.example';
    // B has been asked about the new origin, and remembers that no site allows it.
    expect((await at(B, '/api/counts?site=nosuchsite&thread=a', { headers: { Origin: NEW } })).status).toBe(404);

    const created = await admin('/api/admin/sites', 'POST', { name: 'Fresh', allowedOrigins: [NEW], floodSeconds: 0 });
    expect(created.status).toBe(201);
    const site = ((await created.json()) as { site: { id: string } }).site.id;
    expect((await preflightAt(A, NEW)).status).toBe(204);
    expect(await postedAndReadable(A, aComment({ site, thread: 'fresh' }), NEW)).toBe(true);
    const created2s = await obeyedWithin(() => postedAndReadable(B, aComment({ site, thread: 'fresh' }), NEW));

    const ADDED = 'https://added.example';
    expect((await postAt(B, aComment({ site, thread: 'fresh' }), ADDED)).status).toBe(403);
    expect((await admin(`/api/admin/sites/${site}`, 'PATCH', { allowedOrigins: [NEW, ADDED] })).status).toBe(200);
    expect(await postedAndReadable(A, aComment({ site, thread: 'fresh' }), ADDED)).toBe(true);
    const added2s = await obeyedWithin(() => postedAndReadable(B, aComment({ site, thread: 'fresh' }), ADDED));
    expect(Math.max(created2s, added2s)).toBeLessThanOrEqual(WITHIN_MS);
  });

  it('made with the CLI (the mode) is obeyed by A and B within 2 s', async () => {
    const site = await newSite('pre');
    for (const i of [A, B]) expect(((await (await postAt(i, aComment({ site, thread: 'mode' }))).json()) as { comment: { status: string } }).comment.status).toBe('pending');

    const result = await run(CLI, ['site:update', site, '--mode', 'post'], env);
    expect(result.code, result.stderr).toBe(0);

    for (const i of [A, B]) {
      const took = await obeyedWithin(async () => {
        const res = await postAt(i, aComment({ site, thread: 'mode' }));
        return ((await res.json()) as { comment: { status: string } }).comment.status === 'approved';
      });
      expect(took).toBeLessThanOrEqual(WITHIN_MS);
    }
  });

  it('thread:close from the CLI: B refuses the next comment with 403 thread_closed and reads the thread as closed; thread:open lets it in again', async () => {
    const site = await newSite('post');
    expect((await postAt(B, aComment({ site, thread: 'closing' }))).status).toBe(201);

    const closed = await run(CLI, ['thread:close', '--site', site, '--thread', 'closing'], env);
    expect(closed.code, closed.stderr).toBe(0);
    const refused = await postAt(B, aComment({ site, thread: 'closing' }));
    expect(refused.status).toBe(403);
    expect(await codeOf(refused)).toBe('thread_closed');
    const read = (await (await at(B, `/api/comments?site=${site}&thread=closing`)).json()) as { thread: { closed: boolean } };
    expect(read.thread.closed).toBe(true);

    expect((await run(CLI, ['thread:open', '--site', site, '--thread', 'closing'], env)).code).toBe(0);
    expect((await postAt(B, aComment({ site, thread: 'closing' }))).status).toBe(201);
  });
});
