import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { createParley } from '../../src/parley.js';
import { openDatabase } from '../../src/db/client.js';
import { freePort } from '../../src/db/embedded/cluster.js';
import { createLogger } from '../../src/log.js';
import { deriveKeys } from '../../src/security/keys.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('/healthz answers while the process is up', async () => {
    const res = await t.api.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('/readyz answers 200 when the database is reachable', async () => {
    await t.api.get('/readyz').expect(200, { status: 'ready' });
  });

  it('/readyz answers 503 unavailable when the database is not', async () => {
    const log = createLogger('silent');
    // Nothing listens on this port: the pool cannot connect.
    const database = openDatabase(`postgresql://postgres:x@127.0.0.1:${await freePort()}/parley`, { poolSize: 1, log });
    const app = createParley({ config: t.config, database, log, keys: deriveKeys(TEST_SECRET), port: t.config.http.port }).app;
    try {
      const res = await supertest(app).get('/readyz').expect(503);
      expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    } finally {
      await database.close();
    }
  });
});

describe('every answer', () => {
  it('carries a request id, and keeps the caller’s when it sends one', async () => {
    const own = await t.api.get('/healthz');
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.api.get('/healthz').set('X-Request-Id', 'lb-trace-12345');
    expect(given.headers['x-request-id']).toBe('lb-trace-12345');
  });

  it('an unknown path is a JSON 404 in the error shape', async () => {
    const res = await t.api.get('/no/such/thing').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('malformed JSON is a 400 invalid_json, never a 500', async () => {
    const res = await t.api.post('/api/anything').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('a body over 64 KiB is a 413 payload_too_large', async () => {
    const res = await t.api.post('/api/anything').set('Content-Type', 'application/json').send(JSON.stringify({ body: 'x'.repeat(70_000) })).expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('sends security headers and does not announce Express', async () => {
    const res = await t.api.get('/healthz');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
