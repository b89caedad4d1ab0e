// Applies prisma/migrations/*/migration.sql in name order, the way
// `prisma migrate deploy` does, without Prisma's schema engine (which cannot
// be installed everywhere Parley runs; DESIGN.md §2):
//  - one PostgreSQL advisory lock around the whole run, so instances starting
//    together apply each migration once (the same key Prisma Migrate uses, so
//    our runner and `prisma migrate deploy` also wait for each other);
//  - each migration and its `_prisma_migrations` row in one transaction;
//  - rows written exactly as Prisma writes them, so `prisma migrate status`
//    agrees on a machine that has the engine;
//  - an applied migration whose file changed stops everything, by name.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { checksumMatches, migrationChecksum } from './checksum.js';

/** Prisma Migrate's advisory lock key (schema-engine's postgres connector). */
export const MIGRATION_LOCK_KEY = 72707369;

export interface LocalMigration {
  readonly name: string;
  readonly script: string;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => ({ name, script: await readFile(path.join(dir, name, 'migration.sql'), 'utf8') })));
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrationResult {
  /** Names applied by this run, in order. */
  readonly applied: string[];
  /** Names found in the database that this code does not have (a newer release ran). */
  readonly unknown: string[];
}

export async function migrate(pool: pg.Pool, migrations: readonly LocalMigration[]): Promise<MigrationResult> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const pending = plan(migrations, rows);
      for (const m of pending) {
        await client.query('BEGIN');
        try {
          await client.query(m.script);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, NULL, NULL, now(), 1)`,
            [randomUUID(), migrationChecksum(m.script), m.name],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${(err as Error).message}`, m.name);
        }
      }
      const local = new Set(migrations.map((m) => m.name));
      return {
        applied: pending.map((m) => m.name),
        unknown: rows.filter((r) => r.finished_at && !r.rolled_back_at && !local.has(r.migration_name)).map((r) => r.migration_name),
      };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A connection whose unlock failed may still hold the lock: discard it.
    client.release(broken);
  }
}

/** Which migrations to apply; refuses tampered or half-applied history. */
function plan(migrations: readonly LocalMigration[], rows: readonly AppliedRow[]): LocalMigration[] {
  const pending: LocalMigration[] = [];
  for (const m of migrations) {
    const history = rows.filter((r) => r.migration_name === m.name && !r.rolled_back_at);
    if (history.some((r) => !r.finished_at))
      throw new MigrationError(
        `Migration ${m.name} started but never finished in this database. Repair it by hand, then mark it rolled back or applied (prisma migrate resolve).`,
        m.name,
      );
    const applied = history.find((r) => r.finished_at);
    if (!applied) pending.push(m);
    else if (!checksumMatches(m.script, applied.checksum))
      throw new MigrationError(
        `Migration ${m.name} was changed after it was applied (its checksum differs from the database's record). Restore prisma/migrations/${m.name}/migration.sql; put schema changes in a new migration.`,
        m.name,
      );
  }
  return pending;
}
