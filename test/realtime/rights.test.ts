// A moderator's live connection follows their rights (DESIGN.md §3, §7): a
// change made from the CLI (another process, no Socket.IO server of its own)
// reaches a connection open on another instance within 2 s — a removed site
// goes silent, a new password or removal closes the connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { TEST_SECRET } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { CLI, cleanEnv, run, startInstances, type Instance } from '../helpers/processes.js';
import { connected, type ClientSocket } from '../helpers/server.js';
import { sessionCookie } from '../helpers/moderation.js';

let testDb: TestDatabase;
let env: Record<string, string>;
const instances: Instance[] = [];
let running: Awaited<ReturnType<typeof startInstances>> | undefined;
const sockets: ClientSocket[] = [];
let siteA: string;
let siteB: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const database = openDatabase(testDb.url, { poolSize: 2, log: createLogger('silent') });
  siteA = (await buildSite(database.db)).id;
  siteB = (await buildSite(database.db)).id;
  await database.close();
  env = cleanEnv({ DATABASE_URL: testDb.url, PARLEY_SECRET: TEST_SECRET });
  running = await startInstances(2, env);
  instances.push(...running.list);
});

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await running?.stop();
  await testDb.drop();
});

const [A, B] = [instances[0]!, instances[1]!].map((_, i) => i) as [number, number];
const cli = async (...args: string[]) => {
  const result = await run(CLI, args, { ...env, PARLEY_PASSWORD: 'a whole new password, long enough' });
  expect(result.code, result.stderr).toBe(0);
};

async function moderatorOn(instance: number, sites: string[]) {
  const db = openDatabase(testDb.url, { poolSize: 1, log: createLogger('silent') });
  const m = await buildModerator(db.db, { role: 'moderator', siteIds: sites });
  await db.close();
  const { origin } = instances[instance]!;
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email: m.email, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = sessionCookie(login);
  const socket: ClientSocket = connect(`${origin}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { Origin: origin, Cookie: cookie } });
  sockets.push(socket);
  await connected(socket);
  const heard: string[] = [];
  socket.on('comment:created', (c) => heard.push(c.site.id));
  return { email: m.email, socket, heard };
}

/** Posts through instance A and returns once the comment is stored. */
async function postOn(site: string) {
  const res = await fetch(`${instances[A]!.origin}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(aComment({ site, thread: 'rights' })) });
  expect(res.status).toBe(201);
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(done: () => boolean, ms: number) {
  const started = Date.now();
  while (!done() && Date.now() - started < ms) await settle(20);
}

/** Runs the CLI command; the connection must be closed by the server no later than 2 s after the command finished. */
async function closedBy(socket: ClientSocket, ...args: string[]) {
  let closedAt: number | undefined;
  let reason: string | undefined;
  socket.once('disconnect', (r) => {
    closedAt = Date.now();
    reason = r;
  });
  await cli(...args);
  const doneAt = Date.now();
  while (closedAt === undefined && Date.now() - doneAt < 2_000) await settle(20);
  expect(reason).toBe('io server disconnect');
  expect(closedAt! - doneAt).toBeLessThan(2_000);
}

describe("a moderator's open connection on another instance", () => {
  it('stops hearing of a site the CLI took away from them, at once, and keeps hearing the others', async () => {
    const m = await moderatorOn(B, [siteA, siteB]);
    const heardAll = (n: number) => until(() => m.heard.length >= n, 10_000);
    await postOn(siteA);
    await heardAll(1);
    expect(m.heard).toEqual([siteA]);

    await cli('site:assign', '--site', siteA, '--email', m.email, '--remove');
    await settle(300);
    // Both go out through A in this order: once B's comment has arrived, A's would have too.
    await postOn(siteA);
    await postOn(siteB);
    await heardAll(2);
    await settle(200);
    expect(m.heard).toEqual([siteA, siteB]);

    // Given back: heard again.
    await cli('site:assign', '--site', siteA, '--email', m.email);
    await settle(300);
    await postOn(siteA);
    await heardAll(3);
    expect(m.heard).toEqual([siteA, siteB, siteA]);
  });

  it('is closed within 2 s when the CLI sets a new password', async () => {
    const m = await moderatorOn(B, [siteA]);
    await closedBy(m.socket, 'moderator:password', '--email', m.email);
  });

  it('is closed within 2 s when the CLI removes the moderator', async () => {
    const m = await moderatorOn(B, [siteA]);
    await closedBy(m.socket, 'moderator:remove', '--email', m.email);
  });
});
