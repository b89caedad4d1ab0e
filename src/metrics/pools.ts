// PostgreSQL pools of this instance as gauges, by pool name (main: the
// requests' pool; realtime: the Socket.IO adapter's), read at scrape time
// from the pools' own counters: no query.
import type pg from 'pg';
import type { Metrics } from './registry.js';

export interface PoolMetrics {
  /** Follows `pool` under `name` until the returned function is called. */
  add(name: string, pool: pg.Pool): () => void;
}

export function poolMetrics(metrics: Metrics): PoolMetrics {
  const pools = new Map<string, pg.Pool>();
  const each = <T>(f: (name: string, pool: pg.Pool) => T[]) => [...pools].flatMap(([name, pool]) => f(name, pool));
  metrics.registerGauge({
    name: 'parley_db_pool_connections',
    help: 'PostgreSQL connections of this instance, by pool and state (in_use: checked out; idle: open, waiting for work).',
    labelNames: ['pool', 'state'],
    collect: () =>
      each((name, pool) => [
        { labels: { pool: name, state: 'in_use' }, value: pool.totalCount - pool.idleCount },
        { labels: { pool: name, state: 'idle' }, value: pool.idleCount },
      ]),
  });
  metrics.registerGauge({
    name: 'parley_db_pool_waiting',
    help: 'Queries waiting for a PostgreSQL connection on this instance, by pool: above 0 for long, the pool is too small or the database too slow.',
    labelNames: ['pool'],
    collect: () => each((name, pool) => [{ labels: { pool: name }, value: pool.waitingCount }]),
  });
  metrics.registerGauge({
    name: 'parley_db_pool_max',
    help: 'The most connections each pool of this instance opens (DATABASE_POOL_SIZE for main).',
    labelNames: ['pool'],
    collect: () => each((name, pool) => [{ labels: { pool: name }, value: pool.options.max ?? 10 }]),
  });
  return {
    add(name, pool) {
      pools.set(name, pool);
      return () => pools.delete(name);
    },
  };
}
