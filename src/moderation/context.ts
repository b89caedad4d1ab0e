// What a moderator wants beside a comment to decide on it (DESIGN.md §12):
// whom a reply answers, and the author's record on that site. Read for a
// whole page of cards in one statement, never one per card: the page's
// parents by id, and the counts grouped per (site, email digest) over the
// authors on the page — served by comments (author_email_digest, created_at).
// Plain SQL: the live comment:created path (realtime/forwarder.ts) asks it
// too, and must not load Prisma (db/client.ts).
import type { ModerationComment } from '../contracts.js';
import type { Sql } from '../comments/repository.js';
import { excerpt } from '../comments/excerpt.js';

export type DecisionContext = Pick<ModerationComment, 'inReplyTo' | 'authorHistory'>;

/** A reply's quote on its card: about a line of the parent's text. */
export const IN_REPLY_TO_EXCERPT = 80;

export const NO_CONTEXT: DecisionContext = { inReplyTo: null, authorHistory: null };

interface ContextRow {
  id: string;
  parent: { id: string; authorName: string; body: string } | null;
  history: { approved: number; spam: number; rejected: number; pending: number } | null;
}

/**
 * The context of each of these comments, by id (a comment gone meanwhile is
 * absent). The history counts the comment itself; it is null when the
 * author left no email digest (erased, or a moderator's reply).
 */
export async function decisionContext(sql: Sql, ids: readonly string[]): Promise<Map<string, DecisionContext>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql.query<ContextRow>(
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
  return new Map(
    rows.map((r) => [
      r.id,
      {
        inReplyTo: r.parent ? { id: r.parent.id, authorName: r.parent.authorName, excerpt: excerpt(r.parent.body, IN_REPLY_TO_EXCERPT) } : null,
        authorHistory: r.history,
      },
    ]),
  );
}
