// The pending queue per site, read at every metrics scrape, stays cheap on a
// big database: 100,000 comments of which 1 % wait, over 5,000 threads. The
// statement reads the waiting comments through their partial index and one
// thread row per thread that has any, never the approved mass (no scan of
// comments or threads), as the planner sees it after ANALYZE.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/comments/repository.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { pendingBySite } from '../../src/moderation/repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { buildSite } from '../helpers/factories.js';

let testDb: TestDatabase;
let database: Database;
let pool: pg.Pool;
const sites: string[] = [];
const plans: string[] = [];

/** A pool whose every statement is first EXPLAINed, its plan kept. */
const explaining: Sql = {
  query: (async (text: string, values?: unknown[]) => {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values);
    plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    return pool.query(text, values);
  }) as Sql['query'],
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = openDatabase(testDb.url, { poolSize: 2, log: createLogger('silent') });
  pool = database.pool;
  for (let i = 0; i < 3; i++) sites.push((await buildSite(database.db)).id);
  const quiet = (await buildSite(database.db)).id; // nothing waits there
  sites.push(quiet);
  await pool.query(`INSERT INTO threads (id, site_id, key) SELECT gen_random_uuid(), ($1::text[])[1 + g % 3], 't-' || g FROM generate_series(1, 5000) g`, [sites]);
  await pool.query(
    `INSERT INTO comments (id, thread_id, author_name, avatar_seed, body, body_html, body_fingerprint, status)
     SELECT gen_random_uuid(), t.id, 'n', 's', 'b', '<p>b</p>', md5(t.id::text || g) || md5('f' || g),
            (CASE WHEN (hashtext(t.id::text) + g) % 100 = 0 THEN 'pending' ELSE 'approved' END)::"CommentStatus"
     FROM threads t CROSS JOIN generate_series(1, 20) g`,
  );
  await pool.query('ANALYZE');
}, 120_000);

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('the pending queue per site, as the metrics read it', () => {
  it('counts what waits on every site, 0 where nothing does', async () => {
    const { rows } = await pool.query<{ site: string; n: number }>(
      `SELECT t.site_id AS site, count(*)::int AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.status = 'pending' GROUP BY 1`,
    );
    const expected = Object.fromEntries(sites.map((s) => [s, rows.find((r) => r.site === s)?.n ?? 0]));
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(500);
    const found = await pendingBySite(pool);
    expect(Object.fromEntries(found.filter((r) => sites.includes(r.site)).map((r) => [r.site, r.pending]))).toEqual(expected);
    expect(expected[sites[3]!]).toBe(0);
  });

  it('reads only the waiting comments, through their partial index, and no thread it does not need', async () => {
    await pendingBySite(explaining);
    const [plan] = plans;
    expect(plan).toMatch(/comments_pending_idx/);
    expect(plan).toMatch(/threads_pkey/);
    expect(plan).not.toMatch(/Seq Scan on (comments|threads)/);
    expect(plan).not.toMatch(/comments_(thread_id_status|root_id_status)/);
  });
});
