import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { verifyPassword } from '../../src/moderators/password.js';
import { createModerator } from '../../src/moderators/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const codeOf = (p: Promise<unknown>) => p.then(() => 'created', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe('creating a moderator', () => {
  it('keeps a verifiable argon2id hash, never the password', async () => {
    const m = await buildModerator(t.db);
    expect(m.passwordHash).toMatch(/^\$argon2id\$/);
    expect(m.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(m.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(await verifyPassword(m.passwordHash, `${TEST_PASSWORD}!`)).toBe(false);
  });

  it('assigns a moderator to the sites given', async () => {
    const [a, b] = [await buildSite(t.db), await buildSite(t.db)];
    const m = await buildModerator(t.db, { role: 'moderator', siteIds: [a.id, b.id] });
    const assigned = await t.db.moderatorSite.findMany({ where: { moderatorId: m.id }, orderBy: { siteId: 'asc' } });
    expect(assigned.map((s) => s.siteId)).toEqual([a.id, b.id].sort());
  });

  it('treats emails case-insensitively: one account per address', async () => {
    await buildModerator(t.db, { email: 'Editor@Example.com' });
    expect(await codeOf(buildModerator(t.db, { email: 'editor@example.COM' }))).toBe('conflict');
  });

  it('refuses unknown sites, weak passwords and bad emails', async () => {
    expect(await codeOf(buildModerator(t.db, { role: 'moderator', siteIds: ['nosuchsite'] }))).toBe('validation_failed');
    expect(await codeOf(createModerator(t.database, { email: 'x@example.com', password: 'short', role: 'admin' }))).toBe('validation_failed');
    expect(await codeOf(createModerator(t.database, { email: 'not-an-email', password: TEST_PASSWORD, role: 'admin' }))).toBe('validation_failed');
  });
});
