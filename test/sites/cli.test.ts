// site:update, thread:close and thread:open as an operator runs them: a real
// process, one JSON document on stdout; a bad value exits 2 with one line and
// changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { buildSite } from '../helpers/factories.js';
import { CLI, cleanEnv, run } from '../helpers/processes.js';
import { deriveKeys } from '../../src/security/keys.js';
import { webhookSecret } from '../../src/webhooks/signature.js';

let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  database = openDatabase(testDb.url, { poolSize: 2, log: createLogger('silent') });
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
});

const SECRET = 'cli-test-secret-0123456789abcdef0123';
const cli = (...args: string[]) => run(CLI, args, cleanEnv({ DATABASE_URL: testDb.url, PARLEY_SECRET: SECRET }));

async function ok(...args: string[]) {
  const result = await cli(...args);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout);
}

async function refused(...args: string[]) {
  const result = await cli(...args);
  expect(result.code, result.stdout).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  return result.stderr.trim();
}

const stored = (id: string) => database.db.site.findUniqueOrThrow({ where: { id } });

describe('site:update', () => {
  it('changes the settings given and prints the site as the admin API does', async () => {
    const { id } = await buildSite(database.db, { name: 'Before', allowedOrigins: ['https://before.example'] });
    const out = await ok(
      'site:update', id,
      '--name', 'After',
      '--mode', 'trusted',
      '--max-links', '0',
      '--moderation-words', 'casino, Viagra,,casino',
      '--disallowed-words', 'spam',
      '--depth', '5',
      '--flood-seconds', '30',
      '--close-after-days', '14',
      '--webhook', 'https://hooks.example/parley',
      '--origin', 'https://a.example/',
      '--origin', 'https://b.example',
    );
    expect(out).toEqual({
      site: {
        id,
        name: 'After',
        allowedOrigins: ['https://a.example', 'https://b.example'],
        mode: 'trusted',
        maxLinks: 0,
        moderationWords: ['casino', 'Viagra'],
        disallowedWords: ['spam'],
        depthLimit: 5,
        floodSeconds: 30,
        closeAfterDays: 14,
        webhookUrl: 'https://hooks.example/parley',
      },
      // The same secret the admin API shows.
      webhookSecret: webhookSecret(deriveKeys(SECRET), id),
    });

    // --site ID works as well; "never", "none" and "" clear; the rest stays.
    const cleared = await ok('site:update', '--site', id, '--close-after-days', 'never', '--webhook', 'none', '--moderation-words', '');
    expect(cleared.site).toEqual({ ...out.site, closeAfterDays: null, webhookUrl: null, moderationWords: [] });
    // No flag: the site as it is.
    expect(cleared.webhookSecret).toBeNull();
    expect(await ok('site:update', id)).toEqual(cleared);
    // --add-origin adds to the list (once), where --origin replaces it.
    const added = await ok('site:update', id, '--add-origin', 'https://c.example', '--add-origin', 'https://a.example');
    expect(added.site.allowedOrigins).toEqual(['https://a.example', 'https://b.example', 'https://c.example']);
    expect((await ok('site:update', id, '--origin', 'https://a.example', '--add-origin', 'https://d.example')).site.allowedOrigins).toEqual(['https://a.example', 'https://d.example']);
    await ok('site:update', id, '--origin', 'https://a.example', '--origin', 'https://b.example');
    // Each change is audited, by no moderator (the command line).
    expect(await database.db.auditEntry.findMany({ where: { siteId: id }, select: { action: true, moderatorId: true } })).toEqual([
      { action: 'site_update', moderatorId: null },
      { action: 'site_update', moderatorId: null },
      { action: 'site_update', moderatorId: null },
      { action: 'site_update', moderatorId: null },
      { action: 'site_update', moderatorId: null },
    ]);
  });

  it('refuses bad values with exit 2 and one line naming them, and changes nothing', async () => {
    const { id } = await buildSite(database.db);
    const before = await stored(id);
    const line = await refused('site:update', id, '--name', 'Fine', '--max-links', 'lots', '--depth', '11', '--mode', 'open', '--webhook', 'ftp://x.example');
    expect(line).toContain('Max links must be a whole number from 0 (off) to 100.');
    expect(line).toContain('Depth limit must be a whole number from 1 to 10.');
    expect(line).toContain('Mode must be pre, post or trusted.');
    expect(line).toContain('Webhook URL must be');
    expect(await refused('site:update', id, '--close-after-days', '0')).toContain('Close after days');
    expect(await refused('site:update', id, '--flood-seconds=-1')).toContain('Flood seconds');
    expect(await refused('site:update', id, '--origin', 'not a url')).toContain('is not an origin');
    expect(await refused('site:update', id, '--colour', 'red')).toMatch(/colour/);
    expect(await stored(id)).toEqual(before);
  });

  it('needs one site id, and an existing site', async () => {
    expect(await refused('site:update', '--mode', 'post')).toMatch(/site id/);
    expect(await refused('site:update', 'one', 'two')).toMatch(/usage/);
    expect(await refused('site:update', 'nosuchsite', '--mode', 'post')).toBe('parley: No such site.');
  });
});

describe('thread:close and thread:open', () => {
  it('close and reopen a thread, printing its state', async () => {
    const { id } = await buildSite(database.db);
    expect(await ok('thread:close', '--site', id, '--thread', '/2026/11/story')).toEqual({ site: id, thread: '/2026/11/story', closed: true });
    expect((await database.db.thread.findUniqueOrThrow({ where: { siteId_key: { siteId: id, key: '/2026/11/story' } } })).closed).toBe(true);
    expect(await ok('thread:open', '--site', id, '--thread', '/2026/11/story')).toEqual({ site: id, thread: '/2026/11/story', closed: false });
    expect((await database.db.thread.findUniqueOrThrow({ where: { siteId_key: { siteId: id, key: '/2026/11/story' } } })).closed).toBe(false);
    expect((await database.db.auditEntry.findMany({ where: { siteId: id }, orderBy: { id: 'asc' } })).map((e) => e.action)).toEqual(['thread_close', 'thread_open']);
  });

  it('refuses a missing flag or an unknown site', async () => {
    expect(await refused('thread:close', '--thread', 'a')).toMatch(/--site is required/);
    expect(await refused('thread:open', '--site', 'abc')).toMatch(/--thread is required/);
    expect(await refused('thread:close', '--site', 'nosuchsite', '--thread', 'a')).toBe('parley: No such site.');
  });
});
