// PostgreSQL stops under load, then comes back (DESIGN.md §5: 503
// `unavailable`, never a 500, never an exit). Parley runs as a real process
// on a PostgreSQL of this test's own, with the database's default durability.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { io as connect } from 'socket.io-client';
import { buildSite } from '../helpers/factories.js';
import { connected } from '../helpers/server.js';
import { faultCluster, readersStream, settle, startInstance, until, type FaultCluster, type Instance } from './helpers.js';

let cluster: FaultCluster;
let parley: Instance;
let site: string;

beforeAll(async () => {
  cluster = await faultCluster();
  parley = await startInstance(cluster.url);
  const database = openDatabase(cluster.url, { poolSize: 1, log: createLogger('silent') });
  site = (await buildSite(database.db, { mode: 'pre' })).id;
  await database.db.site.update({ where: { id: site }, data: { floodSeconds: 0 } });
  await database.close();
}, 120_000);

afterAll(async () => {
  parley?.process.child.kill('SIGTERM');
  await parley?.process.exited;
  await cluster?.destroy();
});

const ready = async () => (await fetch(`${parley.origin}/readyz`, { signal: AbortSignal.timeout(3_000) })).status;

describe(`PostgreSQL stopped under a stream of readers`, () => {
  it('gets only 201/200/503 answers, 503 within 2 s, recovers within 5 s of the restart, and loses no comment answered 201', async () => {
    const stream = readersStream(parley.origin, { site, workers: 8, thread: 'stormy' });
    await settle(1_500);

    const stoppedAt = Date.now();
    await cluster.stop();
    const stopTook = Date.now() - stoppedAt;
    const toReady503 = await until(async () => (await ready()) === 503, 2_000, '/readyz 503');
    const down = await fetch(`${parley.origin}/api/comments?site=${site}&thread=stormy`);
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await down.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    // A moderator's live connection is told the database is unavailable, not that the session is bad.
    const moderatorWhileDown = connect(`${parley.origin}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { Origin: parley.origin, Cookie: 'parley_session=some-token' } });
    expect(await connected(moderatorWhileDown).catch((err: Error) => err.message)).toBe('unavailable');
    moderatorWhileDown.disconnect();
    await settle(2_500);

    const restartedAt = Date.now();
    await cluster.start();
    const restartTook = Date.now() - restartedAt;
    const upAt = Date.now();
    const toReady200 = await until(async () => (await ready()) === 200, 5_000, '/readyz 200');
    const firstCreatedAfter = () => stream.answers.find((a) => a.kind === 'post' && a.status === 201 && a.startedAt >= upAt);
    const to201 = await until(async () => firstCreatedAfter() !== undefined, 5_000, 'a POST answered 201');
    await settle(500);
    await stream.stop();

    // The process is alive and serving.
    expect(parley.process.child.exitCode).toBeNull();
    expect(await ready()).toBe(200);

    const statuses = new Set(stream.answers.map((a) => a.status));
    const unexpected = (parley.process.stdout() + parley.process.stderr()).split('\n').filter((l) => l.includes('unexpected error')).slice(0, 3);
    expect([...statuses].filter((s) => s !== 201 && s !== 200 && s !== 503), unexpected.join('\n')).toEqual([]);
    // While it was down (from the moment the stop finished), every request was answered 503 within 2 s.
    const duringOutage = stream.answers.filter((a) => a.startedAt >= stoppedAt + stopTook && a.endedAt <= restartedAt);
    expect(duringOutage.length).toBeGreaterThan(20);
    expect(duringOutage.every((a) => a.status === 503)).toBe(true);
    const slowest503 = Math.max(...duringOutage.map((a) => a.endedAt - a.startedAt));
    expect(slowest503).toBeLessThan(2_000);

    // Every comment answered 201 is stored, once; none answered 503 was stored.
    const created = stream.answers.filter((a) => a.kind === 'post' && a.status === 201);
    const refused = stream.answers.filter((a) => a.kind === 'post' && a.status === 503);
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query<{ id: string; body: string }>(`SELECT c.id, c.body FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.site_id = $1 AND t.key = 'stormy'`, [site]);
    await client.end();
    const stored = new Map(rows.map((r) => [r.id, r.body]));
    expect(created.filter((a) => stored.get(a.commentId!) !== a.body)).toEqual([]);
    const storedBodies = new Set(rows.map((r) => r.body));
    const refusedButStored = refused.filter((a) => storedBodies.has(a.body!)).length;
    expect(refusedButStored).toBe(0);
    expect(rows.length).toBe(created.length);

    console.info(
      `[faults] ${cluster.label}: stop took ${stopTook} ms; /readyz 503 after ${toReady503} ms; slowest 503 ${slowest503} ms; ` +
        `restart took ${restartTook} ms; /readyz 200 after ${toReady200} ms, first POST 201 after ${to201} ms; ` +
        `${created.length} answered 201 = ${rows.length} stored; ${refused.length} answered 503, ${refusedButStored} of them stored; ${stream.answers.length} requests`,
    );
  }, 60_000);
});
