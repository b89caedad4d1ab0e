// The application on a fresh, migrated database of its own, in one line:
//   const t = await createTestApp(); … t.api.get('/healthz') …; await t.close();
import supertest from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { deriveKeys } from '../../src/security/keys.js';
import { EventBus } from '../../src/events/bus.js';
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
  close(): Promise<void>;
}

export async function createTestApp(opts: { env?: Record<string, string>; log?: Logger; demoSiteId?: string } = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: testDb.url, PARLEY_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...opts.env });
  const log = opts.log ?? createLogger('silent');
  const database = openDatabase(testDb.url, { poolSize: 4, log });
  const events = new EventBus(log);
  const app = createApp({ config, database, log, keys: deriveKeys(TEST_SECRET), events, demoSiteId: opts.demoSiteId });
  return {
    app,
    api: supertest(app),
    database,
    db: database.db,
    config,
    url: testDb.url,
    events,
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
