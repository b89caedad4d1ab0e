// Queries of the moderators' API, always within a moderator's scope: a
// comment outside it does not exist for them.
import type { Scope } from '../auth/sessions.js';
import type { CommentStatus } from '../contracts.js';
import type { Sql } from '../comments/repository.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { v7 as uuidv7 } from 'uuid';

type Client = Db | Prisma.TransactionClient;

export const moderationInclude = {
  thread: { select: { key: true, title: true, url: true, site: { select: { id: true, name: true } } } },
  moderatedBy: { select: { id: true, name: true } },
} as const satisfies Prisma.CommentInclude;
export type ModerationRow = Prisma.CommentGetPayload<{ include: typeof moderationInclude }>;

const inScope = (scope: Scope): Prisma.CommentWhereInput => (scope.all ? {} : { thread: { siteId: { in: [...scope.siteIds] } } });

export const siteInScope = (scope: Scope, siteId: string) => scope.all || scope.siteIds.includes(siteId);

export const findInScope = (db: Client, scope: Scope, id: string) =>
  db.comment.findFirst({ where: { id, ...inScope(scope) }, include: moderationInclude });

/** What a moderator's queue shows, whatever the status tab: their sites, narrowed by site, thread and search. */
export interface QueueFilter {
  scope: Scope;
  site?: string | undefined;
  thread?: string | undefined;
  search?: { emailDigest: string } | { text: string } | undefined;
}

function queueWhere(f: QueueFilter): Prisma.CommentWhereInput {
  const filters: Prisma.CommentWhereInput[] = [inScope(f.scope)];
  if (f.site) filters.push({ thread: { siteId: f.site, ...(f.thread ? { key: f.thread } : {}) } });
  if (f.search && 'emailDigest' in f.search) filters.push({ authorEmailDigest: f.search.emailDigest });
  else if (f.search)
    filters.push({ OR: [{ body: { contains: f.search.text, mode: 'insensitive' } }, { authorName: { contains: f.search.text, mode: 'insensitive' } }] });
  return { AND: filters };
}

export interface QueuePage {
  status: CommentStatus;
  order: 'asc' | 'desc';
  after: string | undefined;
  limit: number;
}

export const queuePage = (db: Client, f: QueueFilter, p: QueuePage) =>
  db.comment.findMany({
    where: { AND: [queueWhere(f), { status: p.status }, p.after ? { id: p.order === 'asc' ? { gt: p.after } : { lt: p.after } } : {}] },
    orderBy: { id: p.order },
    take: p.limit,
    include: moderationInclude,
  });

/** Per status, under the same filter (the tabs' counts). */
export async function countByStatus(db: Client, f: QueueFilter): Promise<Record<CommentStatus, number>> {
  const groups = await db.comment.groupBy({ by: ['status'], where: queueWhere(f), _count: { _all: true } });
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, rejected: 0, spam: 0 };
  for (const g of groups) counts[g.status] = g._count._all;
  return counts;
}

/** A comment with what its presenters need, whoever asks (the event forwarder). */
export const findForPresentation = (db: Client, id: string) => db.comment.findUnique({ where: { id }, include: moderationInclude });

/** What the status change answers: the comment as it was (locked), with what the moderators' presenter needs. */
export type StatusChangeRow = ModerationView & { changed: boolean };

/** The fields of a comment that the moderators' presenter reads (moderation/presenter.ts). */
export type ModerationView = Pick<
  ModerationRow,
  'id' | 'parentId' | 'rootId' | 'depth' | 'status' | 'authorName' | 'authorWebsite' | 'avatarSeed' | 'body' | 'bodyHtml' | 'createdAt' | 'authorEmailCipher' | 'heldReasons' | 'moderatedAt' | 'likeCount' | 'editedAt' | 'badge'
> & { thread: ModerationRow['thread']; moderatedBy: ModerationRow['moderatedBy'] };

/**
 * A moderator's status change, in one statement (one round trip): the comment
 * is locked and read within the moderator's scope; if its status is not
 * already `to` (and is `from`, when given) it changes, and its audit entry is
 * written, all or nothing. Answers the comment as it was before, and whether
 * it changed; nothing when no such comment is in scope.
 *
 * An approval also queues, in the same statement, what it causes to be sent
 * (outbox/): the site's webhook `comment.approved`; with `mail`, a reply
 * notification to the parent's author and an "is published" one to the
 * comment's own author, each only if that author ticked "Notify me…" (and not
 * to someone replying to themselves). Each is queued once per comment,
 * however often it is approved.
 */
