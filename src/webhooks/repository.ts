// What a webhook call says, read when it is sent: the comment as it is then,
// and where the site wants it (null: the webhook was removed meanwhile).
// Never an email: the author's email columns are not read.
import type { CommentStatus } from '../contracts.js';
import type { Sql } from '../outbox/repository.js';

export interface WebhookFacts {
  id: string;
  parentId: string | null;
  status: CommentStatus;
  authorName: string;
  body: string;
  createdAt: Date;
  threadKey: string;
  threadTitle: string | null;
  threadUrl: string | null;
  siteId: string;
  siteName: string;
  webhookUrl: string | null;
}

export async function webhookFacts(sql: Sql, commentId: string): Promise<WebhookFacts | undefined> {
  const { rows } = await sql.query<WebhookFacts>(
    `SELECT c.id, c.parent_id AS "parentId", c.status, c.author_name AS "authorName", c.body, c.created_at AS "createdAt",
            t.key AS "threadKey", t.title AS "threadTitle", t.url AS "threadUrl", s.id AS "siteId", s.name AS "siteName", s.webhook_url AS "webhookUrl"
     FROM comments c JOIN threads t ON t.id = c.thread_id JOIN sites s ON s.id = t.site_id
     WHERE c.id = $1`,
    [commentId],
  );
  return rows[0];
}
