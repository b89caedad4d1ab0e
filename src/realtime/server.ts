// Socket.IO on Parley's HTTP server (DESIGN.md §7): readers follow threads on
// `/`, moderators follow their sites on `/moderation`. Several instances act
// as one through @socket.io/postgres-adapter (LISTEN/NOTIFY on the same
// database). WebSocket only: no sticky sessions needed behind a load balancer.
import type http from 'node:http';
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { Server, type Namespace, type Socket } from 'socket.io';
import { z } from 'zod';
import { resumeSession, type SignedIn } from '../auth/sessions.js';
import type { Config } from '../config.js';
import {
  MODERATION_NAMESPACE,
  SOCKET_PATH,
  type ClientToServerEvents,
  type JoinAck,
  type ServerToClientEvents,
} from '../contracts.js';
import type { Database } from '../db/client.js';
import { requiredText } from '../http/fields.js';
import { siteAllows } from '../http/origin.js';
import type { Logger } from '../log.js';
import type { SiteLookup } from '../sites/lookup.js';
import { someSiteAllows } from '../sites/origins.js';
import { parse as parseCookies } from 'cookie';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { ADMINS_ROOM, MAX_THREADS_PER_SOCKET, sessionRoom, siteRoom, threadRoom } from './rooms.js';

export type ReadersNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
export type ModerationNamespace = Namespace<Record<string, never>, ServerToClientEvents, Record<string, never>, { signedIn: SignedIn }>;

export interface Realtime {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  readonly readers: ReadersNamespace;
  readonly moderation: ModerationNamespace;
  close(): Promise<void>;
}

export interface RealtimeDeps {
  readonly config: Config;
  readonly database: Database;
  readonly sites: SiteLookup;
  readonly log: Logger;
}

const Join = z.object({ site: requiredText('site', { max: 64 }), thread: requiredText('thread', { max: 512 }) });
/** How often live moderator connections are checked against their sessions (expiry, password change). */
const SESSION_SWEEP_MS = 60_000;

/** The server's own origin as a socket handshake sees it. */
function ownOrigin(config: Config, socket: Socket): string {
  return config.publicUrl ?? `${socket.handshake.secure ? 'https' : 'http'}://${socket.handshake.headers.host ?? ''}`;
}

export function attachRealtime(httpServer: http.Server, deps: RealtimeDeps): Realtime {
  const { config, database, sites, log } = deps;
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
  });
  // LISTEN holds a connection for good: the adapter gets a small pool of its own.
  const adapterPool = new pg.Pool({ connectionString: database.url, max: 2, application_name: 'parley-realtime' });
  adapterPool.on('error', (err) => log.warn({ err: { message: err.message } }, 'realtime database connection lost'));
  io.adapter(createAdapter(adapterPool, { tableName: 'socket_io_attachments', errorHandler: (err) => log.warn({ err: { message: err.message } }, 'realtime adapter error') }));

  const readers = io.of('/') as ReadersNamespace;
  const someSiteAllowsOrigin = someSiteAllows(database.db);

  readers.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (!origin) return next(); // not a browser: nothing to protect
    if (origin === ownOrigin(config, socket)) return next();
    someSiteAllowsOrigin(origin).then(
      (allowed) => next(allowed ? undefined : new Error('origin_not_allowed')),
      () => next(new Error('unavailable')),
    );
  });

  readers.on('connection', (socket) => {
    const origin = socket.handshake.headers.origin;
    socket.on('thread:join', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const answer = (a: JoinAck) => ack(a);
      const parsed = Join.safeParse(payload);
      if (!parsed.success) return answer({ error: { code: 'validation_failed', message: parsed.error.issues[0]!.message } });
      const { site: siteId, thread } = parsed.data;
      const room = threadRoom(siteId, thread);
      if (socket.rooms.has(room)) return answer({ ok: true });
      // socket.rooms also holds the socket's own id.
      if (socket.rooms.size - 1 >= MAX_THREADS_PER_SOCKET)
        return answer({ error: { code: 'rate_limited', message: `Follow at most ${MAX_THREADS_PER_SOCKET} threads per connection.` } });
      sites.get(siteId).then(
        (site) => {
          if (!site) return answer({ error: { code: 'site_not_found', message: 'No such site.' } });
          if (origin && !siteAllows(site, origin, ownOrigin(config, socket)))
            return answer({ error: { code: 'origin_not_allowed', message: 'This site does not accept this origin.' } });
          void socket.join(room);
          answer({ ok: true });
        },
        () => answer({ error: { code: 'unavailable', message: 'Try again shortly.' } }),
      );
    });
    socket.on('thread:leave', (payload) => {
      const parsed = Join.safeParse(payload);
      if (parsed.success) void socket.leave(threadRoom(parsed.data.site, parsed.data.thread));
    });
  });

  const moderation = io.of(MODERATION_NAMESPACE) as unknown as ModerationNamespace;
  moderation.use((socket, next) => {
    const refuse = () => next(new Error('unauthorized'));
    if (socket.handshake.headers.origin !== ownOrigin(config, socket)) return refuse();
    const token = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    resumeSession(database.db, config, token).then((signedIn) => {
      if (!signedIn) return refuse();
      socket.data.signedIn = signedIn;
      next();
    }, refuse);
  });
  moderation.on('connection', (socket) => {
    const { scope, sessionId } = socket.data.signedIn;
    void socket.join([sessionRoom(sessionId), ...(scope.all ? [ADMINS_ROOM] : scope.siteIds.map(siteRoom))]);
  });

  // Sessions end by expiry or a password change without an event: check the
  // sessions behind this instance's moderator sockets now and then.
  const sweep = setInterval(() => {
    void (async () => {
      const sockets = await moderation.local.fetchSockets();
      if (sockets.length === 0) return;
      const ids = [...new Set(sockets.map((s) => s.data.signedIn.sessionId))];
      const { rows } = await database.pool.query<{ id: string }>(
        `SELECT id FROM sessions WHERE id = ANY($1::uuid[]) AND expires_at > now() AND last_seen_at > now() - $2 * interval '1 millisecond'`,
        [ids, config.sessions.idleMs],
      );
      const alive = new Set(rows.map((r) => r.id));
      for (const s of sockets) if (!alive.has(s.data.signedIn.sessionId)) s.disconnect(true);
    })().catch((err: unknown) => log.warn({ err }, 'session sweep failed'));
  }, SESSION_SWEEP_MS);
  sweep.unref();

  return {
    io,
    readers,
    moderation,
    /**
     * Ends this instance's connections (clients reconnect, to another instance
     * if there is one) without touching the HTTP server, which drains its
     * requests on its own. Not io.close(): that would close the HTTP server
     * before its in-flight requests finish.
     */
    async close() {
      clearInterval(sweep);
      readers.local.disconnectSockets(true);
      moderation.local.disconnectSockets(true);
      io.engine.close();
      await Promise.all([readers, moderation].map(async (nsp) => (nsp.adapter as { close?: () => Promise<void> | void }).close?.()));
      await adapterPool.end().catch(() => {});
    },
  };
}
