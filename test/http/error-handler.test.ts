// Bad input is a 4xx, never a 500 (DESIGN.md §5): here, paths whose %-escapes
// do not decode. Express's router decodes a path's parameters before any
// handler runs, so its error reaches the error handler alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a path with a broken %-escape', () => {
  it.each([
    ['GET', '/api/comments/%ZZ/context?site=x'],
    ['PATCH', '/api/comments/%ZZ'],
    ['DELETE', '/api/comments/%E0%A4%A'],
    ['POST', '/api/comments/%ZZ/like'],
    ['DELETE', '/api/comments/%ZZ/like'],
    ['GET', '/threads/x/%E0%A4%A'],
  ])('%s %s is a 400 in the error shape, not a 500', async (method, url) => {
    const res = await t.api[method.toLowerCase() as 'get'](url).set('Content-Type', 'application/json').send(method === 'GET' ? undefined : '{}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'validation_failed', message: 'The address holds an invalid %-escape.' } });
  });
});
