import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { createTestApp, type TestApp } from './helpers/app.js';

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
  });
});
