// Start: config → HTTP port → database (embedded or DATABASE_URL) → migrations
// → demo seed → application. Stop (SIGTERM/SIGINT): stop accepting, finish
// in-flight requests, close the pool, stop the embedded database, exit 0.
import { setFlagsFromString } from 'node:v8';
import { loadRenderer } from './comments/render.js';
import { ConfigError, formatConfigErrors, loadConfig, type Config } from './config.js';
import { connectDatabase, type DatabaseRuntime } from './db/connect.js';
import { MigrationError } from './db/migrations/runner.js';
import type { Realtime } from './realtime/server.js';
import { listen, PortInUseError, type HttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { deriveKeys } from './security/keys.js';
import { resolveSecret } from './security/secret.js';

const DRAIN_MS = 6_000;
const HARD_STOP_MS = 9_500;

// The old generation may grow to 1.2× what survived the last full GC, not
// V8's adaptive 1.1–4×. Under a burst the slow tail's objects are promoted at
// a few MB/s; by default V8 let ~130 MB of that garbage pile up (old space
// 80 → 215 MB with 5,000 sockets open) and, the traffic gone, collected none
// of it for over 30 s. Full GCs come more often (mostly concurrent: ~200 ms
// per minute of a storm in all), and the heap stays near what is live.
setFlagsFromString('--heap-growing-percent=20');

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${formatConfigErrors(err)}\n`);
  process.exit(1);
}
const log = createLogger(config.logLevel, undefined, config.logFormat);

let http: HttpServer | undefined;
let runtime: DatabaseRuntime | undefined;
let realtime: Realtime | undefined;
let stopping: Promise<void> | undefined;

function stop(reason: string, code: number): Promise<void> {
  stopping ??= (async () => {
    log.info({ reason }, 'stopping');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, HARD_STOP_MS).unref();
    // Live connections first (clients reconnect elsewhere), then HTTP drains, then the database.
    await realtime?.close();
    await http?.close(DRAIN_MS);
    await runtime?.close();
    log.info('stopped');
    process.exit(code);
  })();
  return stopping;
}

// A lost database connection must never end the process (DESIGN.md §5: 503
// until it is back). Every known source is handled where it arises; this
// catches a promise someone forgot, logs it as the bug it is, and keeps serving.
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection (a bug: please report it)'));

process.once('SIGTERM', () => void stop('SIGTERM', 0));
process.once('SIGINT', () => void stop('SIGINT', 0));

async function start(log: Logger) {
  const keys = deriveKeys(resolveSecret(config));
  http = await listen(config.http.port, config.http.host);
  const origin = config.publicUrl ?? `http://localhost:${http.port}`;

  // The application's modules (Express, Socket.IO, the sanitizer…: ~300 ms to
  // load) load while PostgreSQL starts and migrations are checked.
  const modules = Promise.all([import('./parley.js'), import('./demo/seed.js')]);
  modules.catch(() => {}); // a failure surfaces at the await below
  runtime = await connectDatabase(config, log, { role: 'server' });
  const [{ createParley }, { ensureDemo }] = await modules;
  if (stopping) return;
  const demo = config.demo ? await ensureDemo(runtime.database, origin) : undefined;

  const parley = createParley({ config, database: runtime.database, log, keys, port: http.port, demoSiteId: demo?.siteId });
  http.serve(parley.app);
  realtime = parley.attach(http.server);

  const lines = [`Parley is ready on ${origin}${demo ? ` · demo: ${origin}/demo` : ''} · dashboard: ${origin}/admin`];
  const embedded = runtime.embedded;
  if (embedded)
    lines.push(
      `Database: embedded PostgreSQL ${embedded.version} on 127.0.0.1:${embedded.port}, data in ${embedded.pgdata}` +
        (embedded.relocatedBecause ? ` (moved there because ${embedded.relocatedBecause})` : ''),
    );
  if (demo)
    lines.push(
      demo.moderatorPassword
        ? `Demo moderator: ${demo.moderatorEmail} password: ${demo.moderatorPassword}`
        : `Demo moderator: ${demo.moderatorEmail} (its password was shown on the first start only; a new one: npm run cli -- moderator:password --email ${demo.moderatorEmail})`,
    );
  // Plain lines for the person who ran `npm start`; the password never goes to the log.
  process.stdout.write(`${lines.join('\n')}\n`);
  // What only a new comment needs loads now, after the server is ready (comments/render.ts).
  loadRenderer().catch((err: unknown) => log.error({ err }, 'the comment renderer could not load: new comments will fail'));
}

start(log).catch(async (err: unknown) => {
  if (err instanceof PortInUseError || err instanceof MigrationError) process.stderr.write(`${err.message}\n`);
  else {
    log.fatal({ err }, 'start-up failed');
    process.stderr.write(`Parley could not start: ${(err as Error).message}\n`);
  }
  await stop('start-up failed', 1);
});
