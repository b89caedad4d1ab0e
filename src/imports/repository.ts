// The statements of an import (import:wordpress, import:parley), all run on
// one client inside the import's transaction. Each works on a whole batch
// (arrays bound once, unnest on the server): an import of 100,000 comments is
// a few hundred statements, not one per comment.
import type { CommentStatus } from '../contracts.js';
import type { Sql } from '../comments/repository.js';

/**
 * One import per site at a time, on every instance: a second waits for the
 * first to commit, then finds everything it brought in already there.
 */
export const lockSiteImports = (sql: Sql, siteId: string) =>
  sql.query(`SELECT pg_advisory_xact_lock(hashtextextended('parley:import:' || $1, 0))`, [siteId]);

export interface ThreadIn {
  key: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  createdAt: Date;
}

/**
 * The threads, created where missing. An existing thread keeps its title,
 * URL and closed state where it has them (as a reader's first comment
 * leaves them); its start moves back to the imported one if that is older
 * (the site's closeAfterDays counts from it). Keys must be distinct.
 */
export async function upsertThreads(sql: Sql, siteId: string, ids: string[], threads: ThreadIn[]) {
  const { rows } = await sql.query<{ id: string; key: string; created: boolean }>(
    `INSERT INTO threads (id, site_id, key, title, url, closed, created_at)
     SELECT t.id, $1, t.key, t.title, t.url, t.closed, t.created_at
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[]) AS t(id, key, title, url, closed, created_at)
     ON CONFLICT (site_id, key) DO UPDATE SET title = COALESCE(threads.title, EXCLUDED.title), url = COALESCE(threads.url, EXCLUDED.url),
       created_at = LEAST(threads.created_at, EXCLUDED.created_at)
     RETURNING id, key, (xmax = 0) AS created`,
    [siteId, ids, threads.map((t) => t.key), threads.map((t) => t.title), threads.map((t) => t.url), threads.map((t) => t.closed), threads.map((t) => t.createdAt)],
  );
  return rows;
}

/** Which of these source ids this source already brought into the site: source id → comment id (null once deleted). */
export async function importedRefs(sql: Sql, siteId: string, source: string, refs: string[]): Promise<Map<string, string | null>> {
  if (!refs.length) return new Map();
  // One probe of the whole primary key per id: the statistics of a table this very import is filling
  // are stale, and with `source_id = ANY(…)` the planner read every row of the site and source instead.
  const { rows } = await sql.query<{ ref: string; commentId: string | null }>(
    `SELECT i.source_id AS ref, i.comment_id AS "commentId"
     FROM unnest($3::text[]) AS r(ref)
     CROSS JOIN LATERAL (SELECT source_id, comment_id FROM imported_comments WHERE site_id = $1 AND source = $2 AND source_id = r.ref LIMIT 1) i`,
    [siteId, source, refs],
  );
  return new Map(rows.map((r) => [r.ref, r.commentId]));
}

/** Where a comment sits: what a reply to it needs. */
export interface Placement {
  id: string;
  threadId: string;
  depth: number;
  rootId: string | null;
}

