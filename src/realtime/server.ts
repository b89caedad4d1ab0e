// Socket.IO on Parley's HTTP server (DESIGN.md §7): readers follow threads on
// `/`, moderators follow their sites on `/moderation`. Several instances act
// as one through @socket.io/postgres-adapter (LISTEN/NOTIFY on the same
// database). WebSocket only: no sticky sessions needed behind a load balancer.
import type http from 'node:http';
import { createAdapter } from '@socket.io/postgres-adapter';
import { parse as parseCookies } from 'cookie';
import type pg from 'pg';
import { Server, type Namespace, type Socket } from 'socket.io';
import { z } from 'zod';
import { resumeSession, SESSION_COOKIE, type SignedIn } from '../auth/sessions.js';
import type { Config } from '../config.js';
import { MODERATION_NAMESPACE, SOCKET_PATH, type ClientToServerEvents, type JoinAck, type ServerToClientEvents } from '../contracts.js';
import { isDatabaseUnavailable, resilientPool, type Database } from '../db/client.js';
import { originNotAllowed, siteNotFound, toAck, tooManyThreads, unavailable, validationFailed } from '../errors.js';
import { requiredText } from '../http/fields.js';
import { siteAllows, type OwnOrigin } from '../http/origin.js';
import type { Logger } from '../log.js';
import type { SiteLookup } from '../sites/lookup.js';
import { someSiteAllows } from '../sites/origins.js';
import { broadcast, quietWhenAlone } from './broadcast.js';
import { connectionLimits } from './limits.js';
import { followRights, roomsFor } from './moderator-rooms.js';
import type { ClusterEvents, LiveOutlet } from './outlet.js';
import { MAX_THREADS_PER_SOCKET, threadRoom } from './rooms.js';

export type ReadersNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { threads: Set<string> }>;
export type ModerationNamespace = Namespace<Record<string, never>, ServerToClientEvents, ClusterEvents, { signedIn: SignedIn }>;

export interface Realtime {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  readonly readers: ReadersNamespace;
  readonly moderation: ModerationNamespace;
  /** Where the event forwarder sends: these namespaces, and through the adapter every instance's. */
  readonly live: LiveOutlet;
  /** The adapter's own small pool (LISTEN/NOTIFY), for the metrics. */
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface RealtimeDeps {
  readonly config: Config;
  readonly database: Database;
  readonly sites: SiteLookup;
  readonly log: Logger;
  readonly origin: OwnOrigin;
}

const Join = z.object({ site: requiredText('site', { max: 64 }), thread: requiredText('thread', { max: 512 }) });
/** How often live moderator connections are checked against their sessions and rights (a backstop: changes are announced). */
const SESSION_SWEEP_MS = 60_000;
/** A refused connection gets its connect_error, then is closed. */
const REFUSED_CLOSE_MS = 1_000;
const REFUSED = Symbol('parley.refused');

/**
 * The adapter's pool. The adapter holds one client for LISTEN and, when that
 * connection dies, takes a new one without releasing the dead one: with a
 * pool of 2, two database restarts would leave it none. A client that ends
 * while checked out is released here, so the pool forgets it. And a LISTEN
 * client still being set up when the server stops is one the adapter's
 * close() does not know of yet: close() here lets go of it, so the stop
 * does not wait for it.
 */
function adapterPool(database: Database, log: Logger): { pool: pg.Pool; close(): Promise<void> } {
  const pool = resilientPool({ connectionString: database.url, max: 2, connectionTimeoutMillis: 5_000, application_name: 'parley-realtime', logger: log, label: 'realtime' });
  const held = new Set<pg.PoolClient>();
  let closing = false;
  const letGo = (client: pg.PoolClient) => {
    if (!held.delete(client)) return;
    try {
      client.release(true);
    } catch {
      // Already released by its user.
    }
  };
  const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient> | void;
  pool.connect = ((cb?: unknown) => {
    // pool.query() checks out with a callback and releases on its own.
    if (cb) return connect(cb);
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      if (closing) {
        // The adapter has closed: its late LISTEN waits for nothing, and the connection goes.
        client.release(true);
        return new Promise<never>(() => {});
      }
      held.add(client);
      const release = client.release.bind(client);
      client.release = ((err?: Error | boolean) => {
        held.delete(client);
        release(err);
      }) as typeof client.release;
      client.once('end', () => letGo(client));
      return client;
    });
  }) as typeof pool.connect;
  return {
    pool,
    async close() {
      closing = true;
      held.forEach(letGo);
      await pool.end().catch(() => {});
    },
  };
}

