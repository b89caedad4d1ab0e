import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParley } from '../../src/parley.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { freePort } from '../../src/db/embedded/cluster.js';
import { createLogger } from '../../src/log.js';
import { deriveKeys } from '../../src/security/keys.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { aComment } from '../helpers/factories.js';

let t: TestApp;
let down: Database;
let api: ReturnType<typeof supertest>;
beforeAll(async () => {
  t = await createTestApp();
  const log = createLogger('silent');
  // Nothing listens there: every query fails to connect.
  down = openDatabase(`postgresql://postgres:x@127.0.0.1:${await freePort()}/parley`, { poolSize: 1, log });
  api = supertest(createParley({ config: t.config, database: down, log, keys: deriveKeys(TEST_SECRET), port: t.config.http.port }).app);
});
afterAll(async () => {
  await down.close();
  await t.close();
});

describe('when the database is down', () => {
  it.each([
    ['GET /api/comments', () => api.get('/api/comments').query({ site: 'demo', thread: 'x' })],
    ['POST /api/comments', () => api.post('/api/comments').send(aComment())],
    ['GET /api/counts', () => api.get('/api/counts').query({ site: 'demo', thread: 'x' })],
  ])('%s answers 503 unavailable, not 500', async (_name, send) => {
    const res = await send();
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
  });

  it('still validates first: bad input is a 400 even then', async () => {
    await api.post('/api/comments').send(aComment({ name: '' })).expect(400);
  });
});
