import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/database.js';
import { freePort } from '../src/db/embedded/cluster.js';
import { MAIN, cleanEnv, start } from './helpers/processes.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return { stream, text: () => lines.join('\n'), lines };
}

describe('logs', () => {
  it('redact cookies, authorization, author tokens, passwords, emails and secrets', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info(
      {
        req: { headers: { cookie: 'parley_session=abc123', authorization: 'Bearer t0ken', 'x-parley-author': 'author-token-value' } },
        password: 'hunter2hunter2',
        email: 'reader@example.com',
        moderator: { email: 'mod@example.com', passwordHash: '$argon2id$secret' },
        comment: { authorEmail: 'author@example.com' },
        secret: 'the-parley-secret',
      },
      'something happened',
    );
    const text = out.text();
    for (const value of ['abc123', 't0ken', 'author-token-value', 'hunter2hunter2', 'reader@example.com', 'mod@example.com', '$argon2id$secret', 'author@example.com', 'the-parley-secret']) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('something happened');
    expect(text).toContain('[redacted]');
  });

  describe('of requests', () => {
    const out = capture();
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ log: createLogger('info', out.stream) });
    });
    afterAll(() => t.close());

    it('carry the request id, method, path and status, and never the query string or cookies', async () => {
      const res = await t.api.get('/nothing-here?q=reader@example.com&token=abc').set('Cookie', 'parley_session=s3cr3t').set('Authorization', 'Bearer zzz');
      const id = res.headers['x-request-id'];
      const line = out.lines.map((l) => JSON.parse(l)).find((l) => l.req?.id === id);
      expect(line).toMatchObject({ req: { id, method: 'GET', path: '/nothing-here' }, res: { statusCode: 404 } });
      expect(out.text()).not.toMatch(/reader@example\.com|s3cr3t|zzz|token=abc/);
    });

    it('leave a request that went well to the debug level: at info, a busy server would print a line per request', async () => {
      const ok = await t.api.get('/favicon.ico');
      const failed = await t.api.get('/no-such-page');
      const ids = out.lines.map((l) => JSON.parse(l).req?.id);
      expect(ids).not.toContain(ok.headers['x-request-id']);
      expect(ids).toContain(failed.headers['x-request-id']);
    });
  });

  describe('of the server process', () => {
    /** Starts the real server with this LOG_FORMAT, asks for a missing page, stops it: what it printed. */
    async function printed(format: 'json' | 'pretty') {
      const db = await createTestDatabase();
      const port = await freePort();
      const server = start(MAIN, [], cleanEnv({ DATABASE_URL: db.url, PARLEY_SECRET: 'log-test-secret-0123456789abcdef01', PORT: String(port), LOG_LEVEL: 'info', LOG_FORMAT: format }));
      try {
        await server.waitForOutput('Parley is ready');
        await fetch(`http://127.0.0.1:${port}/no-such-page?email=reader@example.com`);
        await server.waitForOutput(/no-such-page/);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
        await db.drop();
      }
      return server.stdout();
    }

    it('prints readable lines with LOG_FORMAT=pretty (the default on a terminal): a request as "GET /path 404 3 ms"', async () => {
      const text = await printed('pretty');
      expect(text).toMatch(/\d\d:\d\d:\d\d\] INFO: GET \/no-such-page 404 \d+ ms/);
      expect(text).toContain('Parley is ready on');
      expect(text.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
      expect(text).not.toContain('reader@example.com');
    });

    it('prints one JSON object per line with LOG_FORMAT=json (the default anywhere else)', async () => {
      const lines = (await printed('json')).split('\n').filter((l) => l.startsWith('{'));
      expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ msg: 'request completed', req: expect.objectContaining({ path: '/no-such-page' }) }));
    });
  });
});
