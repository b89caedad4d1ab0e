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

describe('recognising an unreachable database', () => {
  it("through Prisma's driver adapter error (57P03 'starting up' inside P2039), pg's code and a cause chain", async () => {
    const { isDatabaseUnavailable } = await import('../../src/db/client.js');
    const startingUp = { code: 'P2039', meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: '57P03', kind: 'postgres' } } } };
    expect(isDatabaseUnavailable(startingUp)).toBe(true);
    expect(isDatabaseUnavailable({ code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isDatabaseUnavailable({ code: 'P2039', meta: { driverAdapterError: { cause: { originalCode: '42P01' } } } })).toBe(false);
    expect(isDatabaseUnavailable(new Error('some bug'))).toBe(false);
  });
});
