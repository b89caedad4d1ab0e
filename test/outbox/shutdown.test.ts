// SIGTERM while a message is being sent to an SMTP server that never
// answers: the server still stops within the contract's 10 s, exit code 0,
// and the message stays queued for the next start.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded/cluster.js';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { TEST_SECRET } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { aComment, buildSite } from '../helpers/factories.js';
import { MAIN, cleanEnv, start } from '../helpers/processes.js';
import { eventually, outboxRows } from '../mail/helpers.js';

let testDb: TestDatabase;
let silentSmtp: net.Server;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  // Accepts connections and never says a word: the SMTP greeting never comes.
  silentSmtp = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silentSmtp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  await new Promise((resolve) => silentSmtp.close(resolve));
  await testDb?.drop();
});

describe('stopping', () => {
  it('ends within 10 s of SIGTERM with a send in flight, and keeps the message queued', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const smtp = `smtp://127.0.0.1:${(silentSmtp.address() as AddressInfo).port}`;
    const server = start(MAIN, [], cleanEnv({ DATABASE_URL: testDb.url, PARLEY_SECRET: TEST_SECRET, PORT: String(port), PUBLIC_URL: origin, SMTP_URL: smtp }));
    const database = openDatabase(testDb.url, { poolSize: 2, log: createLogger('silent') });
    try {
      await server.waitForOutput('Parley is ready');
      const site = (await buildSite(database.db, { allowedOrigins: ['https://news.example'], mode: 'post' })).id;
      const posted = await fetch(`${origin}/api/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(aComment({ site, thread: 'x', notify: true })),
      });
      const first = ((await posted.json()) as { comment: { id: string } }).comment.id;
      // A published reply to a reader who asked: queued with the reply, then being sent.
      await fetch(`${origin}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(aComment({ site, thread: 'x', parentId: first })) });
      await eventually(async () => sockets.length > 0);

      const since = Date.now();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(Date.now() - since).toBeLessThan(10_000);
      const [row] = await outboxRows({ database }, `topic = 'reply'`);
      expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'interrupted by shutdown' });
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await database.close();
    }
  });
});
