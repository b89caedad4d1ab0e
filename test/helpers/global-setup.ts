// One PostgreSQL for the whole run: the embedded one (a throwaway cluster under
// the OS temp dir) unless TEST_DATABASE_URL names another server. A template
// database is migrated once; each test file clones it (test/helpers/database.ts),
// so files run in parallel on databases of their own.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded/cluster.js';
import { migrate, readMigrations } from '../../src/db/migrations/runner.js';
import { createLogger } from '../../src/log.js';
import { migrationsDir, projectRoot } from '../../src/paths.js';
import { databaseUrl } from './urls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser connection to the maintenance database of the test server. */
    adminUrl: string;
    /** The migrated database every test database is cloned from. */
    templateDb: string;
  }
}

export default async function setup(project: TestProject) {
  // The spawned-process tests run the real build, as `npm start` does.
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });

  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopCluster: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-test-pg-'));
    chmodSync(dir, 0o755); // as root, the postgres user must reach it
    const cluster = await startEmbeddedPostgres({ dataDir: dir, log: createLogger('warn'), durable: false, maxConnections: 400, database: 'postgres' });
    adminUrl = cluster.adminUrl;
    stopCluster = async () => {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }

  const templateDb = `parley_tpl_${process.pid}_${Date.now().toString(36)}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${templateDb}"`));
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, templateDb), max: 1 });
  await migrate(pool, await readMigrations(migrationsDir));
  await pool.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    await withClient(adminUrl, async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [templateDb, `parley_t_${process.pid}_%`],
      );
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
    await stopCluster?.();
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
