// The outbox's worker on a real database, with deliveries that fail, hang or
// lose their database: retried with backoff up to a last attempt (then kept
// as failed), stopped within its grace, never ended by a lost connection.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { retryDelay } from '../../src/outbox/backoff.js';
import { outboxDepth, pruneDone, type OutboxItem } from '../../src/outbox/repository.js';
import { SENT, describeFailure, type Deliver } from '../../src/outbox/outcome.js';
import { startOutbox, type OutboxTuning } from '../../src/outbox/worker.js';
import { createLogger } from '../../src/log.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { eventually, outboxRows, sleep } from '../mail/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let n = 0;
async function enqueue(kind: 'mail' | 'webhook' = 'webhook', extra: { state?: string; doneAgo?: string } = {}): Promise<string> {
  const { rows } = await t.database.pool.query<{ id: string }>(
    `INSERT INTO outbox (kind, topic, dedupe_key, site_id, state, done_at)
     VALUES ($1, 'test', $2, 'site', $3, CASE WHEN $4::text IS NULL THEN NULL ELSE now() - $4::interval END) RETURNING id::text`,
    [kind, `test:${++n}`, extra.state ?? 'pending', extra.doneAgo ?? null],
  );
  return rows[0]!.id;
}
const rowOf = async (id: string) => (await outboxRows(t, 'id = $1', [id]))[0]!;
const quick = (more: Partial<OutboxTuning> = {}): Partial<OutboxTuning> => ({ pollMs: 30, backoff: { baseMs: 50, capMs: 200, maxAttempts: 3 }, stopGraceMs: 200, ...more });
const silent = createLogger('silent');

describe('retries', () => {
  it('wait twice as long after each failure, within ±20 %, never past the cap, and stop after the last attempt', () => {
    const b = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 10 };
    expect([1, 2, 3, 4].map((a) => retryDelay(a, b, 0.5))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(1, b, 0)).toBe(24_000);
    expect(retryDelay(1, b, 0.999)).toBeLessThan(36_001);
    expect(retryDelay(9, b, 0.999)).toBe(3_600_000);
    expect(retryDelay(10, b)).toBeNull();
  });

  it('keep an item that fails every time as failed after the last attempt, with why', async () => {
    const id = await enqueue();
    const tries: number[] = [];
    const worker = startOutbox({
      sql: t.database.pool,
      log: silent,
      tuning: quick(),
      deliver: {
        webhook: async (item) => {
          if (item.id !== id) return SENT;
          tries.push(item.attempts);
          throw new Error('550 <someone@example.com> refused, see https://hooks.example/T0/B0/secret');
        },
      },
    });
    try {
      const row = await eventually(async () => ((await rowOf(id)).state === 'failed' ? rowOf(id) : undefined));
      expect(row).toMatchObject({ state: 'failed', attempts: 3 });
      expect(tries).toEqual([1, 2, 3]);
      // Stored (and logged) without the address or the URL.
      expect(row.lastError).toBe('550 <[address]> refused, see [url]');
    } finally {
      await worker.close();
    }
  });
});

describe('the worker', () => {
  it('stops within its grace when a send hangs, recording the attempt as failed so it is tried again', async () => {
    const id = await enqueue('mail');
    let started = false;
    const worker = startOutbox({
      sql: t.database.pool,
      log: silent,
      tuning: quick({ backoff: { baseMs: 60_000, capMs: 60_000, maxAttempts: 3 } }),
      deliver: { mail: (item) => (item.id === id ? ((started = true), new Promise(() => {})) : Promise.resolve(SENT)) },
    });
    await eventually(async () => started);
    const since = Date.now();
    await worker.close();
    expect(Date.now() - since).toBeLessThan(2_000);
    expect(await rowOf(id)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'interrupted by shutdown' });
  });

  it('carries on when its database connections are cut, and sends what comes after', async () => {
    const sent: string[] = [];
    const deliver: Deliver = async (item: OutboxItem) => (sent.push(item.id), SENT);
    const worker = startOutbox({ sql: t.database.pool, log: silent, tuning: quick(), deliver: { webhook: deliver } });
    try {
      const before = await enqueue();
      await eventually(async () => sent.includes(before));
      const admin = new pg.Client({ connectionString: inject('adminUrl') });
      await admin.connect();
      const db = new URL(t.url).pathname.slice(1);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db]);
      await admin.end();
      await sleep(200);
      const after = await enqueue();
      await eventually(async () => sent.includes(after));
      // Recorded sent once the delivery has answered: a moment after it was handed over.
      await eventually(async () => (await rowOf(after)).state === 'sent');
    } finally {
      await worker.close();
    }
  });
});

describe('housekeeping', () => {
  it('tells how many items wait, by kind', async () => {
    await t.database.pool.query(`DELETE FROM outbox`);
    await enqueue('mail');
    await enqueue('mail');
    await enqueue('webhook', { state: 'sent', doneAgo: '1 minute' });
    expect(await outboxDepth(t.database.pool)).toEqual({ mail: 2, webhook: 0 });
  });

  it('prunes what was sent or skipped long ago, and failed items after longer; nothing pending', async () => {
    await t.database.pool.query(`DELETE FROM outbox`);
    await enqueue('mail', { state: 'sent', doneAgo: '8 days' });
    await enqueue('mail', { state: 'skipped', doneAgo: '8 days' });
    const newSent = await enqueue('mail', { state: 'sent', doneAgo: '1 day' });
    const failed = await enqueue('webhook', { state: 'failed', doneAgo: '8 days' });
    await enqueue('webhook', { state: 'failed', doneAgo: '31 days' });
    const pending = await enqueue('webhook');
    const day = 86_400_000;
    expect(await pruneDone(t.database.pool, { keepDoneMs: 7 * day, keepFailedMs: 30 * day, limit: 100 })).toBe(3);
    expect((await outboxRows(t)).map((r) => r.id)).toEqual([newSent, failed, pending]);
  });

  it('describes a failure on one line, without addresses or URLs', () => {
    const err = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(describeFailure(err)).toBe('fetch failed (ECONNREFUSED)');
    expect(describeFailure(new Error('Invalid login:\n535 user ed@daily.example at smtp://u:p@host'))).toBe('Invalid login: 535 user [address] at [url]');
  });
});
