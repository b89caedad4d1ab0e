// Comment and thread queries for the readers' API.
//
// These are hand-written SQL on the pg pool that Prisma itself runs on: they
// serve every page view and every new comment, and in `npm run bench` the
// Prisma query builder cost ~600 µs of CPU per query (~300 µs for $queryRaw)
// against ~300 µs in all for pg; Parley's GET went from 0.45× to the numbers
// in the issue note. Everything else (moderation, admin, CLI) uses Prisma.
// Columns are aliased to the model's field names, and the drift test keeps
// the tables and schema.prisma in step.
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { CommentStatus } from '../contracts.js';
import type { Enqueued } from '../outbox/repository.js';
import { authorFactsSql, toFacts, type AuthorFacts, type AuthorLookup, type FactsRow } from '../moderation/rules/repository.js';

/** The pool, or one of its clients inside a transaction. */
export type Sql = Pick<pg.Pool, 'query'>;

async function rows<T extends pg.QueryResultRow>(sql: Sql, text: string, values: unknown[]): Promise<T[]> {
  return (await sql.query<T>(text, values)).rows;
}

/** A row as to_json wrote it: its timestamps are strings. */
const fromJson = <T extends { createdAt: Date; editedAt?: Date | null }>(row: T): T => ({
  ...row,
  createdAt: new Date(row.createdAt),
  ...(row.editedAt ? { editedAt: new Date(row.editedAt) } : {}),
});

/** What the public presenter needs, and the fields that place a comment in its thread. */
export interface PublicCommentRow {
  id: string;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  status: CommentStatus;
  authorName: string;
  authorWebsite: string | null;
  avatarSeed: string;
  bodyHtml: string;
  createdAt: Date;
  likeCount: number;
  editedAt: Date | null;
  badge: string | null;
}

export const PUBLIC_COLUMNS = `id, parent_id AS "parentId", root_id AS "rootId", depth, status,
  author_name AS "authorName", author_website AS "authorWebsite", avatar_seed AS "avatarSeed", body_html AS "bodyHtml", created_at AS "createdAt",
  like_count AS "likeCount", edited_at AS "editedAt", badge`;

/** Where a comment stands, for a request that names it by id (a like, an edit, a permalink). */
export interface CommentPlace {
  id: string;
  status: CommentStatus;
  threadId: string;
  siteId: string;
  threadKey: string;
  parentId: string | null;
  rootId: string | null;
  authorKeyDigest: string | null;
  createdAt: Date;
}

/** The columns of a CommentPlace, on `comments c JOIN threads t`: other reads by id add theirs. */
export const PLACE_COLUMNS = `c.id, c.status, c.thread_id AS "threadId", t.site_id AS "siteId", t.key AS "threadKey", c.parent_id AS "parentId",
  c.root_id AS "rootId", c.author_key_digest AS "authorKeyDigest", c.created_at AS "createdAt"`;

export const findPlace = async (sql: Sql, id: string): Promise<CommentPlace | null> =>
  (
    await rows<CommentPlace>(
      sql,
      `SELECT ${PLACE_COLUMNS} FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = $1`,
      [id],
    )
  )[0] ?? null;

export interface ThreadRow {
  id: string;
  siteId: string;
  key: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  /** When its first comment came: the site's closeAfterDays counts from here. */
  createdAt: Date;
  /** Approved comments, kept by a trigger (no count over the thread per request). */
  approvedCount: number;
  /** Grows whenever anything readers see of it changes (trigger-kept). */
  version: number;
}

const THREAD_COLUMNS = `id, site_id AS "siteId", key, title, url, closed, created_at AS "createdAt", approved_count AS "approvedCount", version`;

export const findThread = async (sql: Sql, siteId: string, key: string): Promise<ThreadRow | null> =>
  (await rows<ThreadRow>(sql, `SELECT ${THREAD_COLUMNS} FROM threads WHERE site_id = $1 AND key = $2`, [siteId, key]))[0] ?? null;

/**
 * The thread, created on its first comment (race-free: INSERT … ON CONFLICT
 * DO NOTHING, then read); a title or URL fills in only what is still unknown.
 */
export async function ensureThread(sql: Sql, siteId: string, key: string, title?: string, url?: string): Promise<ThreadRow> {
  const [thread] = await rows<ThreadRow>(
    sql,
    `INSERT INTO threads (id, site_id, key, title, url) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (site_id, key) DO UPDATE SET title = COALESCE(threads.title, EXCLUDED.title), url = COALESCE(threads.url, EXCLUDED.url)
     RETURNING ${THREAD_COLUMNS}`,
    [uuidv7(), siteId, key, title ?? null, url ?? null],
  );
  return thread!;
}

