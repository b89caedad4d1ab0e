// Every query on the readers' hot paths (a page, counts, a new comment) is
// served by an index on a seeded database: a thread of 100,000 comments among
// 200 others, as the planner sees it after ANALYZE. The queries are the real
// ones: the repository functions run against a pool that EXPLAINs each
// statement before running it. (The seeding is SQL: this is about plan
// shapes, not speed; `npm run bench` measures speed through the API.)
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as comments from '../../src/comments/repository.js';
import { decisionContextRows } from '../../src/moderation/repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { buildSite } from '../helpers/factories.js';

let testDb: TestDatabase;
let database: Database;
let pool: pg.Pool;
let siteId: string;
let big: comments.ThreadRow;
const plans: Array<{ sql: string; plan: string }> = [];

/** A pool whose every statement is first EXPLAINed, its plan kept. */
const explaining: comments.Sql = {
  query: (async (text: string, values?: unknown[]) => {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values);
    plans.push({ sql: text.replace(/\s+/g, ' ').slice(0, 120), plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
    return pool.query(text, values);
  }) as comments.Sql['query'],
};

const hex = (expr: string) => `md5(${expr}) || md5('x' || ${expr})`;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = openDatabase(testDb.url, { poolSize: 2, log: createLogger('silent') });
  pool = database.pool;
  siteId = (await buildSite(database.db, { mode: 'post' })).id;
  await pool.query(`INSERT INTO threads (id, site_id, key) SELECT gen_random_uuid(), $1, 'small-' || g FROM generate_series(1, 200) g`, [siteId]);
  await pool.query(`INSERT INTO threads (id, site_id, key) VALUES (gen_random_uuid(), $1, 'big')`, [siteId]);
  const columns = `id, thread_id, parent_id, root_id, depth, author_name, author_email_cipher, author_email_digest, author_key_digest, ip_digest, avatar_seed, body, body_html, body_fingerprint, status`;
  // 100,000 comments in "big" (90 % approved, a fifth of them replies), 100 in each small one.
  await pool.query(
    `INSERT INTO comments (${columns})
     SELECT gen_random_uuid(), t.id, NULL, NULL, 1, 'n', '\\x00', ${hex('(g % 5000)::text')}, ${hex("'k' || (g % 5000)")}, ${hex("'i' || (g % 3000)")}, 's', 'b', '<p>b</p>', ${hex("'f' || g")},
            (CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'approved' END)::"CommentStatus"
     FROM threads t CROSS JOIN generate_series(1, 80000) g WHERE t.key = 'big'`,
  );
  await pool.query(
    `INSERT INTO comments (${columns})
     SELECT gen_random_uuid(), c.thread_id, c.id, c.id, 2, 'n', '\\x00', ${hex("'r' || c.rn")}, NULL, ${hex("'j' || c.rn")}, 's', 'b', '<p>b</p>', ${hex("'g' || c.rn")}, 'approved'
     FROM (SELECT id, thread_id, row_number() OVER () AS rn FROM comments WHERE depth = 1 LIMIT 20000) c`,
  );
  await pool.query(
    `INSERT INTO comments (${columns})
     SELECT gen_random_uuid(), t.id, NULL, NULL, 1, 'n', '\\x00', ${hex("t.key || g")}, NULL, ${hex("'h' || g")}, 's', 'b', '<p>b</p>', ${hex("t.key || 'f' || g")}, 'approved'
     FROM threads t CROSS JOIN generate_series(1, 100) g WHERE t.key LIKE 'small-%'`,
  );
  await pool.query('ANALYZE');
  big = (await comments.findThread(pool, siteId, 'big'))!;
}, 120_000);

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('the readers’ hot queries on a seeded database', () => {
  it('keep the thread’s count on the thread: 100,000 comments, no count per request', () => {
    expect(big.approvedCount).toBe(92_000);
  });

  it('read a page, its replies, a catch-up, the author’s own, counts and a new comment’s look-ups through indexes', async () => {
    const first = (await comments.threadPage(explaining, { threadId: big.id, order: 'asc', limit: 50 })).tops;
    expect(first).toHaveLength(51);
    await comments.threadPage(explaining, { threadId: big.id, order: 'desc', limit: 50, start: { after: first.at(-1)!.id } });
    await comments.threadPage(explaining, { threadId: big.id, order: 'best', limit: 50 });
    await comments.threadPage(explaining, { threadId: big.id, order: 'best', limit: 50, start: { likes: 0, id: first.at(-1)!.id } });
    await comments.approvedSince(explaining, big.id, first[10]!.id, 50);
    await comments.pendingOfAuthor(explaining, big.id, 'a'.repeat(64));
    await comments.findThread(explaining, siteId, 'big');
    await comments.countApprovedByKey(explaining, siteId, ['big', 'small-1', 'small-2', 'none']);
    await comments.threadForNewComment(explaining, 'big', 'f'.repeat(64), {
      siteId,
      emailDigest: 'e'.repeat(64),
      ipDigest: 'd'.repeat(64),
      authorKeyDigest: 'c'.repeat(64),
      floodSeconds: 15,
    });
    await comments.findParent(explaining, first[0]!.id);
    const page = await comments.threadPage(explaining, { threadId: big.id, order: 'desc', limit: 50 });
    expect(page.tops).toHaveLength(51);
    // A small thread's page beside a huge one reads the small thread's rows, not the huge one's in id order.
    const small = (await comments.findThread(pool, siteId, 'small-1'))!;
    await comments.threadPage(explaining, { threadId: small.id, order: 'asc', limit: 50 });
    expect(plans.at(-1)!.plan).toMatch(/comments_thread_id_status_depth_id_idx/);
    expect(plans.length).toBe(12);
    const scans = plans.filter((p) => /Seq Scan on comments/.test(p.plan));
    expect(scans.map((p) => `${p.sql}\n${p.plan}`)).toEqual([]);
  });

  it("read a moderation page's decision context (parents, authors' histories) in one statement, through indexes", async () => {
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM comments WHERE thread_id = $1 AND depth = 2 ORDER BY id DESC LIMIT 50`, [big.id]);
    const before = plans.length;
    const context = await decisionContextRows(explaining, rows.map((r) => r.id));
    expect(context).toHaveLength(50);
    expect(context.every((c) => c.parent !== null && c.history !== null)).toBe(true);
    const mine = plans.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.plan).not.toMatch(/Seq Scan on comments/);
  });
});
