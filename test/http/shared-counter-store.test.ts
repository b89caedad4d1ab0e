// The shared counters on their own: exact on one instance, one total across
// instances after their flushes, and a database that is down costs nothing
// but the sharing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Options } from 'express-rate-limit';
import { openDatabase } from '../../src/db/client.js';
import type { Sql } from '../../src/db/rate-limits.js';
import { freePort } from '../../src/db/embedded/cluster.js';
import { SharedCounterStore } from '../../src/http/shared-counter-store.js';
import { createLogger } from '../../src/log.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const log = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const options = (limit: number, windowMs = 60_000) => ({ windowMs, limit }) as Options;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A store begun as express-rate-limit begins it; `shutdown` in `finally`. */
function storeOn(sql: Sql, prefix: string, limit: number, opts: { flushMs?: number; maxKeys?: number; windowMs?: number } = {}) {
  const store = new SharedCounterStore(sql, prefix, { log, ...opts });
  store.init(options(limit, opts.windowMs));
  return store;
}

const hits = (store: SharedCounterStore, key: string, n: number) => Array.from({ length: n }, () => store.increment(key).totalHits);

describe('SharedCounterStore', () => {
  it('counts exactly on its own, and two stores on one database add up after their flushes', async () => {
    const a = storeOn(t.database.pool, 'unit-sum:', 4);
    const b = storeOn(t.database.pool, 'unit-sum:', 4);
    try {
      expect(hits(a, 'k', 2)).toEqual([1, 2]);
      expect(hits(b, 'k', 2)).toEqual([1, 2]);
      await a.flush();
      await b.flush(); // b learns 4
      await a.flush(); // a, within reach of the limit, reads the total back
      expect(a.increment('k').totalHits).toBe(5);
      expect(b.increment('k').totalHits).toBe(5);
      expect(a.get('k')?.resetTime?.getTime() ?? 0).toBe((Math.floor(Date.now() / 60_000) + 1) * 60_000);
    } finally {
      await a.shutdown();
      await b.shutdown();
    }
  });

  it('never throws when the database is down, and its limit still holds locally', async () => {
    const down = openDatabase(`postgresql://postgres:x@127.0.0.1:${await freePort()}/parley`, { poolSize: 1, log });
    const store = storeOn(down.pool, 'unit-down:', 3, { flushMs: 20 });
    try {
      expect(hits(store, 'k', 3)).toEqual([1, 2, 3]);
      await expect(store.flush()).resolves.toBeUndefined();
      await sleep(150); // the timer's flushes fail too, and nothing escapes
      expect(store.increment('k').totalHits).toBe(4);
    } finally {
      await store.shutdown();
      await down.close();
    }
  });

  it('keeps the hits of a failed flush and sends them once the database answers again', async () => {
    let up = false;
    const sql = { query: (...args: unknown[]) => (up ? (t.database.pool.query as (...a: unknown[]) => unknown)(...args) : Promise.reject(new Error('connect ECONNREFUSED'))) } as unknown as Sql;
    const store = storeOn(sql, 'unit-retry:', 10);
    try {
      hits(store, 'k', 3);
      await store.flush();
      up = true;
      store.increment('k');
      await store.flush();
      const { rows } = await t.database.pool.query<{ hits: number }>(`SELECT hits FROM rate_limits WHERE key LIKE 'unit-retry:%'`);
      expect(rows).toEqual([{ hits: 4 }]);
      expect(store.increment('k').totalHits).toBe(5);
    } finally {
      await store.shutdown();
    }
  });

  it('starts a key over when its window ends, and forgets ended windows', async () => {
    const store = storeOn(t.database.pool, 'unit-window:', 10, { windowMs: 300 });
    try {
      await sleep(300 - (Date.now() % 300) + 5);
      expect(hits(store, 'k', 3)).toEqual([1, 2, 3]);
      store.increment('other');
      await sleep(300);
      expect(store.increment('k').totalHits).toBe(1);
      await store.flush();
      expect(store.size).toBe(1);
    } finally {
      await store.shutdown();
    }
  });

  it('holds at most maxKeys keys: at the cap, the one counted longest ago is forgotten here', async () => {
    const store = storeOn(t.database.pool, 'unit-cap:', 10, { maxKeys: 3 });
    try {
      hits(store, 'first', 2);
      for (const key of ['second', 'third', 'fourth']) store.increment(key);
      expect(store.size).toBe(3);
      expect(store.get('first')).toBeUndefined();
      expect(store.increment('second').totalHits).toBe(2);
    } finally {
      await store.shutdown();
    }
  });
});