export interface ParentRow {
  id: string;
  threadId: string;
  status: CommentStatus;
  depth: number;
  rootId: string | null;
  /** Whether its author asked to hear of replies (and still can be written to: not erased). */
  notify: boolean;
  authorEmailDigest: string | null;
}

export const findParent = async (sql: Sql, id: string): Promise<ParentRow | null> =>
  (
    await rows<ParentRow>(
      sql,
      `SELECT id, thread_id AS "threadId", status, depth, root_id AS "rootId", notify AND author_email_cipher IS NOT NULL AS notify,
              author_email_digest AS "authorEmailDigest"
       FROM comments WHERE id = $1`,
      [id],
    )
  )[0] ?? null;

/**
 * The thread a new comment goes to, if it exists, whether this author already
 * said the same thing there, and the author's facts for the flood limit and
 * the rules: one round trip on the write path.
 */
export async function threadForNewComment(
  sql: Sql,
  key: string,
  bodyFingerprint: string,
  author: AuthorLookup,
): Promise<{ thread: ThreadRow | null; duplicate: boolean; facts: AuthorFacts }> {
  const [row] = await rows<FactsRow & { thread: ThreadRow | null; duplicate: boolean | null }>(
    sql,
    `SELECT f.*, to_json(t) AS thread,
            EXISTS (SELECT 1 FROM comments c WHERE c.thread_id = t.id AND c.author_email_digest = $2 AND c.body_fingerprint = $7) AS duplicate
     FROM (${authorFactsSql({ site: '$1', email: '$2', ip: '$3', key: '$4', flood: '$5' })}) f
     LEFT JOIN LATERAL (SELECT ${THREAD_COLUMNS} FROM threads WHERE site_id = $1 AND key = $6) t ON true`,
    [author.siteId, author.emailDigest, author.ipDigest, author.authorKeyDigest, author.floodSeconds, key, bodyFingerprint],
  );
  const { thread, duplicate, ...facts } = row!;
  return { thread: thread && fromJson(thread), duplicate: !!duplicate, facts: toFacts(facts) };
}

export interface NewCommentRow {
  threadId: string;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorName: string;
  authorEmailCipher: Uint8Array;
  authorEmailDigest: string;
  authorKeyDigest: string;
  authorWebsite: string | null;
  avatarSeed: string;
  body: string;
  bodyHtml: string;
  bodyFingerprint: string;
  status: 'pending' | 'approved' | 'spam';
  heldReasons: string[];
  ipDigest: string | null;
  userAgent: string | null;
  notify: boolean;
}

const INSERT_COMMENT = `INSERT INTO comments (id, thread_id, parent_id, root_id, depth, author_name, author_email_cipher, author_email_digest, author_key_digest,
       author_website, avatar_seed, body, body_html, body_fingerprint, status, held_reasons, ip_digest, user_agent, notify)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     RETURNING ${PUBLIC_COLUMNS}`;

/**
 * Stores a comment. What it causes to be sent (a webhook call, a reply
 * notification: `outbox`) is written in the same statement, so a comment is
 * never stored without it; with nothing to send (most comments) the
 * statement is the plain INSERT.
 */
export async function insertComment(sql: Sql, c: NewCommentRow, outbox: { siteId: string; items: readonly Enqueued[] } = { siteId: '', items: [] }): Promise<PublicCommentRow> {
  const values = [uuidv7(), c.threadId, c.parentId, c.rootId, c.depth, c.authorName, Buffer.from(c.authorEmailCipher), c.authorEmailDigest, c.authorKeyDigest,
    c.authorWebsite, c.avatarSeed, c.body, c.bodyHtml, c.bodyFingerprint, c.status, c.heldReasons, c.ipDigest, c.userAgent, c.notify];
  if (outbox.items.length === 0) return (await rows<PublicCommentRow>(sql, INSERT_COMMENT, values))[0]!;
  const [row] = await rows<PublicCommentRow>(
    sql,
    `WITH c AS (${INSERT_COMMENT}),
     queued AS (
       INSERT INTO outbox (kind, topic, dedupe_key, site_id, comment_id, payload)
       SELECT e.kind::"OutboxKind", e.topic, e.kind || ':' || e.topic || ':' || c.id, $20, c.id, e.payload::jsonb
       FROM c, unnest($21::text[], $22::text[], $23::text[]) AS e(kind, topic, payload)
       ON CONFLICT (dedupe_key) DO NOTHING)
     SELECT * FROM c`,
    [...values, outbox.siteId, outbox.items.map((i) => i.kind), outbox.items.map((i) => i.topic), outbox.items.map((i) => JSON.stringify(i.payload ?? {}))],
  );
  return row!;
}

/** A thread and a page of it, read at once. */
export interface ThreadPage {
  readonly thread: ThreadRow | null;
  /** Up to `limit` approved top-level comments in order (one more when there is a next page). */
  readonly tops: PublicCommentRow[];
  /** The approved replies under the first `limit` of them, shallowest first, then oldest first. */
  readonly replies: PublicCommentRow[];
}