export async function changeStatus(
  sql: Sql,
  c: { scope: Scope; id: string; to: CommentStatus; from: CommentStatus | undefined; moderatorId: string; at: Date; mail?: boolean },
): Promise<StatusChangeRow | undefined> {
  const { rows } = await sql.query<StatusChangeRow>(
    `WITH target AS (
       SELECT c.id, c.parent_id, c.root_id, c.depth, c.status, c.author_name, c.author_website, c.avatar_seed, c.body, c.body_html, c.created_at,
              c.author_email_cipher, COALESCE(c.held_reasons, '{}') AS held_reasons, c.moderated_at, c.moderated_by_id,
              c.notify, c.author_email_digest, c.like_count, c.edited_at, c.badge, t.key AS thread_key, t.title AS thread_title, t.url AS thread_url, t.site_id
       FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE c.id = $1 AND ($2 OR t.site_id = ANY ($3::text[]))
       FOR UPDATE OF c),
     updated AS (
       UPDATE comments SET status = $4, moderated_at = $6, moderated_by_id = $7
       FROM target WHERE comments.id = target.id AND target.status <> $4 AND ($5::"CommentStatus" IS NULL OR target.status = $5)
       RETURNING comments.id),
     audit AS (
       INSERT INTO audit_entries (id, comment_id, site_id, moderator_id, action, from_status, to_status)
       SELECT $8, target.id, target.site_id, $7, 'status', target.status, $4 FROM target JOIN updated USING (id)),
     queued AS (
       INSERT INTO outbox (kind, topic, dedupe_key, site_id, comment_id, payload)
       SELECT e.kind, e.topic, e.kind::text || ':' || e.topic || ':' || t.id, t.site_id, t.id, e.payload
       FROM target t JOIN updated USING (id) JOIN sites s ON s.id = t.site_id LEFT JOIN comments p ON p.id = t.parent_id
       CROSS JOIN LATERAL (VALUES
         ('webhook'::"OutboxKind", 'comment.approved', '{"status": "approved"}'::jsonb, s.webhook_url IS NOT NULL),
         ('mail'::"OutboxKind", 'reply', '{}'::jsonb,
           $9 AND p.notify AND p.author_email_cipher IS NOT NULL AND p.author_email_digest IS DISTINCT FROM t.author_email_digest),
         ('mail'::"OutboxKind", 'approved', '{}'::jsonb, $9 AND t.notify AND t.author_email_cipher IS NOT NULL)
       ) AS e(kind, topic, payload, wanted)
       WHERE $4 = 'approved' AND e.wanted
       ON CONFLICT (dedupe_key) DO NOTHING)
     SELECT t.id, t.parent_id AS "parentId", t.root_id AS "rootId", t.depth, t.status, t.author_name AS "authorName",
            t.author_website AS "authorWebsite", t.avatar_seed AS "avatarSeed", t.body, t.body_html AS "bodyHtml", t.created_at AS "createdAt",
            t.author_email_cipher AS "authorEmailCipher", t.held_reasons AS "heldReasons", t.moderated_at AS "moderatedAt",
            t.like_count AS "likeCount", t.edited_at AS "editedAt", t.badge,
            json_build_object('key', t.thread_key, 'title', t.thread_title, 'url', t.thread_url, 'site', json_build_object('id', s.id, 'name', s.name)) AS thread,
            CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object('id', m.id, 'name', m.name) END AS "moderatedBy",
            EXISTS (SELECT 1 FROM updated) AS changed
     FROM target t JOIN sites s ON s.id = t.site_id LEFT JOIN moderators m ON m.id = t.moderated_by_id`,
    [c.id, c.scope.all, c.scope.all ? [] : c.scope.siteIds, c.to, c.from ?? null, c.at, c.moderatorId, uuidv7(), c.mail ?? false],
  );
  return rows[0];
}

export const recordAudit = (db: Client, entry: { commentId: string; siteId: string; moderatorId: string; action: 'status' | 'delete'; from: CommentStatus; to: CommentStatus | null }) =>
  db.auditEntry.create({
    data: { commentId: entry.commentId, siteId: entry.siteId, moderatorId: entry.moderatorId, action: entry.action, fromStatus: entry.from, toStatus: entry.to },
  });

/**
 * Deleting a comment keeps the conversation under it: its replies move up one
 * level (to its parent, or to the top level when it had none), with their
 * depth and root updated down the whole subtree.
 */
