import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { CLI, MAIN, cleanEnv, run } from './helpers/processes.js';

const SECRET = 'x'.repeat(32);

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/parley');
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('config', () => {
  it('runs with no configuration at all: embedded database, port 3000, ./.parley, demo on', () => {
    const config = loadConfig({}, '/srv/parley');
    expect(config).toMatchObject({
      env: 'development',
      dataDir: '/srv/parley/.parley',
      database: { kind: 'embedded', poolSize: 10 },
      http: { port: 3000, host: undefined, trustProxy: false },
      publicUrl: undefined,
      secret: undefined,
      logLevel: 'info',
      demo: true,
    });
  });

  it('reads every variable into a typed object', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgresql://app:pw@db.internal:5432/parley',
        DATABASE_POOL_SIZE: '25',
        PORT: '8080',
        HOST: '127.0.0.1',
        PARLEY_DATA_DIR: '/var/lib/parley-data',
        PARLEY_SECRET: SECRET,
        PUBLIC_URL: 'https://comments.example.com/',
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'pretty',
        TRUST_PROXY: 'loopback, 10.0.0.0/8',
        METRICS_TOKEN: 'metrics-token-0123456789',
        NODE_ENV: 'production',
      },
      '/srv/parley',
    );
    expect(config).toEqual({
      env: 'production',
      dataDir: '/var/lib/parley-data',
      database: { kind: 'external', url: 'postgresql://app:pw@db.internal:5432/parley', poolSize: 25 },
      http: { port: 8080, host: '127.0.0.1', trustProxy: ['loopback', '10.0.0.0/8'] },
      publicUrl: 'https://comments.example.com',
      secret: SECRET,
      logLevel: 'debug',
      logFormat: 'pretty',
      demo: false,
      sessions: { idleMs: 12 * 3_600_000, maxAgeMs: 7 * 86_400_000 },
      realtime: { maxSocketsPerAddress: 50, handshakesPerMinute: 60 },
      limits: { postsPerMinute: 30, readsPerMinute: 1200, likesPerMinute: 60 },
      metrics: { token: 'metrics-token-0123456789' },
      mail: undefined,
    });
  });

  it('logs readable lines to a person at a terminal and JSON anywhere else, unless LOG_FORMAT says', () => {
    expect(loadConfig({}, '/srv/parley', true).logFormat).toBe('pretty');
    expect(loadConfig({}, '/srv/parley', false).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, '/srv/parley', true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, '/srv/parley', false).logFormat).toBe('pretty');
    expect(problems({ LOG_FORMAT: 'xml' })).toEqual(['LOG_FORMAT: must be one of json, pretty']);
  });

  it('is frozen all the way down', () => {
    const config = loadConfig({}, '/srv/parley');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db/parley'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_SIZE', '0'],
    ['PARLEY_SECRET', 'too-short'],
    ['METRICS_TOKEN', 'too-short'],
    ['PUBLIC_URL', 'ftp://comments.example.com'],
    ['PUBLIC_URL', 'https://example.com/comments'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'maybe?'],
    ['NODE_ENV', 'staging'],
    ['PARLEY_DEMO', 'perhaps'],
    ['POSTS_PER_MINUTE_PER_ADDRESS', '-1'],
    ['POSTS_PER_MINUTE_PER_ADDRESS', '1000001'],
    ['READS_PER_MINUTE_PER_ADDRESS', 'lots'],
    ['READS_PER_MINUTE_PER_ADDRESS', '2.5'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['SMTP_URL', 'smtp://'],
    ['MAIL_FROM', 'Parley <not an address>'],
  ])('a malformed %s (%j) is named', (name, value) => {
    const env = { PARLEY_SECRET: SECRET, [name]: value };
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('needs PARLEY_SECRET whenever the database is shared (DATABASE_URL set)', () => {
    expect(problems({ DATABASE_URL: 'postgresql://db/parley' })).toEqual([expect.stringMatching(/^PARLEY_SECRET: required when DATABASE_URL is set/)]);
  });

  it('needs DATABASE_URL, PARLEY_SECRET and PUBLIC_URL in production', () => {
    const found = problems({ NODE_ENV: 'production' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PARLEY_SECRET', 'PUBLIC_URL']);
    expect(found.find((p) => p.startsWith('PUBLIC_URL'))).toMatch(/required when NODE_ENV=production/);
  });

  it('reads the live connection limits (per client address)', () => {
    expect(loadConfig({ MAX_SOCKETS_PER_ADDRESS: '5', HANDSHAKES_PER_MINUTE: '7' }, '/srv').realtime).toEqual({ maxSocketsPerAddress: 5, handshakesPerMinute: 7 });
    expect(problems({ MAX_SOCKETS_PER_ADDRESS: '0' })).toEqual([expect.stringMatching(/^MAX_SOCKETS_PER_ADDRESS: /)]);
  });

  it('reads the request limits of the readers\' API (per client address and minute; 0 turns one off)', () => {
    expect(loadConfig({}, '/srv').limits).toEqual({ postsPerMinute: 30, readsPerMinute: 1200, likesPerMinute: 60 });
    expect(loadConfig({ POSTS_PER_MINUTE_PER_ADDRESS: '5', READS_PER_MINUTE_PER_ADDRESS: '0' }, '/srv').limits).toEqual({ postsPerMinute: 5, readsPerMinute: 0, likesPerMinute: 60 });
    expect(loadConfig({ POSTS_PER_MINUTE_PER_ADDRESS: '1000000' }, '/srv').limits.postsPerMinute).toBe(1_000_000);
  });

  it('turns mail on with SMTP_URL, From defaulting to parley@ the host of PUBLIC_URL', () => {
    expect(loadConfig({}, '/srv').mail).toBeUndefined();
    expect(loadConfig({ MAIL_FROM: 'news@daily.example' }, '/srv').mail).toBeUndefined();
    expect(loadConfig({ SMTP_URL: 'smtps://parley:pw@mail.daily.example:465', PUBLIC_URL: 'https://comments.daily.example' }, '/srv').mail).toEqual({
      smtpUrl: 'smtps://parley:pw@mail.daily.example:465',
      from: 'Parley <parley@comments.daily.example>',
    });
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }, '/srv').mail!.from).toBe('Parley <parley@localhost>');
    expect(loadConfig({ SMTP_URL: 'smtp://relay', MAIL_FROM: 'The Daily <comments@daily.example>' }, '/srv').mail!.from).toBe('The Daily <comments@daily.example>');
  });

  it('never echoes the SMTP password in its message', () => {
    const found = problems({ SMTP_URL: 'smpt://parley:hunter2-pass@mail.example.com' });
    expect(found).toEqual([expect.stringMatching(/^SMTP_URL: /)]);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('reports every bad variable at once', () => {
    expect(problems({ PORT: '-1', LOG_LEVEL: 'loud', PUBLIC_URL: 'nope' }).map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'PUBLIC_URL']);
  });

  it('never echoes a secret value in its message', () => {
    const found = problems({ PARLEY_SECRET: 'hunter2-short' });
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it.each([
    ['server', MAIN, []],
    ['CLI', CLI, ['site:list']],
  ])('the %s exits 1 with one line per bad variable', async (_name, file, args) => {
    const result = await run(file, args as string[], cleanEnv({ PORT: 'abc', LOG_LEVEL: 'loud', PARLEY_DATA_DIR: '/nonexistent/never-created' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => /PORT/.test(l))).toBe(true);
    expect(lines.some((l) => /LOG_LEVEL/.test(l))).toBe(true);
  });
});
