// Parley put together once, from its dependencies: the HTTP application, and
// what attaches to an HTTP server (Socket.IO and the live event forwarding).
// main.ts and the test helpers all build it here.
import type http from 'node:http';
import type { Express } from 'express';
import { API_ROUTES } from './api/route-list.js';
import { createApp } from './app.js';
import { publicCors } from './comments/cors.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { EventBus } from './events/bus.js';
import { ownOrigin, type OwnOrigin } from './http/origin.js';
import { requestLimits } from './http/request-limits.js';
import { startNotifications, type NotificationTuning } from './outbox/start.js';
import type { OutboxWorker } from './outbox/worker.js';
import type { Logger } from './log.js';
import { countDomainEvents } from './metrics/domain-events.js';
import { poolMetrics } from './metrics/pools.js';
import { createMetrics, type Metrics } from './metrics/registry.js';
import { pendingCommentsGauge } from './moderation/metrics.js';
import { outboxDepthGauge } from './outbox/metrics.js';
import { forwardEvents } from './realtime/forwarder.js';
import { socketsGauge } from './realtime/metrics.js';
import { attachRealtime, type Realtime } from './realtime/server.js';
import type { Keys } from './security/keys.js';
import { cachedSiteLookup } from './sites/lookup.js';

export interface ParleyDeps {
  readonly config: Config;
  readonly database: Database;
  readonly log: Logger;
  readonly keys: Keys;
  /** The port the server listens on: the own origin without PUBLIC_URL is http://localhost:PORT. */
  readonly port: number;
  readonly demoSiteId?: string | undefined;
  /** Shorter waits for the outbox's worker (tests). */
  readonly notificationTuning?: NotificationTuning | undefined;
  /** The clock of readers' edit windows (tests move it past 10 minutes); Date.now by default. */
  readonly now?: (() => number) | undefined;
}

export interface Parley {
  readonly app: Express;
  readonly events: EventBus;
  readonly origin: OwnOrigin;
  /** This app's metrics (GET /metrics); more gauges join with metrics.registerGauge. */
  readonly metrics: Metrics;
  /**
   * Live connections on this server; announced changes reach them. A served
   * instance also runs the outbox's worker (mail, webhooks): the returned
   * close() stops both.
   */
  attach(server: http.Server): Realtime;
  /**
   * Stops the application's own background work (the request limits' flush,
   * the outbox's worker), sending what it holds; close the database after.
   * Attached to a server, the limits' flush stops when that server closes.
   */
  close(): Promise<void>;
}

export function createParley(deps: ParleyDeps): Parley {
  const { config, database, log, keys } = deps;
  const events = new EventBus(log);
  const origin = ownOrigin(config.publicUrl, deps.port);
  // One site cache for HTTP and sockets.
  const sites = cachedSiteLookup(database.pool);
  // A refusal carries the readers' CORS, so the widget can read it.
  const limits = requestLimits({ config, sql: database.pool, keys, log, beforeRefusal: publicCors({ sql: database.pool, origin }) });
  const metrics = createMetrics({ log, routes: API_ROUTES.map((r) => r.path) });
  countDomainEvents(events, metrics);
  const pools = poolMetrics(metrics);
  pools.add('main', database.pool);
  metrics.registerGauge(pendingCommentsGauge(database.pool));
  metrics.registerGauge(outboxDepthGauge(database.pool));
  const app = createApp({ config, database, log, keys, events, sites, origin, requestLimits: limits, metrics, demoSiteId: deps.demoSiteId, now: deps.now });
  let outbox: OutboxWorker | undefined;
  return {
    app,
    events,
    origin,
    metrics,
    async close() {
      await Promise.all([limits.close(), outbox?.close()]);
    },
    attach(server) {
      server.once('close', () => void limits.close());
      const realtime = attachRealtime(server, { config, database, sites, log, origin });
      const stopForwarding = forwardEvents({ events, db: database.db, sql: database.pool, keys, live: realtime.live });
      const measured = [pools.add('realtime', realtime.pool), metrics.registerGauge(socketsGauge(realtime))];
      const notifications = (outbox = startNotifications({ config, database, log, keys, origin: origin.url, tuning: deps.notificationTuning }));
      return {
        ...realtime,
        async close() {
          measured.forEach((stop) => stop());
          stopForwarding();
          // The outbox gets its grace (a second or two) while the sockets close.
          await Promise.all([realtime.close(), notifications.close()]);
        },
      };
    },
  };
}
