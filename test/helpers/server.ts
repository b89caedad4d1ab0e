// Parley on a real HTTP server (app + Socket.IO + event forwarding), on a
// fresh database, for tests that need sockets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/contracts.js';
import { openDatabase } from '../../src/db/client.js';
import { EventBus } from '../../src/events/bus.js';
import { createLogger } from '../../src/log.js';
import { forwardEvents } from '../../src/realtime/forwarder.js';
import { attachRealtime } from '../../src/realtime/server.js';
import { deriveKeys } from '../../src/security/keys.js';
import { cachedSiteLookup } from '../../src/sites/lookup.js';
import { TEST_SECRET } from './app.js';
import { createTestDatabase } from './database.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function startTestServer() {
  const testDb = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: testDb.url, PARLEY_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const database = openDatabase(testDb.url, { poolSize: 6, log });
  const keys = deriveKeys(TEST_SECRET);
  const events = new EventBus(log);
  const sites = cachedSiteLookup(database.db);
  const server = http.createServer(createApp({ config, database, log, keys, events, sites }));
  const realtime = attachRealtime(server, { config, database, sites, log });
  forwardEvents({ events, db: database.db, keys, realtime });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
