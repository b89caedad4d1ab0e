// The moderators' digest, derived from the comments table by a sweep
// (sweep.ts), never from the path of a new comment: POST /api/comments stays
// one INSERT. Each sweep reads the comments created since the last one (by id:
// UUIDv7 ids grow with time, so this is a range of the primary key), keeps the
// pending ones per site in mail_digests, and queues a digest for every site
// whose last one is at least a window old: one outbox item per moderator of
// the site (its assigned moderators and every admin). Statements run in the
// sweep's transaction, under an advisory lock, so one instance sweeps at a time.
import type { Sql } from '../../outbox/repository.js';

/** Beside Prisma Migrate's 72707369 (db/migrations/runner.ts). */
const DIGEST_LOCK_KEY = 72707370;

/** Whether this transaction may sweep now (false: another instance is at it). */
export async function tryDigestLock(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [DIGEST_LOCK_KEY]);
  return rows[0]!.got;
}

/**
 * Pending comments with ids after the sweep's mark (or `floor` on the first
 * sweep) and before `ceiling`, at most `limit`, added to their site's digest
 * (the first `cap` ids kept, the rest counted); the mark moves to what was
 * read. Answers how many were found.
 */
export async function collectPending(sql: Sql, c: { floor: string; ceiling: string; limit: number; cap: number }): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `WITH found AS (
       SELECT c.id, t.site_id FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE c.id > COALESCE((SELECT upto FROM outbox_sweeps WHERE name = 'digest'), $1::uuid) AND c.id < $2::uuid AND c.status = 'pending'
       ORDER BY c.id LIMIT $3),
     per_site AS (SELECT site_id, array_agg(id ORDER BY id) AS ids FROM found GROUP BY site_id),
     kept AS (
       INSERT INTO mail_digests AS d (site_id, comment_ids, more)
       SELECT site_id, ids[1:$4], greatest(cardinality(ids) - $4, 0) FROM per_site
       ON CONFLICT (site_id) DO UPDATE SET
         comment_ids = (COALESCE(d.comment_ids, '{}') || EXCLUDED.comment_ids)[1:$4],
         more = d.more + EXCLUDED.more + greatest(cardinality(COALESCE(d.comment_ids, '{}')) + cardinality(EXCLUDED.comment_ids) - $4, 0)),
     moved AS (
       -- A full batch stops at its last comment (the next sweep goes on from there); else everything before the ceiling was read.
       INSERT INTO outbox_sweeps (name, upto)
       VALUES ('digest', CASE WHEN (SELECT count(*) FROM found) >= $3 THEN (SELECT id FROM found ORDER BY id DESC LIMIT 1) ELSE $2::uuid END)
       ON CONFLICT (name) DO UPDATE SET upto = greatest(outbox_sweeps.upto, EXCLUDED.upto), swept_at = now())
     SELECT count(*)::int AS n FROM found`,
    [c.floor, c.ceiling, c.limit, c.cap],
  );
  return rows[0]!.n;
}

/**
 * For every site with new pending comments whose last digest was queued at
 * least `windowMs` ago (or never): one digest item per moderator, and the
 * site's list starts again. Answers how many sites were due.
 */
export async function queueDueDigests(sql: Sql, windowMs: number): Promise<number> {
  const { rowCount } = await sql.query(
    `WITH due AS (
       SELECT site_id, comment_ids, more FROM mail_digests
       WHERE cardinality(comment_ids) > 0 AND (last_queued_at IS NULL OR last_queued_at <= now() - $1::float8 * interval '1 millisecond')
       FOR UPDATE),
     queued AS (
       INSERT INTO outbox (kind, topic, dedupe_key, site_id, payload)
       SELECT 'mail', 'digest', 'mail:digest:' || due.site_id || ':' || m.id || ':' || due.comment_ids[cardinality(due.comment_ids)], due.site_id,
              jsonb_build_object('moderatorId', m.id, 'commentIds', to_jsonb(due.comment_ids), 'more', due.more)
       FROM due JOIN moderators m
         ON m.role = 'admin' OR EXISTS (SELECT 1 FROM moderator_sites ms WHERE ms.moderator_id = m.id AND ms.site_id = due.site_id)
       ON CONFLICT (dedupe_key) DO NOTHING)
     UPDATE mail_digests d SET comment_ids = '{}', more = 0, last_queued_at = now() FROM due WHERE d.site_id = due.site_id`,
    [windowMs],
  );
  return rowCount ?? 0;
}
