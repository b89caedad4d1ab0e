// Mail never puts an address or the SMTP password in a log line or in the
// outbox, even when the SMTP server refuses a recipient and quotes it.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { aComment, buildSite } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp.js';
import { FAST, PUBLIC, eventually, moderatorOn, outboxRows, type Server } from './helpers.js';

const PASSWORD = 'pa55-w0rd-nobody-sees';
const lines: string[] = [];
const out = new Writable({
  write(chunk, _enc, done) {
    lines.push(...chunk.toString().trim().split('\n'));
    done();
  },
});

let smtp: SmtpServer;
let s: Server;
beforeAll(async () => {
  smtp = await startSmtpServer({ auth: { user: 'parley', pass: PASSWORD }, refuse: /^refused@/ });
  s = await startTestServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL: PUBLIC, LOG_LEVEL: 'debug' }, notificationTuning: FAST, log: createLogger('debug', out) });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

describe('mail in the logs', () => {
  it('logs what was sent and what failed, by outbox id, with no address and no password; a refused recipient is not tried again', async () => {
    const site = (await buildSite(s.db, { allowedOrigins: ['https://news.example'] })).id;
    const { decide } = await moderatorOn(s);
    const ok = (await s.api.post('/api/comments').send(aComment({ site, email: 'fine@example.com', notify: true })).expect(201)).body.comment.id;
    const refused = (await s.api.post('/api/comments').send(aComment({ site, email: 'refused@example.com', notify: true })).expect(201)).body.comment.id;
    await decide(ok, 'approved');
    await decide(refused, 'approved');
    // Authenticated with the password from SMTP_URL: the message arrives (and is recorded sent, after its log line).
    await smtp.waitFor(() => smtp.to('fine@example.com').length === 1);
    await eventually(async () => (await outboxRows(s, `comment_id = $1`, [ok]))[0]?.state === 'sent');
    const [row] = await eventually(async () => {
      const rows = await outboxRows(s, `comment_id = $1`, [refused]);
      return rows[0]?.lastError && rows;
    });
    // A permanent refusal (5xx) is not tried again.
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/550/);
    expect(row!.lastError).not.toContain('refused@');

    const text = lines.join('\n');
    expect(text).toContain('outbox: sent');
    expect(text).toContain('outbox: failed for good');
    expect(text).not.toMatch(/[a-z]+@example\.com/);
    expect(text).not.toContain(PASSWORD);
  });
});
