import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { CLI, cleanEnv, run } from './helpers/processes.js';

let testDb: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  testDb = await createTestDatabase();
  env = cleanEnv({ DATABASE_URL: testDb.url, PARLEY_SECRET: 'cli-test-secret-0123456789abcdef0123' });
});
afterAll(() => testDb.drop());

const cli = (args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) => run(CLI, args, { ...env, ...opts.env }, opts.stdin);

/** Exactly one JSON document on stdout, exit 0. */
async function ok(args: string[], opts?: Parameters<typeof cli>[1]) {
  const result = await cli(args, opts);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout.endsWith('\n')).toBe(true);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout);
}

/** Exit 2, one line on stderr, nothing on stdout. */
async function refused(args: string[], opts?: Parameters<typeof cli>[1]) {
  const result = await cli(args, opts);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  return result.stderr.trim();
}

describe('CLI', () => {
  it('answers help and --help with its usage on stdout, exit 0; with no command, the usage on stderr, exit 2', async () => {
    for (const ask of ['help', '--help']) {
      const result = await cli([ask]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^usage: npm run cli -- <command>\n/);
      for (const command of ['site:create', 'site:update', 'moderator:create', 'moderator:password', 'privacy:erase', 'thread:close']) expect(result.stdout).toContain(`  ${command}`);
    }
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^usage: npm run cli -- <command>\n/);
  });

  it('creates a site and lists it, origins normalised', async () => {
    const created = await ok(['site:create', '--name', 'The Daily Example', '--origin', 'https://daily.example/', '--origin', 'https://WWW.daily.example', '--mode', 'post']);
    expect(created).toEqual({ id: expect.stringMatching(/^[a-z0-9]{12}$/) });

    const { sites } = await ok(['site:list']);
    expect(sites).toContainEqual({
      id: created.id,
      name: 'The Daily Example',
      allowedOrigins: ['https://daily.example', 'https://www.daily.example'],
      mode: 'post',
      createdAt: expect.any(String),
      webhookUrl: null,
      webhookSecret: null,
    });
  });

  it('creates a site in pre-moderation unless told otherwise', async () => {
    const { id } = await ok(['site:create', '--name', 'Quiet blog', '--origin', 'http://localhost:8080']);
    const { sites } = await ok(['site:list']);
    expect(sites.find((s: { id: string }) => s.id === id).mode).toBe('pre');
  });

  it('creates moderators with the password from PARLEY_PASSWORD or stdin, never argv', async () => {
    const { id: site } = await ok(['site:create', '--name', 'Mods', '--origin', 'https://mods.example']);

    const fromEnv = await ok(['moderator:create', '--email', 'Ada@Example.com', '--name', 'Ada', '--site', site], { env: { PARLEY_PASSWORD: 'a long enough password' } });
    const fromStdin = await ok(['moderator:create', '--email', 'grace@example.com', '--admin'], { stdin: 'another long password\n' });

    const { moderators } = await ok(['moderator:list']);
    expect(moderators).toContainEqual({ id: fromEnv.id, email: 'ada@example.com', name: 'Ada', role: 'moderator', sites: [site], createdAt: expect.any(String) });
    // The name defaults to the email's local part.
    expect(moderators).toContainEqual({ id: fromStdin.id, email: 'grace@example.com', name: 'grace', role: 'admin', sites: [], createdAt: expect.any(String) });
    expect(JSON.stringify(moderators)).not.toMatch(/argon2|password/i);
  });

  it('stores only an argon2id hash with OWASP parameters or stronger', async () => {
    await ok(['moderator:create', '--email', 'hash@example.com', '--admin'], { env: { PARLEY_PASSWORD: 'correct horse battery staple' } });
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const { rows } = await client.query<{ password_hash: string }>(`SELECT password_hash FROM moderators WHERE email = 'hash@example.com'`);
    await client.end();
    const hash = rows[0]!.password_hash;
    expect(hash).not.toContain('correct horse');
    const [, algorithm, , params] = hash.split('$');
    expect(algorithm).toBe('argon2id');
    const p = Object.fromEntries(params!.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
    // OWASP: m ≥ 19 MiB with t ≥ 2, p = 1.
    expect(p.m).toBeGreaterThanOrEqual(19_456);
    expect(p.t).toBeGreaterThanOrEqual(2);
  });

  it('changes a password (ending sessions), assigns sites, and removes a moderator', async () => {
    const { id: siteA } = await ok(['site:create', '--name', 'A', '--origin', 'https://a.example']);
    const { id: siteB } = await ok(['site:create', '--name', 'B', '--origin', 'https://b.example']);
    const pw = { env: { PARLEY_PASSWORD: 'first long password' } };
    const { id } = await ok(['moderator:create', '--email', 'rotating@example.com', '--site', siteA], pw);
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO sessions (id, token_hash, moderator_id, expires_at) VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day')`, ['a'.repeat(64), id]);
      const before = (await client.query('SELECT password_hash FROM moderators WHERE id = $1', [id])).rows[0].password_hash;
      expect(await ok(['moderator:password', '--email', 'rotating@example.com'], { stdin: 'second long password\n' })).toEqual({ id });
      expect((await client.query('SELECT password_hash FROM moderators WHERE id = $1', [id])).rows[0].password_hash).not.toBe(before);
      expect((await client.query('SELECT count(*)::int AS n FROM sessions WHERE moderator_id = $1', [id])).rows[0].n).toBe(0);

      expect(await ok(['site:assign', '--site', siteB, '--email', 'rotating@example.com'])).toEqual({ id, sites: [siteA, siteB].sort() });
      expect(await ok(['site:assign', '--site', siteA, '--email', 'rotating@example.com', '--remove'])).toEqual({ id, sites: [siteB] });

      expect(await ok(['moderator:remove', '--email', 'rotating@example.com'])).toEqual({ id });
      expect((await client.query('SELECT count(*)::int AS n FROM moderators WHERE id = $1', [id])).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
    expect(await refused(['moderator:remove', '--email', 'rotating@example.com'])).toMatch(/No moderator has this email/);
    expect(await refused(['moderator:password', '--email', 'nobody@example.com'], { env: { PARLEY_PASSWORD: 'long enough password' } })).toMatch(/No moderator/);
  });

  describe('refuses bad arguments with exit 2 and one line', () => {
    it('an unknown site id', async () => {
      expect(await refused(['moderator:create', '--email', 'x@example.com', '--site', 'nosuchsite'], { env: { PARLEY_PASSWORD: 'long enough password' } })).toMatch(/No such site: nosuchsite/);
    });
    it('an origin that is not http(s) or has a path', async () => {
      expect(await refused(['site:create', '--name', 'x', '--origin', 'ftp://files.example'])).toMatch(/not an origin/);
      expect(await refused(['site:create', '--name', 'x', '--origin', 'https://a.example/blog'])).toMatch(/not an origin/);
    });
    it('a duplicate email, whatever its case', async () => {
      await ok(['moderator:create', '--email', 'dup@example.com', '--admin'], { env: { PARLEY_PASSWORD: 'long enough password' } });
      expect(await refused(['moderator:create', '--email', 'DUP@example.com', '--admin'], { env: { PARLEY_PASSWORD: 'long enough password' } })).toMatch(/already exists/);
    });
    it('a password under 12 characters', async () => {
      expect(await refused(['moderator:create', '--email', 'weak@example.com', '--admin'], { env: { PARLEY_PASSWORD: 'short' } })).toMatch(/at least 12 characters/);
    });
    it('a moderator with neither sites nor --admin', async () => {
      expect(await refused(['moderator:create', '--email', 'lost@example.com'], { env: { PARLEY_PASSWORD: 'long enough password' } })).toMatch(/needs at least one site/);
    });
    it('a missing required flag, an unknown flag, an unknown command, a bad mode', async () => {
      expect(await refused(['site:create', '--origin', 'https://a.example'])).toMatch(/--name is required/);
      expect(await refused(['site:list', '--verbose'])).toMatch(/Unknown option '--verbose'/);
      expect(await refused(['site:destroy'])).toMatch(/unknown command "site:destroy"/);
      expect(await refused(['site:create', '--name', 'x', '--origin', 'https://a.example', '--mode', 'anything'])).toMatch(/Mode must be pre, post or trusted/);
    });
  });
});
