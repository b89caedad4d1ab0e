// Two real Parley processes on one database behave as one: what happens
// through instance A reaches sockets connected to instance B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { TEST_SECRET } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { startInstances, type Instance } from '../helpers/processes.js';
import { connected, join, next, type ClientSocket } from '../helpers/server.js';

let testDb: TestDatabase;
const instances: Instance[] = [];
let running: Awaited<ReturnType<typeof startInstances>> | undefined;
const sockets: ClientSocket[] = [];
let site: string;
let moderatorEmail: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const database = openDatabase(testDb.url, { poolSize: 2, log: createLogger('silent') });
  site = (await buildSite(database.db, { mode: 'pre' })).id;
  moderatorEmail = (await buildModerator(database.db, { role: 'moderator', siteIds: [site] })).email;
  await database.close();
  running = await startInstances(2, { DATABASE_URL: testDb.url, PARLEY_SECRET: TEST_SECRET });
  instances.push(...running.list);
});

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await running?.stop();
  await testDb.drop();
});

const [A, B] = [0, 1];
const at = (i: number, path: string, init: RequestInit = {}) => fetch(`${instances[i]!.origin}${path}`, init);

function socketTo(i: number, namespace: string, headers: Record<string, string> = {}): ClientSocket {
  const s: ClientSocket = connect(`${instances[i]!.origin}${namespace}`, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
  sockets.push(s);
  return s;
}

describe('two instances on one database', () => {
  it('deliver to a moderator on B the comment posted through A, and to a reader on B the approval made through A', async () => {
    // Sign in through A; the session works on B (sessions live in PostgreSQL).
    const login = await at(A, '/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: instances[A]!.origin },
      body: JSON.stringify({ email: moderatorEmail, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    const moderatorOnB = socketTo(B, '/moderation', { Origin: instances[B]!.origin, Cookie: cookie });
    await connected(moderatorOnB);
    const readerOnB = socketTo(B, '/');
    await connected(readerOnB);
    expect(await join(readerOnB, { site, thread: 'across' })).toEqual({ ok: true });

    const created = next(moderatorOnB, 'comment:created', 5_000);
    const posted = await at(A, '/api/comments', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(aComment({ site, thread: 'across' })) });
    expect(posted.status).toBe(201);
    const { comment } = (await posted.json()) as { comment: { id: string } };
    expect((await created).id).toBe(comment.id);

    const approved = next(readerOnB, 'comment:approved', 5_000);
    const moderated = next(moderatorOnB, 'comment:moderated', 5_000);
    const change = await at(A, `/api/moderation/comments/${comment.id}/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: instances[A]!.origin, Cookie: cookie },
      body: JSON.stringify({ status: 'approved', from: 'pending' }),
    });
    expect(change.status).toBe(200);
    expect(await approved).toMatchObject({ id: comment.id, thread: 'across' });
    expect(await moderated).toMatchObject({ id: comment.id, status: 'approved', previousStatus: 'pending' });
  });
});
