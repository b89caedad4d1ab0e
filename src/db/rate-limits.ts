// The rate_limits table as the shared counters of http/shared-counter-store.ts
// see it: one row per key and clock-aligned window (the window is part of the
// key, so a row is only ever added to, never reset). Every statement here
// runs off the request's path, from the store's flush timer. Keys hold
// digests, never a raw address (schema.prisma).
import type pg from 'pg';

export type Sql = Pick<pg.Pool, 'query'>;

export interface HitDelta {
  readonly key: string;
  /** Hits counted here since the last flush; 0 only reads the key's total back. */
  readonly hits: number;
  /** When the key's window ends. */
  readonly resetAt: Date;
}

/**
 * Adds every delta and answers each key's total across instances, in one
 * statement. Rows are locked in key order, so two instances flushing the same
 * keys wait for each other instead of deadlocking. A key with 0 hits is only
 * read (no dead row version); a key with no row is absent from the answer.
 */
export async function addHits(sql: Sql, deltas: readonly HitDelta[]): Promise<Map<string, number>> {
  if (deltas.length === 0) return new Map();
  const { rows } = await sql.query<{ key: string; hits: number }>(
    `WITH d AS (SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS d(key, hits, reset_at)),
     added AS (
       INSERT INTO rate_limits (key, hits, reset_at)
       SELECT key, hits, reset_at FROM d WHERE hits > 0 ORDER BY key
       ON CONFLICT (key) DO UPDATE SET hits = rate_limits.hits + EXCLUDED.hits
       RETURNING key, hits)
     SELECT key, hits FROM added
     UNION ALL
     SELECT r.key, r.hits FROM rate_limits r JOIN d ON d.key = r.key WHERE d.hits = 0`,
    [deltas.map((d) => d.key), deltas.map((d) => d.hits), deltas.map((d) => d.resetAt)],
  );
  return new Map(rows.map((r) => [r.key, r.hits]));
}

export async function forgetHits(sql: Sql, key: string): Promise<void> {
  await sql.query('DELETE FROM rate_limits WHERE key = $1', [key]);
}

/** Rows of windows that ended minutes ago (a margin for instances whose clocks differ a little). */
export async function sweepEndedWindows(sql: Sql, prefix: string): Promise<void> {
  await sql.query(`DELETE FROM rate_limits WHERE key LIKE $1 AND reset_at < now() - interval '5 minutes'`, [`${prefix}%`]);
}
