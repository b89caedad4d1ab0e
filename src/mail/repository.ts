// What a message needs, read when it is sent (never when it is queued): a
// comment erased, deleted, rejected or unsubscribed from in between is
// obeyed. Plain SQL on the pool: the worker runs in every server and must
// not load Prisma (db/client.ts).
import type { CommentStatus } from '../contracts.js';
import type { Sql } from '../outbox/repository.js';
import type { MailList } from './unsubscribe.js';

export interface ThreadFacts {
  siteId: string;
  siteName: string;
  threadKey: string;
  threadTitle: string | null;
  threadUrl: string | null;
}

const THREAD_FACTS = `s.id AS "siteId", s.name AS "siteName", t.key AS "threadKey", t.title AS "threadTitle", t.url AS "threadUrl"`;

export interface ReplyFacts extends ThreadFacts {
  id: string;
  status: CommentStatus;
  authorName: string;
  body: string;
  /** The comment replied to: its author is the one to write to. */
  parent: { notify: boolean; emailCipher: Uint8Array | null };
}

/** A reply and the comment it answers; undefined when either is gone. */
export async function replyFacts(sql: Sql, replyId: string): Promise<ReplyFacts | undefined> {
  const { rows } = await sql.query<Omit<ReplyFacts, 'parent'> & { parentNotify: boolean; parentEmailCipher: Uint8Array | null }>(
    `SELECT r.id, r.status, r.author_name AS "authorName", r.body, ${THREAD_FACTS},
            p.notify AS "parentNotify", p.author_email_cipher AS "parentEmailCipher"
     FROM comments r JOIN comments p ON p.id = r.parent_id JOIN threads t ON t.id = r.thread_id JOIN sites s ON s.id = t.site_id
     WHERE r.id = $1`,
    [replyId],
  );
  if (!rows[0]) return undefined;
  const { parentNotify, parentEmailCipher, ...reply } = rows[0];
  return { ...reply, parent: { notify: parentNotify, emailCipher: parentEmailCipher } };
}

export interface CommentFacts extends ThreadFacts {
  id: string;
  status: CommentStatus;
  body: string;
  notify: boolean;
  emailCipher: Uint8Array | null;
}

/** A comment with its author's (encrypted) email; undefined when it is gone. */
export async function commentFacts(sql: Sql, id: string): Promise<CommentFacts | undefined> {
  const { rows } = await sql.query<CommentFacts>(
    `SELECT c.id, c.status, c.body, c.notify, c.author_email_cipher AS "emailCipher", ${THREAD_FACTS}
     FROM comments c JOIN threads t ON t.id = c.thread_id JOIN sites s ON s.id = t.site_id
     WHERE c.id = $1`,
    [id],
  );
  return rows[0];
}

export interface DigestFacts {
  siteName: string;
  /** The moderator to write to, if they still moderate the site (admins moderate every site). */
  moderator: { email: string } | null;
  /** Those of the listed comments that still await moderation, oldest first. */
  comments: Array<{ id: string; authorName: string; body: string; threadKey: string; threadTitle: string | null }>;
}

export async function digestFacts(sql: Sql, d: { siteId: string; moderatorId: string; commentIds: string[] }): Promise<DigestFacts | undefined> {
  const { rows } = await sql.query<DigestFacts>(
    `SELECT s.name AS "siteName",
            (SELECT json_build_object('email', m.email) FROM moderators m
              WHERE m.id = $2 AND (m.role = 'admin' OR EXISTS (SELECT 1 FROM moderator_sites ms WHERE ms.moderator_id = m.id AND ms.site_id = s.id))) AS moderator,
            COALESCE((SELECT json_agg(x ORDER BY x.id) FROM (
              SELECT c.id, c.author_name AS "authorName", c.body, t.key AS "threadKey", t.title AS "threadTitle"
              FROM comments c JOIN threads t ON t.id = c.thread_id
              WHERE c.id = ANY ($3::uuid[]) AND c.status = 'pending' AND t.site_id = s.id) x), '[]') AS comments
     FROM sites s WHERE s.id = $1`,
    [d.siteId, d.moderatorId, d.commentIds],
  );
  return rows[0];
}

export async function isUnsubscribed(sql: Sql, list: MailList, addressDigest: string): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM mail_unsubscribes WHERE list = $1::"MailList" AND address_digest = $2`, [list, addressDigest]);
  return rows.length > 0;
}

/** Idempotent: unsubscribing twice is unsubscribing once. */
export async function unsubscribe(sql: Sql, list: MailList, addressDigest: string): Promise<void> {
  await sql.query(`INSERT INTO mail_unsubscribes (list, address_digest) VALUES ($1::"MailList", $2) ON CONFLICT DO NOTHING`, [list, addressDigest]);
}
