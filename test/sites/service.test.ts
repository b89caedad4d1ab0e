import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createSite, newSiteId } from '../../src/sites/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function fieldsOf(promise: Promise<unknown>) {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('validation_failed');
  return (err as AppError).details.fields as Record<string, string>;
}

describe('creating a site', () => {
  it('stores it with the documented defaults: pre-moderation, 2 links, depth 3, 15 s flood limit', async () => {
    const site = await createSite(t.database, { name: '  Example News ', allowedOrigins: ['https://news.example', 'https://news.example/'] });
    expect(site).toMatchObject({ name: 'Example News', allowedOrigins: ['https://news.example'], mode: 'pre', maxLinks: 2, depthLimit: 3, floodSeconds: 15, moderationWords: [], disallowedWords: [] });
    expect(site.id).toMatch(/^[a-z0-9]{12}$/);
  });

  it('reports every bad field at once', async () => {
    const fields = await fieldsOf(createSite(t.database, { name: '', allowedOrigins: ['javascript:alert(1)'], mode: 'open' as 'pre' }));
    expect(Object.keys(fields).sort()).toEqual(['allowedOrigins', 'mode', 'name']);
  });

  it('needs at least one origin', async () => {
    expect(await fieldsOf(createSite(t.database, { name: 'No origin', allowedOrigins: [] }))).toEqual({ allowedOrigins: 'At least one origin is required.' });
  });

  it('makes public ids that are URL-safe and distinct', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newSiteId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{12}$/);
  });
});