/** Where a page of top-level comments starts: after a comment (a cursor), or at one (a permalink's context). */
export type PageStart = { readonly after: string } | { readonly at: string };

/** The order of a thread's top-level comments (CommentSort): `best` by likes, then oldest first. */
export type PageOrder = 'asc' | 'desc' | 'best';

/**
 * `best` pages continue after the (likes, id) the last page ended with: a
 * keyset without a snapshot, so a like between two pages may move a comment
 * across the boundary (shown twice, or not at all, in that reading).
 */
export interface BestStart {
  readonly likes: number;
  readonly id: string;
}

const ORDER_BY: Record<PageOrder, string> = { asc: 'id ASC', desc: 'id DESC', best: 'like_count DESC, id ASC' };
const JSON_ORDER_BY: Record<PageOrder, string> = { asc: 'id ASC', desc: 'id DESC', best: '"likeCount" DESC, id ASC' };

function startCondition(order: PageOrder, start: PageStart | BestStart | undefined, values: unknown[]): string {
  if (!start) return '';
  if ('likes' in start) {
    values.push(start.likes, start.id);
    return `AND (like_count < $${values.length - 1} OR (like_count = $${values.length - 1} AND id > $${values.length}))`;
  }
  const inclusive = 'at' in start;
  values.push(inclusive ? start.at : start.after);
  const op = order === 'desc' ? '<' : '>';
  return `AND id ${op}${inclusive ? '=' : ''} $${values.length}`;
}

/**
 * The thread, a page of its top-level comments and their replies in one
 * statement (one round trip for a page view). `limit` is the page size; one more top-level
 * comment is read to tell whether a next page exists. No thread: no row.
 */
export async function threadPage(
  sql: Sql,
  p: { threadId: string; order: PageOrder; start?: PageStart | BestStart | undefined; limit: number },
): Promise<ThreadPage> {
  const values: unknown[] = [p.threadId, p.limit];
  const where = startCondition(p.order, p.start, values);
  const [row] = await rows<{ thread: ThreadRow | null; tops: PublicCommentRow[]; replies: PublicCommentRow[] }>(
    sql,
    `WITH tops AS (SELECT ${PUBLIC_COLUMNS} FROM comments WHERE thread_id = $1 AND status = 'approved' AND depth = 1
                   ${where} ORDER BY ${ORDER_BY[p.order]} LIMIT $2 + 1),
          page AS (SELECT id FROM tops ORDER BY ${JSON_ORDER_BY[p.order]} LIMIT $2)
     SELECT (SELECT to_json(t) FROM (SELECT ${THREAD_COLUMNS} FROM threads WHERE id = $1) t) AS thread,
            COALESCE((SELECT json_agg(tops ORDER BY ${JSON_ORDER_BY[p.order]}) FROM tops), '[]') AS tops,
            COALESCE((SELECT json_agg(r ORDER BY depth, id) FROM (
              SELECT ${PUBLIC_COLUMNS} FROM comments WHERE root_id = ANY (ARRAY(SELECT id FROM page)) AND status = 'approved') r), '[]') AS replies`,
    values,
  );
  const { thread, tops, replies } = row!;
  return { thread: thread && fromJson(thread), tops: tops.map(fromJson), replies: replies.map(fromJson) };
}

/** Approved comments of a thread (any depth) newer than a given one: what a reconnecting client missed. */
export const approvedSince = (sql: Sql, threadId: string, since: string, limit: number) =>
  rows<PublicCommentRow>(sql, `SELECT ${PUBLIC_COLUMNS} FROM comments WHERE thread_id = $1 AND status = 'approved' AND id > $2 ORDER BY id LIMIT $3`, [
    threadId,
    since,
    limit,
  ]);

/**
 * The comments awaiting a decision that this author key posted (never found
 * by email). Spam caught by the rules reads as pending to its author: a bot learns nothing.
 */
export const pendingOfAuthor = (sql: Sql, threadId: string, authorKeyDigest: string) =>
  rows<PublicCommentRow>(
    sql,
    `SELECT ${PUBLIC_COLUMNS} FROM comments WHERE thread_id = $1 AND author_key_digest = $2 AND status IN ('pending', 'spam') ORDER BY id`,
    [threadId, authorKeyDigest],
  );

/** Approved comments per thread key, and each thread's version; keys without a thread are absent. */
export const countApprovedByKey = (sql: Sql, siteId: string, keys: string[]) =>
  rows<{ key: string; n: number; version: number }>(
    sql,
    `SELECT key, approved_count AS n, version FROM threads WHERE site_id = $1 AND key = ANY($2::text[])`,
    [siteId, keys],
  );