export async function deleteKeepingReplies(tx: Prisma.TransactionClient, c: { id: string; parentId: string | null; rootId: string | null }) {
  if (c.parentId === null) {
    // Each direct reply becomes a top-level comment and the root of its own subtree.
    await tx.$executeRaw`
      WITH RECURSIVE sub AS (
        SELECT id, id AS new_root FROM comments WHERE parent_id = ${c.id}::uuid
        UNION ALL SELECT child.id, sub.new_root FROM comments child JOIN sub ON child.parent_id = sub.id)
      UPDATE comments SET depth = comments.depth - 1, root_id = CASE WHEN comments.id = sub.new_root THEN NULL ELSE sub.new_root END
      FROM sub WHERE comments.id = sub.id`;
  } else {
    await tx.$executeRaw`
      WITH RECURSIVE sub AS (
        SELECT id FROM comments WHERE parent_id = ${c.id}::uuid
        UNION ALL SELECT child.id FROM comments child JOIN sub ON child.parent_id = sub.id)
      UPDATE comments SET depth = comments.depth - 1 FROM sub WHERE comments.id = sub.id`;
  }
  await tx.comment.updateMany({ where: { parentId: c.id }, data: { parentId: c.parentId } });
  await tx.comment.delete({ where: { id: c.id } });
}

export const findThread = (db: Client, siteId: string, key: string) =>
  db.thread.findUnique({ where: { siteId_key: { siteId, key } }, select: { key: true, title: true, url: true, closed: true } });

export const correctThread = (db: Client, siteId: string, key: string, data: { title?: string; url?: string }) =>
  db.thread.update({ where: { siteId_key: { siteId, key } }, data, select: { key: true, title: true, url: true, closed: true } });

/**
 * The pending queue's depth per site, every site listed (0: nothing waits),
 * for the metrics scrape. Served by the partial index of pending comments
 * (migration 20261127120000_pending_queue_index): it reads the waiting
 * comments and one thread row per thread that has any, never the approved
 * mass of a big database.
 */
export async function pendingBySite(sql: Sql): Promise<Array<{ site: string; pending: number }>> {
  const { rows } = await sql.query<{ site: string; pending: number }>(
    `SELECT s.id AS site, COALESCE(p.n, 0)::int AS pending
     FROM sites s LEFT JOIN (
       SELECT site_id, sum(n) AS n FROM (
         SELECT (SELECT t.site_id FROM threads t WHERE t.id = c.thread_id) AS site_id, count(*) AS n
         FROM comments c WHERE c.status = 'pending' GROUP BY c.thread_id) per_thread
       GROUP BY site_id) p ON p.site_id = s.id
     ORDER BY s.id`,
  );
  return rows;
}

export interface DecisionContextRow {
  id: string;
  parent: { id: string; authorName: string; body: string } | null;
  history: { approved: number; spam: number; rejected: number; pending: number } | null;
}

/**
 * Each comment's parent (its author and the start of its body) and its
 * author's comments on its site counted by status, in one statement for a
 * page of cards: the parents by id, the counts grouped per (site, email
 * digest) over the page's authors — served by comments
 * (author_email_digest, created_at). No history without a digest.
 */
export async function decisionContextRows(sql: Sql, ids: readonly string[]): Promise<DecisionContextRow[]> {
  const { rows } = await sql.query<DecisionContextRow>(
    `WITH asked AS (
       SELECT c.id, c.parent_id, c.author_email_digest AS digest, t.site_id
       FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = ANY ($1::uuid[])),
     history AS (
       SELECT t.site_id, c.author_email_digest AS digest,
              count(*) FILTER (WHERE c.status = 'approved')::int AS approved, count(*) FILTER (WHERE c.status = 'spam')::int AS spam,
              count(*) FILTER (WHERE c.status = 'rejected')::int AS rejected, count(*) FILTER (WHERE c.status = 'pending')::int AS pending
       FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE c.author_email_digest IN (SELECT digest FROM asked WHERE digest IS NOT NULL)
         AND t.site_id IN (SELECT site_id FROM asked)
       GROUP BY t.site_id, c.author_email_digest)
     SELECT a.id,
            CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'authorName', p.author_name, 'body', left(p.body, 1000)) END AS parent,
            CASE WHEN h.digest IS NULL THEN NULL
                 ELSE json_build_object('approved', h.approved, 'spam', h.spam, 'rejected', h.rejected, 'pending', h.pending) END AS history
     FROM asked a
     LEFT JOIN comments p ON p.id = a.parent_id
     LEFT JOIN history h ON h.site_id = a.site_id AND h.digest = a.digest`,
    [[...new Set(ids)]],
  );
  return rows;
}
