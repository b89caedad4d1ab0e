// Two instances behind a load balancer on one PostgreSQL: one is killed
// (SIGKILL, no goodbye) and the other carries on; every Parley connection is
// cut at the database (pg_terminate_backend, as a fail-over does) and both
// instances recover, live events flowing between them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { connected, join, next, type ClientSocket } from '../helpers/server.js';
import { faultCluster, loadBalancer, settle, startInstance, until, type FaultCluster, type Instance } from './helpers.js';
import { sessionCookie } from '../helpers/moderation.js';

let cluster: FaultCluster;
const instances: Instance[] = [];
const sockets: ClientSocket[] = [];
let site: string;
let moderatorEmail: string;

beforeAll(async () => {
  cluster = await faultCluster();
  instances.push(await startInstance(cluster.url));
  instances.push(await startInstance(cluster.url));
  const database = openDatabase(cluster.url, { poolSize: 1, log: createLogger('silent') });
  site = (await buildSite(database.db, { mode: 'pre' })).id;
  await database.db.site.update({ where: { id: site }, data: { floodSeconds: 0 } });
  moderatorEmail = (await buildModerator(database.db, { role: 'admin' })).email;
  await database.close();
}, 120_000);

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  for (const i of instances) if (i.process.child.exitCode === null) i.process.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => i.process.exited));
  await cluster?.destroy();
});

async function signIn(i: Instance): Promise<string> {
  const res = await fetch(`${i.origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: i.origin },
    body: JSON.stringify({ email: moderatorEmail, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return sessionCookie(res);
}

async function post(origin: string, thread: string): Promise<{ status: number; id?: string }> {
  const res = await fetch(`${origin}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(aComment({ site, thread })) });
  const body = (await res.json()) as { comment?: { id: string } };
  return { status: res.status, id: body.comment?.id };
}

async function approve(i: Instance, cookie: string, id: string) {
  const res = await fetch(`${i.origin}/api/moderation/comments/${id}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: i.origin, Cookie: cookie },
    body: JSON.stringify({ status: 'approved' }),
  });
  return res.status;
}

describe('two instances on one database', () => {
  it('recover from pg_terminate_backend on every Parley connection: no exit, requests and live events between instances within 5 s', async () => {
    const [a, b] = instances as [Instance, Instance];
    const cookie = await signIn(a);
    const reader: ClientSocket = connect(b.origin, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(reader);
    await connected(reader);
    expect(await join(reader, { site, thread: 'cut' })).toEqual({ ok: true });

    const cutAt = Date.now();
    const terminated = await cluster.terminateParleyConnections();
    expect(terminated).toBeGreaterThanOrEqual(4); // each instance's pool and its LISTEN connection at least
    await settle(100);
    expect(a.process.child.exitCode).toBeNull();
    expect(b.process.child.exitCode).toBeNull();

    // Requests succeed again, through either instance.
    let id: string | undefined;
    const toPost = await until(async () => {
      const r = await post(a.origin, 'cut');
      id = r.id;
      return r.status === 201;
    }, 5_000, 'POST 201 through A');
    // The approval made through A reaches the reader on B: both LISTEN connections are back.
    let delivered = -1;
    const toLive = await until(async () => {
      const approved = next(reader, 'comment:approved', 400);
      const { id: fresh } = await post(a.origin, 'cut');
      expect(await approve(a, cookie, fresh!)).toBe(200);
      const got = await approved.catch(() => undefined);
      if (got?.id === fresh) delivered = Date.now() - cutAt;
      return got?.id === fresh;
    }, 5_000, 'a live event from A to a reader on B');
    expect(id).toBeDefined();
    expect(a.process.child.exitCode).toBeNull();
    expect(b.process.child.exitCode).toBeNull();
    console.info(`[faults] ${cluster.label}: pg_terminate_backend on ${terminated} connections; POST 201 after ${toPost} ms; live A→B again ${toLive} ms later (${delivered} ms after the cut)`);
  }, 30_000);

  it('lose one to SIGKILL: the other serves, and a reader reconnects to it through the load balancer and catches up with ?since=', async () => {
    const [a, b] = instances as [Instance, Instance];
    const balancer = await loadBalancer(a.port);
    try {
      const cookie = await signIn(b);
      // The widget's way: follow the thread, remember the last comment seen, and after a reconnect join again and fetch what is newer.
      const reader: ClientSocket = connect(balancer.origin, { transports: ['websocket'], reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500, forceNew: true });
      sockets.push(reader);
      let lastSeen: string | undefined;
      const seen: string[] = [];
      reader.on('comment:approved', (c) => {
        seen.push(c.id);
        lastSeen = c.id;
      });
      let reconnects = 0;
      reader.on('connect', () => {
        void join(reader, { site, thread: 'killed' });
        if (lastSeen) {
          reconnects++;
          void fetch(`${balancer.origin}/api/comments?site=${site}&thread=killed&since=${lastSeen}`)
            .then((r) => r.json() as Promise<{ comments: Array<{ id: string }> }>)
            .then((page) => page.comments.forEach((c) => !seen.includes(c.id) && seen.push(c.id)));
        }
      });
      await connected(reader);
      await settle(200);

      // Live from B to the reader on A (A's LISTEN may still be reconnecting after the test above): until one arrives.
      await until(async () => {
        const before = await post(b.origin, 'killed');
        expect(await approve(b, cookie, before.id!)).toBe(200);
        await settle(300);
        return seen.includes(before.id!);
      }, 10_000, 'an approval through B, live on A');

      balancer.switchTo(b.port);
      a.process.child.kill('SIGKILL');
      await a.process.exited;
      // While the reader is away: a comment approved through B.
      const missed = await post(b.origin, 'killed');
      expect(missed.status).toBe(201);
      expect(await approve(b, cookie, missed.id!)).toBe(200);

      const caughtUp = await until(async () => seen.includes(missed.id!), 5_000, 'the missed comment after the reconnect');
      expect(reconnects).toBe(1);
      // And live again, now from B.
      const after = await post(b.origin, 'killed');
      const live = next(reader, 'comment:approved', 3_000);
      expect(await approve(b, cookie, after.id!)).toBe(200);
      expect((await live).id).toBe(after.id);
      expect(b.process.child.exitCode).toBeNull();
      expect((await fetch(`${b.origin}/readyz`)).status).toBe(200);
      console.info(`[faults] SIGKILL of one instance: the reader was back, caught up, ${caughtUp} ms after the kill`);
    } finally {
      await balancer.close();
    }
  }, 30_000);
});
