// The database handle every module receives: a pg pool (the readers' paths,
// sessions, status changes, health checks, migrations: hand-written SQL) and
// the Prisma client on top of it (admin, queue listings, the CLI).
//
// Prisma is loaded on its first use, not at start: its query compiler is a
// WebAssembly module (~4.7 MB of bundle to parse, ~75 MB of RSS once
// instantiated, ~150 ms). A server that only serves readers never pays it.
import pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';

export type Db = PrismaClient;

export interface Database {
  /** The connection URL (with its password: never log it). */
  readonly url: string;
  readonly db: Db;
  readonly pool: pg.Pool;
  /** Whether anything has used `db` yet (it loads on first use). */
  readonly prismaLoaded: boolean;
  /** Round trip to PostgreSQL within `timeoutMs`; false when unreachable. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * How long a request may wait for a connection before it is answered 503: a
 * database that is down answers at once (refused), one that hangs, or a pool
 * that is full, must not hold a reader past the 2 s the contract allows.
 */
export const CONNECT_TIMEOUT_MS = 1_500;

/**
 * A pool whose every connection, idle or checked out, has an 'error' listener.
 * pg-pool listens only while a client is idle: a client held by its user (a
 * LISTEN, a migration, a transaction) that loses its server (57P01 on a
 * restart, pg_terminate_backend) would otherwise emit an unhandled 'error'
 * and end the process. The user of that client still sees the failure on its
 * next query, or by the client's 'end'.
 */
export function resilientPool(opts: pg.PoolConfig & { logger: Logger; label: string }): pg.Pool {
  const { logger: log, label, ...config } = opts;
  const pool = new pg.Pool({ connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...config });
  const lost = (err: Error) => log.warn({ err: { message: err.message, code: (err as { code?: string }).code }, pool: label }, 'database connection lost');
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('error', () => {}); // idle clients: already reported by the listener above
  return pool;
}

export function openDatabase(url: string, opts: { poolSize: number; log: Logger; applicationName?: string }): Database {
  const pool = resilientPool({
    connectionString: url,
    max: opts.poolSize,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'parley',
    logger: opts.log,
    label: 'main',
  });
  const prisma = lazyPrisma(pool);
  const db = prisma.client;
  let closed = false;
  return {
    url,
    db,
    pool,
    get prismaLoaded() {
      return prisma.loaded();
    },
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const query = pool.query('SELECT 1').then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.disconnect();
      await pool.end();
    },
  };
}

/**
 * A PrismaClient that loads (module and engine) on the first call made on it.
 * Calls before that wait for the load, then run as usual. The array form of
 * $transaction takes Prisma's own lazy promises, which these are not: use
 * the interactive form (a function) on this client.
 */
function lazyPrisma(pool: pg.Pool): { client: Db; loaded(): boolean; disconnect(): Promise<void> } {
  let loading: Promise<PrismaClient> | undefined;
  const load = () =>
    (loading ??= Promise.all([import('../generated/prisma/client.js'), import('@prisma/adapter-pg')]).then(
      ([{ PrismaClient }, { PrismaPg }]) => new PrismaClient({ adapter: new PrismaPg(pool) }),
    ));
  // Every member is either a model delegate (db.comment.findMany) or a client method ($transaction, $queryRaw).
  const call = (path: readonly string[]) =>
    (...args: unknown[]) =>
      load().then((client) => {
        let target: unknown = client;
        for (const key of path.slice(0, -1)) target = (target as Record<string, unknown>)[key];
        const fn = (target as Record<string, (...a: unknown[]) => unknown>)[path.at(-1)!]!;
        return fn.apply(target, args);
      });
  const client = new Proxy({} as Db, {
    get(_target, prop) {
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      if (prop.startsWith('$')) return call([prop]);
      return new Proxy({}, { get: (_t, method) => (typeof method === 'string' && method !== 'then' ? call([prop, method]) : undefined) });
    },
  });
  return {
    client,
    loaded: () => loading !== undefined,
    async disconnect() {
      if (loading) await (await loading.catch(() => undefined))?.$disconnect();
    },
  };
}

/**
 * A unique-constraint violation: P2002 from the query builder, P2010 with the
 * driver's UniqueConstraintViolation from $queryRaw, or SQLSTATE 23505 from pg.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };
  if (e.code === 'P2002' || e.code === '23505') return true;
  const cause = e.meta?.driverAdapterError?.cause;
  return e.code === 'P2010' && (cause?.kind === 'UniqueConstraintViolation' || cause?.originalCode === '23505');
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  // PostgreSQL: shutting down, starting up, connection failures.
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
  // Prisma: cannot reach, timed out, connection closed.
  'P1001', 'P1002', 'P1017',
]);

/** True when an error means "the database cannot be reached", wherever in the cause chain it sits. */
export function isDatabaseUnavailable(err: unknown): boolean {
  // Prisma wraps the driver's error in meta.driverAdapterError (e.g. P2039 with
  // 57P03 "starting up" inside), pg and others in cause: follow both.
  const queue: unknown[] = [err];
  for (let seen = 0; seen < 12 && queue.length; seen++) {
    const current = queue.shift();
    if (!current || typeof current !== 'object') continue;
    const e = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
    if (typeof e.originalCode === 'string' && UNREACHABLE_CODES.has(e.originalCode)) return true;
    if (e.kind === 'DatabaseNotReachable' || e.kind === 'ConnectionClosed' || e.kind === 'SocketTimeout') return true;
    if (typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Can't reach database server/i.test(e.message)) return true;
    queue.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
}
