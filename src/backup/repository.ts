// The statements of a site's backup and restore (`export`, `import:parley`).
// An export reads through server-side cursors inside one read-only snapshot,
// a page at a time, so a site of any size streams out in bounded memory and
// in one consistent state.
import type { CommentStatus } from '../contracts.js';
import type { Sql } from '../comments/repository.js';
import type { BackupSite } from './format.js';

/** A consistent picture of the site for the whole export, taking no locks from writers. */
export const readOnlySnapshot = (sql: Sql) => sql.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');

/** The rows of a query, `page` at a time, through a cursor (inside a transaction). */
async function* paged<T>(sql: Sql, name: string, text: string, values: unknown[], page = 1_000): AsyncGenerator<T> {
  await sql.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, values);
  for (;;) {
    const { rows } = await sql.query(`FETCH ${page} FROM ${name}`);
    yield* rows as T[];
    if (rows.length < page) break;
  }
  await sql.query(`CLOSE ${name}`);
}

export interface ThreadOut {
  key: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  createdAt: Date;
}

export const threadsOf = (sql: Sql, siteId: string) =>
  paged<ThreadOut>(sql, 'backup_threads', `SELECT key, title, url, closed, created_at AS "createdAt" FROM threads WHERE site_id = $1 ORDER BY created_at, id`, [
    siteId,
  ]);

export interface CommentOut {
  id: string;
  thread: string;
  parentId: string | null;
  status: CommentStatus;
  authorName: string;
  authorEmailCipher: Buffer | null;
  authorWebsite: string | null;
  body: string;
  bodyHtml: string;
  heldReasons: string[];
  userAgent: string | null;
  notify: boolean;
  likes: number;
  editedAt: Date | null;
  badge: 'moderator' | null;
  createdAt: Date;
  moderatedAt: Date | null;
}

/** Parents before their replies: by depth, then by id (time). */
export const commentsOf = (sql: Sql, siteId: string) =>
  paged<CommentOut>(
    sql,
    'backup_comments',
    `SELECT c.id, t.key AS thread, c.parent_id AS "parentId", c.status, c.author_name AS "authorName", c.author_email_cipher AS "authorEmailCipher",
            c.author_website AS "authorWebsite", c.body, c.body_html AS "bodyHtml", COALESCE(c.held_reasons, '{}') AS "heldReasons",
            c.user_agent AS "userAgent", c.notify, c.like_count AS likes, c.edited_at AS "editedAt", c.badge, c.created_at AS "createdAt", c.moderated_at AS "moderatedAt"
     FROM comments c JOIN threads t ON t.id = c.thread_id
     WHERE t.site_id = $1
     ORDER BY c.depth, c.id`,
    [siteId],
  );

export const sourcesOf = (sql: Sql, siteId: string) =>
  paged<{ source: string; sourceId: string; commentId: string | null }>(
    sql,
    'backup_sources',
    `SELECT source, source_id AS "sourceId", comment_id AS "commentId" FROM imported_comments WHERE site_id = $1 ORDER BY source, source_id`,
    [siteId],
  );

/** Creates the site of a backup with its id and settings; false when a site has that id already. */
export async function createSite(sql: Sql, s: BackupSite): Promise<boolean> {
  const { rowCount } = await sql.query(
    `INSERT INTO sites (id, name, allowed_origins, mode, max_links, moderation_words, disallowed_words, depth_limit, flood_seconds,
       close_after_days, webhook_url, created_at)
     VALUES ($1, $2, $3::text[], $4::"ModerationMode", COALESCE($5::int, 2), COALESCE($6::text[], '{}'), COALESCE($7::text[], '{}'),
       COALESCE($8::int, 3), COALESCE($9::int, 15), $10::int, $11, $12)
     ON CONFLICT (id) DO NOTHING`,
    [s.id, s.name, s.allowedOrigins, s.mode ?? 'pre', s.maxLinks, s.moderationWords, s.disallowedWords, s.depthLimit, s.floodSeconds,
      s.closeAfterDays ?? null, s.webhookUrl ?? null, s.createdAt],
  );
  return rowCount === 1;
}

/**
 * The backup's record of what imports brought in (imported_comments), under
 * this site; a comment the restore did not bring in (a duplicate of one
 * already there) leaves its row without one.
 */
export async function restoreSources(sql: Sql, siteId: string, rows: Array<{ source: string; sourceId: string; commentId: string | null }>): Promise<void> {
  if (!rows.length) return;
  await sql.query(
    `INSERT INTO imported_comments (site_id, source, source_id, comment_id)
     SELECT $1, r.source, r.source_id, (SELECT c.id FROM comments c WHERE c.id = r.comment_id)
     FROM unnest($2::text[], $3::text[], $4::uuid[]) AS r(source, source_id, comment_id)
     ON CONFLICT DO NOTHING`,
    [siteId, rows.map((r) => r.source), rows.map((r) => r.sourceId), rows.map((r) => r.commentId)],
  );
}