export function attachRealtime(httpServer: http.Server, deps: RealtimeDeps): Realtime {
  const { config, database, sites, log, origin: own } = deps;
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    // A bigger message closes the connection (ws maxPayload), nothing else.
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
  });
  const adapter = adapterPool(database, log);
  io.adapter(createAdapter(adapter.pool, { tableName: 'socket_io_attachments', errorHandler: (err) => log.warn({ err: { message: err.message } }, 'realtime adapter error') }));

  // Every connection is counted against its address; one over a limit is
  // marked, refused by the namespace it asks for, and closed.
  const limits = connectionLimits({ trust: config.http.trustProxy, maxOpen: config.realtime.maxSocketsPerAddress, perMinute: config.realtime.handshakesPerMinute });
  io.engine.on('connection', (conn: { request: http.IncomingMessage; once(e: 'close', f: () => void): void; close(): void; [REFUSED]?: boolean }) => {
    const admitted = limits.admit(conn.request);
    if (admitted.ok) conn.once('close', admitted.release);
    else {
      conn[REFUSED] = true;
      setTimeout(() => conn.close(), REFUSED_CLOSE_MS).unref();
    }
  });
  const refusedByLimits = (socket: Socket) => (socket.conn as unknown as { [REFUSED]?: boolean })[REFUSED] === true;

  const readers = io.of('/') as unknown as ReadersNamespace;
  quietWhenAlone(readers as unknown as Namespace);
  const someSiteAllowsOrigin = someSiteAllows(database.pool);

  readers.use((socket, next) => {
    if (refusedByLimits(socket)) return next(new Error('rate_limited'));
    const origin = socket.handshake.headers.origin;
    if (!origin) return next(); // not a browser: nothing to protect
    if (own.is(origin)) return next();
    someSiteAllowsOrigin(origin).then(
      (allowed) => next(allowed ? undefined : new Error('origin_not_allowed')),
      () => next(new Error('unavailable')),
    );
  });

  readers.on('connection', (socket) => {
    const origin = socket.handshake.headers.origin;
    // Joined and being joined: the slot is taken before any await, so a burst of joins cannot pass the cap.
    const threads = (socket.data.threads = new Set<string>());
    socket.on('thread:join', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const answer = (a: JoinAck) => ack(a);
      const parsed = Join.safeParse(payload);
      if (!parsed.success) return answer(toAck(validationFailed({}, parsed.error.issues[0]!.message)));
      const { site: siteId, thread } = parsed.data;
      const room = threadRoom(siteId, thread);
      if (socket.rooms.has(room)) return answer({ ok: true });
      if (threads.has(room)) return answer({ ok: true }); // a join of the same thread under way: it decides
      if (threads.size >= MAX_THREADS_PER_SOCKET)
        return answer(toAck(tooManyThreads(MAX_THREADS_PER_SOCKET)));
      threads.add(room);
      sites.get(siteId).then(
        (site) => {
          if (!site) {
            threads.delete(room);
            return answer(toAck(siteNotFound()));
          }
          if (origin && !siteAllows(site, origin, own)) {
            threads.delete(room);
            return answer(toAck(originNotAllowed()));
          }
          void socket.join(room);
          answer({ ok: true });
        },
        () => {
          threads.delete(room);
          answer(toAck(unavailable()));
        },
      );
    });
    socket.on('thread:leave', (payload) => {
      const parsed = Join.safeParse(payload);
      if (!parsed.success) return;
      const room = threadRoom(parsed.data.site, parsed.data.thread);
      threads.delete(room);
      void socket.leave(room);
    });
  });

  const moderation = io.of(MODERATION_NAMESPACE) as unknown as ModerationNamespace;
  quietWhenAlone(moderation as unknown as Namespace);
  moderation.use((socket, next) => {
    if (refusedByLimits(socket as unknown as Socket)) return next(new Error('rate_limited'));
    const refuse = () => next(new Error('unauthorized'));
    if (!own.is(socket.handshake.headers.origin)) return refuse();
    const token = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    resumeSession(database.pool, config, token).then(
      (signedIn) => {
        if (!signedIn) return refuse();
        socket.data.signedIn = signedIn;
        next();
      },
      // The database is down: the session may be fine, so say so (the dashboard retries instead of signing out).
      (err: unknown) => next(new Error(isDatabaseUnavailable(err) ? 'unavailable' : 'unauthorized')),
    );
  });
  moderation.on('connection', (socket) => {
    void socket.join(roomsFor(socket.data.signedIn));
  });

  const followRightsOf = (moderatorId?: string) =>
    followRights(
      { sql: database.pool, config },
      [...moderation.sockets.values()].filter((s) => !moderatorId || s.data.signedIn.moderator.id === moderatorId),
    ).catch((err: unknown) => log.warn({ err }, 'could not re-read moderator rights'));
  // From another instance, or from the CLI through the adapter's channel.
  moderation.on('moderator:changed', (moderatorId) => {
    if (typeof moderatorId === 'string') void followRightsOf(moderatorId);
  });
  // Sessions also end by expiry without an event; and a change announced while this instance's LISTEN was down is caught here.
  const sweep = setInterval(() => void followRightsOf(), SESSION_SWEEP_MS);
  sweep.unref();

  const live: LiveOutlet = {
    emit(to, rooms, event, payload) {
      return broadcast((to === 'readers' ? readers : moderation) as unknown as Namespace, typeof rooms === 'string' ? [rooms] : rooms, event, payload);
    },
    disconnect(room) {
      moderation.in(room).disconnectSockets(true);
    },
    async moderatorChanged(moderatorId) {
      moderation.serverSideEmit('moderator:changed', moderatorId);
      await followRightsOf(moderatorId);
    },
  };

  return {
    io,
    readers,
    moderation,
    live,
    pool: adapter.pool,
    /**
     * Ends this instance's connections (clients reconnect, to another instance
     * if there is one) without touching the HTTP server, which drains its
     * requests on its own. Not io.close(): that would close the HTTP server
     * before its in-flight requests finish.
     */
    async close() {
      clearInterval(sweep);
      limits.close();
      readers.local.disconnectSockets(true);
      moderation.local.disconnectSockets(true);
      io.engine.close();
      await Promise.all([readers, moderation].map(async (nsp) => (nsp.adapter as { close?: () => Promise<void> | void }).close?.()));
      await adapter.close();
    },
  };
}
