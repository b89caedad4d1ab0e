// What the fault tests need: a PostgreSQL of their own that they may stop,
// start and cut (never the shared test server), Parley as real processes on
// it, a load balancer to switch between instances, and a stream of readers.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, freePort, type EmbeddedPostgres } from '../../src/db/embedded/cluster.js';
import { createLogger } from '../../src/log.js';
import { TEST_SECRET } from '../helpers/app.js';
import { MAIN, cleanEnv, start, type Running } from '../helpers/processes.js';

/**
 * The PostgreSQL binaries to run: those of the server TEST_DATABASE_URL names
 * when this machine has them (Debian's /usr/lib/postgresql/N), so the fault
 * tests run on both supported versions; else the embedded package's.
 */
async function binariesLikeTheTestServer(): Promise<{ nativeDir?: string; label: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { label: 'embedded' };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    const major = Math.floor(Number(rows[0]!.server_version_num) / 10_000);
    const candidates = [`/usr/lib/postgresql/${major}`];
    try {
      candidates.unshift(path.dirname(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()));
    } catch {
      // no pg_config on PATH
    }
    const dir = candidates.find((d) => existsSync(path.join(d, 'bin', 'postgres')) && existsSync(path.join(d, 'bin', 'initdb')));
    return dir ? { nativeDir: dir, label: `PostgreSQL ${major} (${dir})` } : { label: 'embedded' };
  } finally {
    await client.end();
  }
}

export interface FaultCluster {
  readonly url: string;
  readonly adminUrl: string;
  readonly label: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** pg_terminate_backend on every connection of a Parley process. */
  terminateParleyConnections(): Promise<number>;
  destroy(): Promise<void>;
}

export async function faultCluster(): Promise<FaultCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-fault-pg-'));
  chmodSync(dir, 0o755); // as root, the postgres user must reach it
  const { nativeDir, label } = await binariesLikeTheTestServer();
  const log = createLogger('silent');
  // Default durability: a fault test must not pass on settings users do not run.
  const open = () => startEmbeddedPostgres({ dataDir: dir, log, nativeDir, database: 'parley' });
  let running: EmbeddedPostgres | undefined = await open();
  const first = running;
  return {
    url: first.url,
    adminUrl: first.adminUrl,
    label,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async start() {
      running = await open();
      if (running.url !== first.url) throw new Error(`the restarted cluster took another port (${running.port})`);
    },
    async terminateParleyConnections() {
      const client = new pg.Client({ connectionString: first.adminUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'parley%' AND pid <> pg_backend_pid()) t`,
        );
        return rows[0]!.n;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      await running?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Instance {
  readonly process: Running;
  readonly port: number;
  readonly origin: string;
}

export async function startInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const process = start(MAIN, [], cleanEnv({ DATABASE_URL: databaseUrl, PARLEY_SECRET: TEST_SECRET, PORT: String(port), PUBLIC_URL: origin, ...env }));
  await process.waitForOutput('Parley is ready');
  return { process, port, origin };
}

/** A TCP load balancer on loopback that sends new connections to whichever instance is current. */
export async function loadBalancer(target: number) {
  let current = target;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(current, '127.0.0.1');
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    /** New connections go there from now on (the old instance's drop as it dies). */
    switchTo(port: number) {
      current = port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        open.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  readonly kind: 'post' | 'get' | 'ready';
  readonly status: number | 'timeout' | 'network';
  readonly startedAt: number;
  readonly endedAt: number;
  readonly commentId?: string;
  readonly body?: string;
}

/** Readers posting and reading in `workers` loops until stopped; every answer kept. */
export function readersStream(origin: string, opts: { site: string; workers: number; thread: string }) {
  const answers: Answer[] = [];
  let running = true;
  let n = 0;
  const send = async (kind: 'post' | 'get', init: () => Promise<Response>, body?: string) => {
    const startedAt = Date.now();
    try {
      const res = await init();
      const json = (await res.json().catch(() => ({}))) as { comment?: { id: string } };
      answers.push({ kind, status: res.status, startedAt, endedAt: Date.now(), commentId: json.comment?.id, body });
    } catch (err) {
      const name = (err as Error).name;
      answers.push({ kind, status: name === 'TimeoutError' ? 'timeout' : 'network', startedAt, endedAt: Date.now(), body });
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const worker = async (w: number) => {
    while (running) {
      const body = `Fault stream comment ${w}-${++n}-${Date.now()}`;
      await send(
        'post',
        () =>
          fetch(`${origin}/api/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ site: opts.site, thread: opts.thread, name: `Reader ${w}`, email: `reader-${w}-${n}@example.com`, body }),
            signal: AbortSignal.timeout(10_000),
          }),
        body,
      );
      await send('get', () => fetch(`${origin}/api/comments?site=${opts.site}&thread=${opts.thread}&limit=5`, { signal: AbortSignal.timeout(10_000) }));
    }
  };
  const done = Promise.all(Array.from({ length: opts.workers }, (_, w) => worker(w)));
  return {
    answers,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Polls until `probe` is true; resolves with the milliseconds it took, or rejects after `ms`. */
export async function until(probe: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

export const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
