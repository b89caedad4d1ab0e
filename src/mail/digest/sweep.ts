// The moderators' digest sweep (repository.ts says what it reads and
// writes), run by the outbox worker of every instance as a periodic job;
// an advisory lock lets one instance at a time do it.
//
// It reads comments up to `lagMs` ago, not up to now: a comment's id is
// made (from its server's clock) just before its INSERT commits, so a
// comment newer than the sweep's clock, or one still committing, is read by
// the next sweep instead of being stepped over. Instances' clocks should
// agree within that lag (NTP).
import type pg from 'pg';
import { inTransaction } from '../../db/transaction.js';
import type { PeriodicJob } from '../../outbox/worker.js';
import { collectPending, queueDueDigests, tryDigestLock } from './repository.js';

export interface DigestTuning {
  /** How often the sweep runs. */
  readonly everyMs: number;
  /** At most one digest per site (and moderator) in this time. */
  readonly windowMs: number;
  /** How far behind the clock the sweep reads. */
  readonly lagMs: number;
  /** The first sweep of a database reads this far back. */
  readonly lookBackMs: number;
  /** Comments read per sweep, at most (the rest the next time). */
  readonly scanLimit: number;
}

export const DEFAULT_DIGEST: DigestTuning = { everyMs: 20_000, windowMs: 5 * 60_000, lagMs: 15_000, lookBackMs: 60 * 60_000, scanLimit: 2_000 };

/** Comments listed in one digest; more are counted ("…and 3 more"). */
export const DIGEST_LISTED = 25;

/** The smallest UUIDv7 of a millisecond: ids compare as bytes, so this bounds "created before". */
export function uuidAt(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

export function digestSweep(pool: pg.Pool, tuning: Partial<DigestTuning> = {}): PeriodicJob {
  const t = { ...DEFAULT_DIGEST, ...tuning };
  return {
    name: 'mail digest',
    everyMs: t.everyMs,
    firstInMs: Math.min(t.everyMs, 5_000),
    async run() {
      const now = Date.now();
      await inTransaction(pool, async (tx) => {
        if (!(await tryDigestLock(tx))) return;
        await collectPending(tx, { floor: uuidAt(now - t.lookBackMs), ceiling: uuidAt(now - t.lagMs), limit: t.scanLimit, cap: DIGEST_LISTED });
        await queueDueDigests(tx, t.windowMs);
      });
    },
  };
}
