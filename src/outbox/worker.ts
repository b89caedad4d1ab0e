// The outbox's worker, one in every running server (started by parley.ts
// when it attaches to an HTTP server; never in the CLI). Per kind of item it
// claims what is due (outbox/repository.ts: FOR UPDATE SKIP LOCKED and a
// lease, so several instances never take one item at once), sends at most
// `concurrency` at a time, each within its timeout, and records the outcome:
// sent, skipped, or failed (tried again after a backoff, kept as failed after
// the last attempt). Periodic jobs (pruning, the moderators' digest sweep)
// run beside it, one run at a time.
//
// Bad days: a database that cannot be reached is logged once per outage and
// polled more slowly until it is back; it never ends the process. An outcome
// that cannot be written is kept here and written first when the database
// answers again, before anything else is claimed. Only a crash between
// "sent" and "recorded" sends an item again (when its lease runs out): at
// least once, never knowingly twice.
//
// close() stops claiming, gives what is in flight `stopGraceMs` to finish,
// then aborts it (recorded as a failed attempt, to be tried again), so a
// SIGTERM is done within the contract's 10 s.
import { isDatabaseUnavailable } from '../db/client.js';
import type { Logger } from '../log.js';
import { retryDelay, type Backoff } from './backoff.js';
import { describeFailure, isPermanent, type Deliver, type Outcome } from './outcome.js';
import { claimDue, markFailed, markSent, markSkipped, type OutboxItem, type OutboxKind, type Sql } from './repository.js';

/** Work beside the sending, every `everyMs` (never two runs of one job at once on this instance). */
export interface PeriodicJob {
  readonly name: string;
  readonly everyMs: number;
  /** The first run, this long after start (default: everyMs). */
  readonly firstInMs?: number;
  run(): Promise<void>;
}

export interface OutboxTuning {
  /** How often an idle lane looks for due items. */
  readonly pollMs: number;
  /** How long a claimed item stays this worker's; well above the longest timeout. */
  readonly leaseMs: number;
  /** Items of a kind in flight at once (also the most claimed at once). */
  readonly concurrency: Readonly<Record<OutboxKind, number>>;
  /** The most one attempt may take, per kind. */
  readonly timeoutMs: Readonly<Record<OutboxKind, number>>;
  readonly backoff: Backoff;
  /** What close() grants the sends in flight before it aborts them. */
  readonly stopGraceMs: number;
}

export const DEFAULT_TUNING: OutboxTuning = {
  pollMs: 1_000,
  leaseMs: 120_000,
  concurrency: { mail: 4, webhook: 8 },
  timeoutMs: { mail: 45_000, webhook: 5_000 },
  // 30 s, 1, 2, 4 … minutes, at most an hour apart: the 10th and last attempt comes about 3 hours after the first.
  backoff: { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 10 },
  stopGraceMs: 1_500,
};

/** While the database cannot be reached, idle lanes look this often. */
const OUTAGE_POLL_MS = 5_000;

export interface OutboxWorker {
  close(): Promise<void>;
}

export interface OutboxDeps {
  readonly sql: Sql;
  readonly log: Logger;
  /** The kinds this instance sends; a kind without a delivery is left in the table (mail without SMTP_URL). */
  readonly deliver: Partial<Record<OutboxKind, Deliver>>;
  readonly jobs?: readonly PeriodicJob[];
  readonly tuning?: Partial<OutboxTuning>;
  /** Runs last in close() (e.g. closing the SMTP connections). */
  readonly onClose?: () => void | Promise<void>;
}

/** Whether the `after` promise settles within `ms` (resolves either way). */
const within = (after: Promise<unknown>, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void after.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });

