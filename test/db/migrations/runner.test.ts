import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationChecksum } from '../../../src/db/migrations/checksum.js';
import { MigrationError, migrate, readMigrations } from '../../../src/db/migrations/runner.js';
import { migrationsDir } from '../../../src/paths.js';
import { createEmptyDatabase, type TestDatabase } from '../../helpers/database.js';
import { MAIN, cleanEnv, run } from '../../helpers/processes.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/**
 * A connection the server drops (idle, or checked out and waiting for the
 * migration lock) emits 'error'; without a listener that is an unhandled error
 * failing the whole run, whatever the tests saw. Say what happened instead:
 * what the tests check is what migrate() answers (as the server's own pools
 * do, db/client.ts resilientPool).
 */
function testPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  const lost = (err: Error) => console.warn(`[runner.test] a connection was lost: ${err.message}`);
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('error', () => undefined); // idle clients: reported by the listener above
  return pool;
}

async function emptyDatabase(): Promise<TestDatabase & { pool: pg.Pool }> {
  const db = await createEmptyDatabase();
  const pool = testPool(db.url, 3);
  cleanup.push(async () => {
    await pool.end();
    await db.drop();
  });
  return { ...db, pool };
}

interface Row {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}
const history = async (pool: pg.Pool) => (await pool.query<Row>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name')).rows;

/** A copy of the project's migrations that a test may change. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-migrations-'));
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

describe('migration runner', () => {
  it('applies every migration to an empty database and records it as Prisma Migrate does', async () => {
    const { pool } = await emptyDatabase();
    const migrations = await readMigrations(migrationsDir);
    expect(migrations.length).toBeGreaterThan(0);

    const result = await migrate(pool, migrations);

    expect(result.applied).toEqual(migrations.map((m) => m.name));
    const rows = await history(pool);
    expect(rows).toHaveLength(migrations.length);
    for (const [i, m] of migrations.entries()) {
      const file = readFileSync(path.join(migrationsDir, m.name, 'migration.sql'));
      expect(rows[i]).toMatchObject({ migration_name: m.name, checksum: migrationChecksum(file.toString('utf8')), logs: null, rolled_back_at: null, applied_steps_count: 1 });
      expect(rows[i]!.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[i]!.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(rows[i]!.finished_at).toBeInstanceOf(Date);
    }
    const tables = await pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['sites', 'threads', 'comments', 'moderators', 'sessions', 'audit_entries']));
  });

  it('applies nothing the second time', async () => {
    const { pool } = await emptyDatabase();
    const migrations = await readMigrations(migrationsDir);
    await migrate(pool, migrations);
    const before = await history(pool);

    const again = await migrate(pool, migrations);

    expect(again.applied).toEqual([]);
    expect(await history(pool)).toEqual(before);
  });

  it('lets several instances start at once: each migration applied exactly once, all succeed', async () => {
    const { url } = await emptyDatabase();
    const pools = Array.from({ length: 4 }, () => testPool(url, 1));
    cleanup.push(async () => void (await Promise.all(pools.map((p) => p.end()))));
    const migrations = await readMigrations(migrationsDir);

    const results = await Promise.all(pools.map((p) => migrate(p, migrations)));

    expect(results.flatMap((r) => r.applied).sort()).toEqual(migrations.map((m) => m.name).sort());
    expect(await history(pools[0]!)).toHaveLength(migrations.length);
  });

  it('refuses to run when an applied migration file was changed, naming it', async () => {
    const { pool } = await emptyDatabase();
    const dir = copyOfMigrations();
    const [first] = await readMigrations(dir);
    await migrate(pool, await readMigrations(dir));
    writeFileSync(path.join(dir, first!.name, 'migration.sql'), `${first!.script}\n-- an innocent-looking edit\n`);

    const attempt = migrate(pool, await readMigrations(dir));

    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(new RegExp(`Migration ${first!.name} was changed after it was applied`));
  });

  it('accepts a file whose line endings git rewrote (as Prisma does)', async () => {
    const { pool } = await emptyDatabase();
    const dir = copyOfMigrations();
    const [first] = await readMigrations(dir);
    await migrate(pool, await readMigrations(dir));
    writeFileSync(path.join(dir, first!.name, 'migration.sql'), first!.script.replaceAll('\n', '\r\n'));

    await expect(migrate(pool, await readMigrations(dir))).resolves.toMatchObject({ applied: [] });
  });

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    const { pool } = await emptyDatabase();
    const dir = copyOfMigrations();
    mkdirSync(path.join(dir, '99990101000000_broken'));
    writeFileSync(path.join(dir, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n');

    await expect(migrate(pool, await readMigrations(dir))).rejects.toThrow(/Migration 99990101000000_broken failed and was rolled back/);

    const rows = await history(pool);
    expect(rows.map((r) => r.migration_name)).not.toContain('99990101000000_broken');
    const table = await pool.query(`SELECT to_regclass('public.half_done') AS t`);
    expect(table.rows[0].t).toBeNull();
    // The good migrations before it stay applied.
    expect(rows.length).toBe((await readMigrations(migrationsDir)).length);
  });

  it('stops the server at start-up when the database records a different checksum', async () => {
    const { pool, url } = await emptyDatabase();
    const migrations = await readMigrations(migrationsDir);
    await migrate(pool, migrations);
    await pool.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, ['0'.repeat(64), migrations[0]!.name]);

    const result = await run(MAIN, [], cleanEnv({ DATABASE_URL: url, PARLEY_SECRET: 's'.repeat(32), PORT: '0' }));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Migration ${migrations[0]!.name} was changed after it was applied`);
  });
});
