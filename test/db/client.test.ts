import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('recognising a unique-constraint violation', () => {
  const insert = (id: string) => t.db.site.create({ data: { id, name: 'x', allowedOrigins: [] } });
  const rawInsert = (id: string) => t.db.$executeRaw`INSERT INTO sites (id, name, allowed_origins) VALUES (${id}, 'x', '{}')`;
  const pgInsert = (id: string) => t.database.pool.query(`INSERT INTO sites (id, name, allowed_origins) VALUES ($1, 'x', '{}')`, [id]);
  const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

  it('from the query builder, from $queryRaw and from the pg pool alike', async () => {
    await insert('uniq1');
    expect(isUniqueViolation(await errorOf(insert('uniq1')))).toBe(true);
    expect(isUniqueViolation(await errorOf(rawInsert('uniq1')))).toBe(true);
    expect(isUniqueViolation(await errorOf(pgInsert('uniq1')))).toBe(true);
  });

  it('and not any other failure', async () => {
    expect(isUniqueViolation(await errorOf(t.db.$executeRaw`SELECT no_such_function()`))).toBe(false);
    expect(isUniqueViolation(await errorOf(t.database.pool.query('SELECT no_such_function()')))).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint'))).toBe(false);
  });
});
