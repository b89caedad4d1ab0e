// Parley on a real HTTP server (app + Socket.IO + event forwarding), on a
// fresh database, for tests that need sockets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../../src/config.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/contracts.js';
import { openDatabase } from '../../src/db/client.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { NotificationTuning } from '../../src/outbox/start.js';
import { createParley } from '../../src/parley.js';
import { deriveKeys } from '../../src/security/keys.js';
import { TEST_SECRET, testEnv } from './app.js';
import { createTestDatabase } from './database.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Parley on 127.0.0.1; `env` adds configuration (e.g. limits). `databaseUrl`:
 * run on that database (another instance, or one a test keeps across a
 * restart) instead of a fresh one, and leave it be on close.
 * `notificationTuning`: shorter waits for the outbox's worker.
 */
export async function startTestServer(
  opts: { env?: Record<string, string>; databaseUrl?: string; notificationTuning?: NotificationTuning; log?: Logger; now?: () => number } = {},
) {
  const testDb = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const config = loadConfig(testEnv(testDb.url, opts.env));
  const log = opts.log ?? createLogger('silent');
  const database = openDatabase(testDb.url, { poolSize: 6, log });
  const keys = deriveKeys(TEST_SECRET);
  // Listen first: without PUBLIC_URL the server's own origin is its loopback address and port.
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const parley = createParley({ config, database, log, keys, port, notificationTuning: opts.notificationTuning, now: opts.now });
  handler = parley.app;
  const realtime = parley.attach(server);
  const events = parley.events;
  const origin = `http://127.0.0.1:${port}`;
  const sockets: ClientSocket[] = [];
  return {
    origin,
    db: database.db,
    database,
    url: testDb.url,
    api: supertest(server),
    events,
    /** A socket.io client, WebSocket only as the widget and dashboard connect. */
    socket(namespace = '/', headers: Record<string, string> = {}, opts: { reconnection?: boolean } = {}): ClientSocket {
      const s: ClientSocket = connect(`${origin}${namespace}`, { transports: ['websocket'], extraHeaders: headers, reconnection: opts.reconnection ?? false, forceNew: true });
      sockets.push(s);
      return s;
    },
    async close() {
      sockets.forEach((s) => s.disconnect());
      await realtime.close();
      await new Promise((resolve) => server.close(resolve));
      await database.close();
      await testDb.drop();
    },
  };
}

/** Resolves on connect, rejects with the server's refusal message. */
export const connected = (s: ClientSocket) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (err) => reject(err));
  });

/** The next `event` on `s`, or a rejection after `ms`. */
export function next<E extends keyof ServerToClientEvents>(s: ClientSocket, event: E, ms = 2_000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    s.once(event as 'comment:approved', ((payload: never) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never);
  });
}

export const join = (s: ClientSocket, payload: unknown) =>
  new Promise<unknown>((resolve) => s.emit('thread:join', payload as { site: string; thread: string }, resolve));
