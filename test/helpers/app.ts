// The application on a fresh, migrated database of its own, in one line:
//   const t = await createTestApp(); … t.api.get('/healthz') …; await t.close();
import supertest from 'supertest';
import type { Express } from 'express';
import { openDatabase, type Database } from '../../src/db/client.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { EventBus } from '../../src/events/bus.js';
import type { OwnOrigin } from '../../src/http/origin.js';
import type { Metrics } from '../../src/metrics/registry.js';
import { createLogger, type Logger } from '../../src/log.js';
import { createParley } from '../../src/parley.js';
import { deriveKeys } from '../../src/security/keys.js';
import { createTestDatabase } from './database.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface TestApp {
  readonly app: Express;
  readonly api: ReturnType<typeof supertest>;
  readonly database: Database;
  readonly db: Database['db'];
  readonly config: Config;
  readonly url: string;
  readonly events: EventBus;
  readonly origin: OwnOrigin;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/**
 * Configuration for tests: the per-address request limits are off (tests post
 * many comments from one address) unless `env` sets them.
 */
export const testEnv = (url: string, env: Record<string, string> = {}) => ({
  NODE_ENV: 'test',
  DATABASE_URL: url,
  PARLEY_SECRET: TEST_SECRET,
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  POSTS_PER_MINUTE_PER_ADDRESS: '0',
  READS_PER_MINUTE_PER_ADDRESS: '0',
  LIKES_PER_MINUTE_PER_ADDRESS: '0',
  ...env,
});

/**
 * `sharing`: run on that app's database (a second instance) instead of a fresh one; its close leaves the database be.
 * `secret`: another PARLEY_SECRET than TEST_SECRET (a database restored from another's backup).
 * `now`: the clock of readers' edit windows (see `movableClock`).
 */
export async function createTestApp(
  opts: { env?: Record<string, string>; log?: Logger; demoSiteId?: string; sharing?: TestApp; secret?: string; now?: () => number } = {},
): Promise<TestApp> {
  const testDb = opts.sharing ? { url: opts.sharing.url, drop: async () => {} } : await createTestDatabase();
  const secret = opts.secret ?? TEST_SECRET;
  const config = loadConfig(testEnv(testDb.url, { PARLEY_SECRET: secret, ...opts.env }));
  const log = opts.log ?? createLogger('silent');
  const database = openDatabase(testDb.url, { poolSize: 4, log });
  const parley = createParley({ config, database, log, keys: deriveKeys(secret), port: config.http.port, demoSiteId: opts.demoSiteId, now: opts.now });
  return {
    app: parley.app,
    api: supertest(parley.app),
    database,
    db: database.db,
    config,
    url: testDb.url,
    events: parley.events,
    origin: parley.origin,
    metrics: parley.metrics,
    async close() {
      await parley.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** A clock a test can move forward (readers' 10-minute edit window) without waiting: pass `now` to the app. */
export function movableClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}
