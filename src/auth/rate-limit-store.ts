// express-rate-limit's counters in PostgreSQL, so a limit holds across every
// instance behind a load balancer. One upsert per hit; a window that has
// ended restarts at 1. Written here (not a package) so that the table lives
// under our migrations and the drift test.
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import type pg from 'pg';

export class PostgresRateLimitStore implements Store {
  windowMs = 60_000;
  readonly localKeys = false;
  #lastSweep = 0;

  constructor(
    private readonly sql: Pick<pg.Pool, 'query'>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const { rows } = await this.sql.query<{ hits: number; reset_at: Date }>(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`,
      [this.prefix + key, this.windowMs],
    );
    this.#sweep();
    return { totalHits: rows[0]!.hits, resetTime: rows[0]!.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.sql.query('UPDATE rate_limits SET hits = GREATEST(hits - 1, 0) WHERE key = $1', [this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.sql.query('DELETE FROM rate_limits WHERE key = $1', [this.prefix + key]);
  }

  /** Ended windows are dead rows: clear them now and then, off the request's path. */
  #sweep() {
    if (Date.now() - this.#lastSweep < 600_000) return;
    this.#lastSweep = Date.now();
    this.sql.query(`DELETE FROM rate_limits WHERE key LIKE $1 AND reset_at < now() - interval '1 hour'`, [`${this.prefix}%`]).catch(() => {});
  }
}