export function startOutbox(deps: OutboxDeps): OutboxWorker {
  const tuning: OutboxTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const { sql, log } = deps;
  const stop = new AbortController();
  const inFlight = new Set<Promise<void>>();
  /** Claims and job runs under way: close() waits for them too. */
  const busy = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  /** Set by close(): nothing new is claimed or started; what is in flight may still finish. */
  let closed = false;
  let outage = false;

  /** Logs a database outage once, and its end once; anything else every time (it is a bug or a misconfiguration). */
  const trouble = (err: unknown, what: string) => {
    if (!isDatabaseUnavailable(err)) return log.error({ what, error: describeFailure(err) }, 'outbox: unexpected failure');
    if (outage) return;
    outage = true;
    log.warn({ what, error: describeFailure(err) }, 'outbox: database unavailable; will retry');
  };
  const healthy = () => {
    if (!outage) return;
    outage = false;
    log.info('outbox: database reachable again');
  };
  const later = (fn: () => void, ms: number) => {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  function lane(kind: OutboxKind, deliver: Deliver) {
    const concurrency = tuning.concurrency[kind];
    let running = 0;
    let filling = false;
    let again = false;
    let scheduled = false;
    /** Outcomes that could not be written (the database was away): written before anything new is claimed. */
    const unrecorded: Array<() => Promise<void>> = [];

    const poll = (ms: number) => {
      if (scheduled) return;
      scheduled = true;
      later(() => {
        scheduled = false;
        fill();
      }, ms);
    };

    /** Claims what there is room for; called again when it was asked while busy (a send finished meanwhile). */
    function fill(): void {
      if (closed) return;
      if (filling) {
        again = true;
        return;
      }
      filling = true;
      const run = claim().finally(() => {
        busy.delete(run);
        filling = false;
        if (again) {
          again = false;
          fill();
        }
      });
      busy.add(run);
    }

    async function claim(): Promise<void> {
      let claimed = 0;
      let free = 0;
      try {
        while (unrecorded.length) {
          await unrecorded[0]!();
          unrecorded.shift();
        }
        free = concurrency - running;
        if (free > 0) {
          const items = await claimDue(sql, { kind, limit: free, leaseMs: tuning.leaseMs });
          healthy();
          claimed = items.length;
          for (const item of items) track(attempt(item));
        }
      } catch (err) {
        trouble(err, `${kind}: claim`);
      } finally {
        // A full claim may have left more behind: look again as soon as a slot frees (attempt → fill).
        if (!(claimed > 0 && claimed === free)) poll(outage ? OUTAGE_POLL_MS : tuning.pollMs);
      }
    }

    function track(p: Promise<void>) {
      running++;
      inFlight.add(p);
      void p.finally(() => {
        running--;
        inFlight.delete(p);
        fill();
      });
    }

    async function attempt(item: OutboxItem): Promise<void> {
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(new Error(`timed out after ${tuning.timeoutMs[kind] / 1000} s`)), tuning.timeoutMs[kind]);
      const onStop = () => limit.abort(new Error('interrupted by shutdown'));
      // Claimed as the worker was being stopped: given up at once.
      if (stop.signal.aborted) onStop();
      stop.signal.addEventListener('abort', onStop);
      let outcome: Outcome | { failed: string; permanent: boolean };
      const delivery = deliver(item, limit.signal);
      try {
        outcome = await untilAborted(delivery, limit.signal);
      } catch (err) {
        outcome = { failed: describeFailure(err), permanent: isPermanent(err) };
      } finally {
        clearTimeout(timer);
        stop.signal.removeEventListener('abort', onStop);
      }
      // Given up on, a delivery may still be under way in its library (nodemailer goes on with a
      // message whose server answers slowly): its slot stays taken until it really ends, so a slow
      // server cannot pile up more deliveries than the concurrency allows.
      if (limit.signal.aborted) {
        running++;
        void delivery
          .catch(() => undefined)
          .finally(() => {
            running--;
            fill();
          });
      }
      const about = { outbox: item.id, kind, topic: item.topic, site: item.siteId, attempt: item.attempts };
      let record: () => Promise<void>;
      if ('sent' in outcome) {
        log.info(about, 'outbox: sent');
        record = () => markSent(sql, item);
      } else if ('skipped' in outcome) {
        log.info({ ...about, reason: outcome.skipped }, 'outbox: nothing to send');
        record = () => markSkipped(sql, item, outcome.skipped);
      } else {
        const retryInMs = outcome.permanent ? null : retryDelay(item.attempts, tuning.backoff);
        if (retryInMs === null) log.error({ ...about, error: outcome.failed }, outcome.permanent ? 'outbox: failed for good (refused)' : 'outbox: failed for good after the last attempt');
        else log.warn({ ...about, error: outcome.failed, retryInMs }, 'outbox: attempt failed; will retry');
        record = () => markFailed(sql, item, { error: outcome.failed, retryInMs });
      }
      try {
        await record();
      } catch (err) {
        trouble(err, `${kind}: record`);
        unrecorded.push(record);
      }
    }

    return {
      start: () => poll(0),
      /** Writes what could not be written yet (on close), within what close() allows. */
      flush: async () => {
        for (const record of unrecorded.splice(0)) await record().catch((err: unknown) => trouble(err, `${kind}: record`));
      },
    };
  }

  const lanes = (Object.entries(deps.deliver) as Array<[OutboxKind, Deliver | undefined]>).flatMap(([kind, deliver]) => (deliver ? [lane(kind, deliver)] : []));
  lanes.forEach((l) => l.start());

  for (const job of deps.jobs ?? []) {
    const tick = () => {
      const run = job
        .run()
        .then(healthy, (err: unknown) => trouble(err, job.name))
        .finally(() => {
          busy.delete(run);
          later(tick, job.everyMs);
        });
      busy.add(run);
    };
    later(tick, job.firstInMs ?? job.everyMs);
  }

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        closed = true;
        const running = () => Promise.allSettled([...inFlight, ...busy]);
        timers.forEach(clearTimeout);
        timers.clear();
        // Let the sends in flight finish, then abort what remains (each records a failed attempt).
        await within(running(), tuning.stopGraceMs);
        stop.abort();
        await within(running(), 1_000);
        await within(Promise.all(lanes.map((l) => l.flush())), 500);
        await deps.onClose?.();
      })();
      return closing;
    },
  };
}

/** Settles with `work`, or rejects as soon as `signal` aborts (a delivery that ignores its signal is let go). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
