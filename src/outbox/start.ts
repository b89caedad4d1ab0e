// The outbox's worker as a server runs it (parley.ts, when it attaches to an
// HTTP server): webhooks always, mail when SMTP_URL is set (no SMTP, no
// mail lane, no digest sweep), and pruning of what is done.
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../log.js';
import { mailDelivery } from '../mail/deliver.js';
import { digestSweep, type DigestTuning } from '../mail/digest/sweep.js';
import { createMailer } from '../mail/transport.js';
import type { Keys } from '../security/keys.js';
import { webhookDelivery } from '../webhooks/deliver.js';
import { pruneDone } from './repository.js';
import { DEFAULT_TUNING, startOutbox, type OutboxTuning, type OutboxWorker, type PeriodicJob } from './worker.js';

/** Overrides for tests (short waits); production runs on the defaults. */
export interface NotificationTuning {
  readonly outbox?: Partial<OutboxTuning>;
  readonly digest?: Partial<DigestTuning>;
}

/** Sent and skipped items are kept a week, failed ones 30 days (for a look at what went wrong), then deleted. */
const KEEP_DONE_MS = 7 * 86_400_000;
const KEEP_FAILED_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const PRUNE_BATCH = 5_000;

export function startNotifications(deps: {
  config: Config;
  database: Database;
  log: Logger;
  keys: Keys;
  /** The server's own origin, for links in messages. */
  origin: string;
  tuning?: NotificationTuning | undefined;
}): OutboxWorker {
  const { config, log, keys, origin } = deps;
  const sql = deps.database.pool;
  const tuning = { ...DEFAULT_TUNING, ...deps.tuning?.outbox };
  const mailer = config.mail ? createMailer(config.mail, { maxConnections: tuning.concurrency.mail }) : undefined;
  const prune: PeriodicJob = {
    name: 'outbox pruning',
    everyMs: PRUNE_EVERY_MS,
    firstInMs: 60_000,
    async run() {
      // A batch at a time, so one run never holds a long transaction.
      for (let i = 0; i < 20 && (await pruneDone(sql, { keepDoneMs: KEEP_DONE_MS, keepFailedMs: KEEP_FAILED_MS, limit: PRUNE_BATCH })) === PRUNE_BATCH; i++);
    },
  };
  return startOutbox({
    sql,
    log,
    tuning,
    deliver: {
      webhook: webhookDelivery({ sql, keys, origin }),
      ...(mailer ? { mail: mailDelivery({ sql, keys, mailer, origin }) } : {}),
    },
    jobs: [prune, ...(mailer ? [digestSweep(sql, deps.tuning?.digest)] : [])],
    onClose: () => mailer?.close(),
  });
}
