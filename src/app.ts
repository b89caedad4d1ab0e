// The HTTP application, built from its dependencies (put together by
// createParley in parley.ts): middleware, routers, static bundles, the error handler last.
import express, { type Express } from 'express';
import helmet from 'helmet';
import { apiDocumentRouter } from './api/routes.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { authRouter } from './auth/routes.js';
import { refusedOriginLog } from './comments/refused-origins.js';
import { commentsRouter } from './comments/routes.js';
import { dashboardRouter } from './dashboard/page.js';
import { demoRouter } from './demo/page.js';
import type { EventBus } from './events/bus.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRouter } from './http/health.js';
import type { RequestLimits } from './http/request-limits.js';
import { requestLogger } from './http/request-logger.js';
import { staticAssets } from './http/static.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics/registry.js';
import { metricsRouter } from './metrics/routes.js';
import { publicDir } from './paths.js';
import type { OwnOrigin } from './http/origin.js';
import { moderationRouter } from './moderation/routes.js';
import { moderatorsRouter } from './moderators/routes.js';
import { privacyRouter } from './privacy/routes.js';
import { unsubscribeRouter } from './mail/routes.js';
import type { Keys } from './security/keys.js';
import type { SiteLookup } from './sites/lookup.js';
import { sitesRouter } from './sites/routes.js';
import { threadsRouter } from './threads/routes.js';

export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly log: Logger;
  readonly keys: Keys;
  readonly events: EventBus;
  /** Shared with the realtime server, so both read sites through one cache. */
  readonly sites: SiteLookup;
  /** The server's own origin (PUBLIC_URL's, or loopback for local use; never a request's Host). */
  readonly origin: OwnOrigin;
  /** Per-address request limits on the readers' API (built, and stopped, by createParley). */
  readonly requestLimits: RequestLimits;
  /** This app's metrics: every request's latency is observed, GET /metrics shows them. */
  readonly metrics: Metrics;
  /** Serve /demo with the widget of this site. */
  readonly demoSiteId?: string | undefined;
  /** The clock of readers' edit windows (tests move it); Date.now by default. */
  readonly now?: (() => number) | undefined;
}

export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  const https = deps.origin.url.startsWith('https:');
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  app.set('query parser', 'simple');
  // API answers are no-store: an ETag (a SHA-1 of every body) would never be used.
  app.set('etag', false);

  app.use(requestLogger(deps.log, deps.metrics.observeRequest));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'script-src': ["'self'"], 'connect-src': ["'self'"], 'upgrade-insecure-requests': https ? [] : null },
      },
      // The widget and the readers' API are loaded by other sites' pages.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      strictTransportSecurity: https,
    }),
  );
  app.use(express.json({ limit: '64kb' }));

  app.use(healthRouter(deps));
  // Before the readers' request limits: a scraper or a documentation viewer is not a reader.
  app.use(metricsRouter({ metrics: deps.metrics, token: config.metrics.token }));
  app.use(apiDocumentRouter({ origin: deps.origin }));
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  const { db, pool: sql } = deps.database;
  const { origin } = deps;
  app.use(deps.requestLimits.middleware);
  // With SMTP_URL, new comments and approvals queue the mail readers asked for (outbox/).
  const mail = config.mail !== undefined;
  const refusedOrigin = refusedOriginLog(deps.log);
  app.use(commentsRouter({ db, sql, keys: deps.keys, sites: deps.sites, events: deps.events, config, origin, mail, now: deps.now, refusedOrigin }));
  app.use(authRouter({ db, sql, keys: deps.keys, events: deps.events, config, origin }));
  app.use(moderationRouter({ db, sql, keys: deps.keys, events: deps.events, config, origin, mail }));
  app.use(unsubscribeRouter({ sql, keys: deps.keys }));
  app.use(threadsRouter({ sql, keys: deps.keys, sites: deps.sites, events: deps.events, origin }));
  app.use(privacyRouter({ db, sql, keys: deps.keys, events: deps.events, config, origin }));
  app.use(sitesRouter({ db, sql, sites: deps.sites, keys: deps.keys, config, origin }));
  app.use(moderatorsRouter({ db, sql, events: deps.events, config, origin }));
  if (deps.demoSiteId) app.use(demoRouter(deps.demoSiteId));
  app.use(dashboardRouter());
  // The widget and dashboard bundles (built by client-widget/build.mjs), pre-compressed.
  // widget.js keeps its URL, so it is revalidated (ETag) after 5 minutes; hashed chunks never change.
  app.use(staticAssets(publicDir));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
