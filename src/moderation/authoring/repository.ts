// Queries of moderators writing: a reply from the dashboard, an edit of a
// comment's body. Plain SQL on the pool, inside the caller's transaction, so
// a reply, the parent's implicit approval and their audit entries and outbox
// items commit together (moderation/repository.ts changeStatus is the approval).
import { v7 as uuidv7 } from 'uuid';
import type { Scope } from '../../auth/sessions.js';
import type { CommentStatus } from '../../contracts.js';
import type { Sql } from '../../comments/repository.js';
import type { Enqueued } from '../../outbox/repository.js';
import type { ModerationView } from '../repository.js';

/** The comment a moderator replies to, locked, with what the reply needs of its site and thread. */
export interface ReplyTarget {
  id: string;
  threadId: string;
  status: CommentStatus;
  depth: number;
  rootId: string | null;
  /** Its author asked to hear of replies, and can still be written to. */
  notify: boolean;
  depthLimit: number;
  webhookUrl: string | null;
  thread: ModerationView['thread'];
}

export async function lockReplyTarget(sql: Sql, scope: Scope, id: string): Promise<ReplyTarget | undefined> {
  const { rows } = await sql.query<ReplyTarget>(
    `SELECT c.id, c.thread_id AS "threadId", c.status, c.depth, c.root_id AS "rootId",
            c.notify AND c.author_email_cipher IS NOT NULL AS notify, s.depth_limit AS "depthLimit", s.webhook_url AS "webhookUrl",
            json_build_object('key', t.key, 'title', t.title, 'url', t.url, 'site', json_build_object('id', s.id, 'name', s.name)) AS thread
     FROM comments c JOIN threads t ON t.id = c.thread_id JOIN sites s ON s.id = t.site_id
     WHERE c.id = $1 AND ($2 OR t.site_id = ANY ($3::text[]))
     FOR UPDATE OF c`,
    [id, scope.all, scope.all ? [] : scope.siteIds],
  );
  return rows[0];
}

const VIEW_COLUMNS = `c.id, c.parent_id AS "parentId", c.root_id AS "rootId", c.depth, c.status, c.author_name AS "authorName",
  c.author_website AS "authorWebsite", c.avatar_seed AS "avatarSeed", c.body, c.body_html AS "bodyHtml", c.created_at AS "createdAt",
  c.author_email_cipher AS "authorEmailCipher", COALESCE(c.held_reasons, '{}') AS "heldReasons", c.moderated_at AS "moderatedAt",
  c.like_count AS "likeCount", c.edited_at AS "editedAt", c.badge`;

export interface NewReply {
  parent: ReplyTarget;
  moderator: { id: string; name: string };
  avatarSeed: string;
  body: string;
  bodyHtml: string;
  bodyFingerprint: string;
  at: Date;
  /** What the reply causes to be sent (the parent's author's reply notification, the site's webhook). */
  outbox: readonly Enqueued[];
}

/**
 * A moderator's reply: published at once, with the moderator badge and name,
 * no email, address or author key; its audit entry (`reply`) and outbox
 * items in the same statement.
 */
export async function insertReply(sql: Sql, r: NewReply): Promise<ModerationView> {
  const { rows } = await sql.query<Omit<ModerationView, 'thread' | 'moderatedBy'>>(
    `WITH c AS (
       INSERT INTO comments (id, thread_id, parent_id, root_id, depth, author_name, avatar_seed, body, body_html, body_fingerprint,
                             status, held_reasons, moderated_at, moderated_by_id, badge)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'approved', '{}', $11, $12, 'moderator')
       RETURNING *),
     audit AS (
       INSERT INTO audit_entries (id, comment_id, site_id, moderator_id, action, from_status, to_status)
       SELECT $13, c.id, $14, $12, 'reply', NULL, 'approved' FROM c),
     queued AS (
       INSERT INTO outbox (kind, topic, dedupe_key, site_id, comment_id, payload)
       SELECT e.kind::"OutboxKind", e.topic, e.kind || ':' || e.topic || ':' || c.id, $14, c.id, e.payload::jsonb
       FROM c, unnest($15::text[], $16::text[], $17::text[]) AS e(kind, topic, payload)
       ON CONFLICT (dedupe_key) DO NOTHING)
     SELECT ${VIEW_COLUMNS} FROM c`,
    [
      uuidv7(), r.parent.threadId, r.parent.id, r.parent.rootId ?? r.parent.id, r.parent.depth + 1, r.moderator.name, r.avatarSeed,
      r.body, r.bodyHtml, r.bodyFingerprint, r.at, r.moderator.id, uuidv7(), r.parent.thread.site.id,
      r.outbox.map((i) => i.kind), r.outbox.map((i) => i.topic), r.outbox.map((i) => JSON.stringify(i.payload ?? {})),
    ],
  );
  return { ...rows[0]!, thread: r.parent.thread, moderatedBy: { id: r.moderator.id, name: r.moderator.name } };
}

/**
 * A moderator's edit of a comment's body within their scope, audited
 * (`edit`, from and to its status) in the same statement: the comment as it
 * is now, or nothing when no such comment is in scope. The duplicate
 * fingerprint stays the one it was posted with (it guards readers' posts).
 */
export async function editBody(
  sql: Sql,
  e: { scope: Scope; id: string; body: string; bodyHtml: string; at: Date; moderatorId: string },
): Promise<ModerationView | undefined> {
  const { rows } = await sql.query<ModerationView>(
    `WITH target AS (
       SELECT c.id, t.site_id FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE c.id = $1 AND ($2 OR t.site_id = ANY ($3::text[])) FOR UPDATE OF c),
     c AS (
       UPDATE comments SET body = $4, body_html = $5, edited_at = $6 FROM target WHERE comments.id = target.id RETURNING comments.*),
     audit AS (
       INSERT INTO audit_entries (id, comment_id, site_id, moderator_id, action, from_status, to_status)
       SELECT $7, c.id, target.site_id, $8, 'edit', c.status, c.status FROM c JOIN target USING (id))
     SELECT ${VIEW_COLUMNS},
            json_build_object('key', t.key, 'title', t.title, 'url', t.url, 'site', json_build_object('id', s.id, 'name', s.name)) AS thread,
            CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object('id', m.id, 'name', m.name) END AS "moderatedBy"
     FROM c JOIN threads t ON t.id = c.thread_id JOIN sites s ON s.id = t.site_id LEFT JOIN moderators m ON m.id = c.moderated_by_id`,
    [e.id, e.scope.all, e.scope.all ? [] : e.scope.siteIds, e.body, e.bodyHtml, e.at, uuidv7(), e.moderatorId],
  );
  return rows[0];
}
