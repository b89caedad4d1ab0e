// A database of the test file's own: a clone of the migrated template (fast),
// or an empty one for the migration runner's tests. Dropped by `drop()`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl } from './urls.js';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

// The run's pid in every name lets global teardown find leftovers; each file
// runs in its own worker, so the worker's pid is not the run's: use the template's.
const runTag = () => inject('templateDb').split('_')[2];

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  // A lost connection also rejects the query in flight; the event alone would be an unhandled error.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function create(from: 'template' | 'empty'): Promise<TestDatabase> {
  const name = `parley_t_${runTag()}_${randomBytes(5).toString('hex')}`;
  const template = from === 'template' ? inject('templateDb') : 'template0';
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(inject('adminUrl'), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fully migrated database. */
export const createTestDatabase = () => create('template');
/** A database with nothing in it, not even `_prisma_migrations`. */
export const createEmptyDatabase = () => create('empty');
