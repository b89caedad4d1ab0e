// Database start-up shared by the server and the CLI: the embedded PostgreSQL
// when no DATABASE_URL is set, a pool and Prisma client on it, and pending
// migrations applied before anything else touches the schema.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { migrationsDir } from '../paths.js';
import { openDatabase, type Database } from './client.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/cluster.js';
import { migrate, readMigrations } from './migrations/runner.js';

export interface DatabaseRuntime {
  readonly database: Database;
  /** Present when Parley runs its own PostgreSQL. */
  readonly embedded: EmbeddedPostgres | undefined;
  /** Closes the pool, then stops the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
}

export async function connectDatabase(
  config: Config,
  log: Logger,
  opts: { role: 'server' | 'cli' },
): Promise<DatabaseRuntime> {
  const embedded =
    config.database.kind === 'embedded'
      ? await startEmbeddedPostgres({ dataDir: config.dataDir, log, mode: opts.role === 'server' ? 'own' : 'share' })
      : undefined;
  const url = config.database.kind === 'external' ? config.database.url : embedded!.url;
  const database = openDatabase(url, { poolSize: opts.role === 'server' ? config.database.poolSize : 2, log, applicationName: `parley-${opts.role}` });
  const close = async () => {
    await database.close().catch((err: Error) => log.warn({ err }, 'closing the database pool failed'));
    await embedded?.stop();
  };
  try {
    const result = await migrate(database.pool, await readMigrations(migrationsDir));
    if (result.applied.length) log.info({ migrations: result.applied }, 'applied database migrations');
    if (result.unknown.length)
      log.warn({ migrations: result.unknown }, 'the database has migrations this version does not know: a newer Parley has run on it');
  } catch (err) {
    await close();
    throw err;
  }
  return { database, embedded, close };
}
