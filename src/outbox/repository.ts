// The outbox table as the workers see it (src/outbox/worker.ts): claim a few
// due items of one kind, record how each attempt ended, prune what is done,
// and tell how many wait. Items are written by the statements that cause them
// (comments/repository.ts insertComment, moderation/repository.ts
// changeStatus) and by the moderators' digest sweep (mail/digest/).
import type pg from 'pg';

export type Sql = Pick<pg.Pool, 'query'>;

export type OutboxKind = 'mail' | 'webhook';
export const OUTBOX_KINDS: readonly OutboxKind[] = ['mail', 'webhook'];

/** One thing to send, as a worker claimed it. */
export interface OutboxItem {
  /** A bigint, as text. */
  readonly id: string;
  readonly kind: OutboxKind;
  /** mail: reply, approved, digest; webhook: comment.created, comment.approved. */
  readonly topic: string;
  readonly siteId: string;
  readonly commentId: string | null;
  readonly payload: Record<string, unknown>;
  /** This attempt's number (1 for the first). */
  readonly attempts: number;
}

/** An item to write beside the change that causes it. Its dedupe key is `kind:topic:<comment id>`. */
export interface Enqueued {
  readonly kind: OutboxKind;
  readonly topic: string;
  readonly payload?: Record<string, unknown>;
}

/**
 * Claims up to `limit` due items of one kind: each is leased (not due again
 * until `leaseMs` have passed) and its attempt counted, in one statement. Rows
 * another instance is claiming at the same moment are skipped, never waited
 * for or taken twice.
 */
export async function claimDue(sql: Sql, c: { kind: OutboxKind; limit: number; leaseMs: number }): Promise<OutboxItem[]> {
  const { rows } = await sql.query<OutboxItem>(
    `UPDATE outbox o SET attempts = o.attempts + 1, available_at = now() + $3::float8 * interval '1 millisecond'
     FROM (SELECT id FROM outbox WHERE state = 'pending' AND available_at <= now() AND kind = $1::"OutboxKind"
           ORDER BY available_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
     WHERE o.id = due.id
     RETURNING o.id::text AS id, o.kind, o.topic, o.site_id AS "siteId", o.comment_id AS "commentId", o.payload, o.attempts`,
    [c.kind, c.limit, c.leaseMs],
  );
  return rows;
}

// Every outcome is written only while the claim is still this worker's (the
// same attempt): after a lease ran out and another worker took the item, a
// late answer changes nothing.

export async function markSent(sql: Sql, item: OutboxItem): Promise<void> {
  await sql.query(`UPDATE outbox SET state = 'sent', done_at = now(), last_error = NULL WHERE id = $1 AND attempts = $2 AND state = 'pending'`, [item.id, item.attempts]);
}

export async function markSkipped(sql: Sql, item: OutboxItem, reason: string): Promise<void> {
  await sql.query(`UPDATE outbox SET state = 'skipped', done_at = now(), last_error = $3 WHERE id = $1 AND attempts = $2 AND state = 'pending'`, [
    item.id,
    item.attempts,
    reason.slice(0, 500),
  ]);
}

/** A failed attempt: due again after `retryInMs`, or failed for good (kept, not deleted) when that is null. */
export async function markFailed(sql: Sql, item: OutboxItem, f: { error: string; retryInMs: number | null }): Promise<void> {
  await sql.query(
    `UPDATE outbox SET last_error = $3,
       state = CASE WHEN $4::float8 IS NULL THEN 'failed'::"OutboxState" ELSE 'pending'::"OutboxState" END,
       done_at = CASE WHEN $4::float8 IS NULL THEN now() END,
       available_at = CASE WHEN $4::float8 IS NULL THEN available_at ELSE now() + $4::float8 * interval '1 millisecond' END
     WHERE id = $1 AND attempts = $2 AND state = 'pending'`,
    [item.id, item.attempts, f.error.slice(0, 500), f.retryInMs === null ? null : Math.round(f.retryInMs)],
  );
}

/**
 * Deletes up to `limit` items sent or skipped more than `keepDoneMs` ago, and
 * failed ones older than `keepFailedMs`; answers how many went.
 */
export async function pruneDone(sql: Sql, p: { keepDoneMs: number; keepFailedMs: number; limit: number }): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM outbox WHERE id IN (
       SELECT id FROM outbox
       WHERE (state IN ('sent', 'skipped') AND done_at < now() - $1::float8 * interval '1 millisecond')
          OR (state = 'failed' AND done_at < now() - $2::float8 * interval '1 millisecond')
       LIMIT $3)`,
    [p.keepDoneMs, p.keepFailedMs, p.limit],
  );
  return rowCount ?? 0;
}

/**
 * The outbox's depth: items waiting to be sent (due or not, leased or not),
 * by kind, every kind present. For a gauge (GET /metrics).
 */
export async function outboxDepth(sql: Sql): Promise<Record<OutboxKind, number>> {
  const { rows } = await sql.query<{ kind: OutboxKind; n: number }>(`SELECT kind, count(*)::int AS n FROM outbox WHERE state = 'pending' GROUP BY kind`);
  const depth: Record<OutboxKind, number> = { mail: 0, webhook: 0 };
  for (const r of rows) depth[r.kind] = r.n;
  return depth;
}
