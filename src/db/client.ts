// The database handle every module receives: a pg pool (for health checks and
// the migration runner) and the Prisma client running on top of it.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';

export type Db = PrismaClient;

export interface Database {
  /** The connection URL (with its password: never log it). */
  readonly url: string;
  readonly db: Db;
  readonly pool: pg.Pool;
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
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;
  return {
    url,
    db,
    pool,
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
      await db.$disconnect();
      await pool.end();
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