/** These comments' places, by id; ids with no comment are absent. */
export async function placements(sql: Sql, ids: string[]): Promise<Map<string, Placement>> {
  if (!ids.length) return new Map();
  const { rows } = await sql.query<Placement>(
    `SELECT id, thread_id AS "threadId", depth, root_id AS "rootId" FROM comments WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Comments already there with the same words by the same email in the same thread (the duplicate rule's unique index). */
export async function duplicates(sql: Sql, keys: Array<{ threadId: string; emailDigest: string; bodyFingerprint: string }>) {
  if (!keys.length) return [];
  // char(64) as the columns are (compared as text, the unique index could not serve), one index probe per key.
  const { rows } = await sql.query<Placement & { emailDigest: string; bodyFingerprint: string }>(
    `SELECT c.id, c.thread_id AS "threadId", c.depth, c.root_id AS "rootId", c.author_email_digest AS "emailDigest", c.body_fingerprint AS "bodyFingerprint"
     FROM unnest($1::uuid[], $2::char(64)[], $3::char(64)[]) AS k(thread_id, email_digest, body_fingerprint)
     CROSS JOIN LATERAL (SELECT * FROM comments c WHERE c.thread_id = k.thread_id AND c.author_email_digest = k.email_digest
                           AND c.body_fingerprint = k.body_fingerprint LIMIT 1) c`,
    [keys.map((k) => k.threadId), keys.map((k) => k.emailDigest), keys.map((k) => k.bodyFingerprint)],
  );
  return rows;
}

export interface CommentRowIn {
  id: string;
  threadId: string;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorName: string;
  authorEmailCipher: Buffer | null;
  authorEmailDigest: string | null;
  authorWebsite: string | null;
  avatarSeed: string;
  body: string;
  bodyHtml: string;
  bodyFingerprint: string;
  status: CommentStatus;
  /** Machine codes: no commas in any of them. */
  heldReasons: string[];
  ipDigest: string | null;
  userAgent: string | null;
  notify: boolean;
  likeCount: number;
  editedAt: Date | null;
  badge: string | null;
  createdAt: Date;
  moderatedAt: Date | null;
}

/**
 * A batch of comments in one INSERT. The threads' counts and versions follow
 * by the statement trigger (migration thread_counters), once per thread.
 */
export async function insertComments(sql: Sql, rows: CommentRowIn[]): Promise<void> {
  if (!rows.length) return;
  const col = <K extends keyof CommentRowIn>(k: K) => rows.map((r) => r[k]);
  await sql.query(
    `INSERT INTO comments (id, thread_id, parent_id, root_id, depth, author_name, author_email_cipher, author_email_digest, author_website,
       avatar_seed, body, body_html, body_fingerprint, status, held_reasons, ip_digest, user_agent, notify, like_count, edited_at, badge, created_at, moderated_at)
     SELECT id, thread_id, parent_id, root_id, depth, author_name, author_email_cipher, author_email_digest, author_website,
       avatar_seed, body, body_html, body_fingerprint, status, CASE WHEN held = '' THEN '{}'::text[] ELSE string_to_array(held, ',') END,
       ip_digest, user_agent, notify, like_count, edited_at, badge, created_at, moderated_at
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::bytea[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::"CommentStatus"[], $15::text[], $16::text[], $17::text[], $18::boolean[], $19::int[], $20::timestamptz[], $21::text[], $22::timestamptz[], $23::timestamptz[])
       AS c(id, thread_id, parent_id, root_id, depth, author_name, author_email_cipher, author_email_digest, author_website,
         avatar_seed, body, body_html, body_fingerprint, status, held, ip_digest, user_agent, notify, like_count, edited_at, badge, created_at, moderated_at)`,
    [
      col('id'), col('threadId'), col('parentId'), col('rootId'), col('depth'), col('authorName'), col('authorEmailCipher'), col('authorEmailDigest'),
      col('authorWebsite'), col('avatarSeed'), col('body'), col('bodyHtml'), col('bodyFingerprint'), col('status'),
      rows.map((r) => r.heldReasons.join(',')), col('ipDigest'), col('userAgent'), col('notify'), col('likeCount'), col('editedAt'), col('badge'),
      col('createdAt'), col('moderatedAt'),
    ],
  );
}

/** Remembers what this source brought in (source id → comment id), so a later run skips it. */
export async function recordImported(sql: Sql, siteId: string, source: string, refs: string[], commentIds: Array<string | null>): Promise<void> {
  if (!refs.length) return;
  await sql.query(
    `INSERT INTO imported_comments (site_id, source, source_id, comment_id)
     SELECT $1, $2, r.ref, r.comment_id FROM unnest($3::text[], $4::uuid[]) AS r(ref, comment_id)
     ON CONFLICT DO NOTHING`,
    [siteId, source, refs, commentIds],
  );
}
