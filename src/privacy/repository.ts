// Queries of readers' personal-data requests (DESIGN.md §3 privacy:export,
// privacy:erase). A person's comments are found by the keyed digest of their
// email, never by decrypting every stored email; every site, every status.
import type { CommentStatus } from '../contracts.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

type Client = Db | Prisma.TransactionClient;

const exportInclude = {
  thread: { select: { key: true, title: true, url: true, site: { select: { id: true, name: true } } } },
} as const satisfies Prisma.CommentInclude;
export type ExportRow = Prisma.CommentGetPayload<{ include: typeof exportInclude }>;

/** Every comment under this email digest, oldest first. */
export const commentsByDigest = (db: Client, digest: string): Promise<ExportRow[]> =>
  db.comment.findMany({ where: { authorEmailDigest: digest }, include: exportInclude, orderBy: { id: 'asc' } });

/** What erasing a comment needs: where it sits (to keep its replies) and where it is shown (for the events). */
export interface ErasableRow {
  id: string;
  status: CommentStatus;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  siteId: string;
  threadKey: string;
}

/**
 * The person's comments, locked until the transaction ends, deepest first:
 * deleting them in this order never moves a comment still to be deleted (a
 * deletion only moves the deleted comment's descendants, which are deeper).
 */
export const lockByDigest = (tx: Prisma.TransactionClient, digest: string) =>
  tx.$queryRaw<ErasableRow[]>`
    SELECT c.id::text AS id, c.status::text AS status, c.parent_id::text AS "parentId", c.root_id::text AS "rootId", c.depth,
           t.site_id AS "siteId", t.key AS "threadKey"
    FROM comments c JOIN threads t ON t.id = c.thread_id
    WHERE c.author_email_digest = ${digest}
    ORDER BY c.depth DESC, c.id
    FOR UPDATE OF c`;

export const ANONYMOUS = 'Anonymous';

/**
 * Erases the author of these comments, bodies kept: name "Anonymous"; email,
 * website, IP digest and user agent gone; each avatar seed replaced by one
 * that no longer derives from the email (`seeds[i]` for `ids[i]`).
 */
export const eraseAuthor = (tx: Prisma.TransactionClient, ids: string[], seeds: string[]) =>
  tx.$executeRaw`
    UPDATE comments SET author_name = ${ANONYMOUS}, author_email_cipher = NULL, author_email_digest = NULL, author_key_digest = NULL, author_website = NULL,
      ip_digest = NULL, user_agent = NULL, avatar_seed = erased.seed
    FROM unnest(${ids}::uuid[], ${seeds}::text[]) AS erased(id, seed)
    WHERE comments.id = erased.id`;

export type PrivacyAction = 'privacy_export' | 'privacy_erase' | 'erase' | 'erase_delete';

/**
 * Audit entries of a personal-data request. They never hold an email, a name
 * or content: who (null: an operator at the command line), what, when, and for
 * the per-comment entries which comment and its status.
 */
export const recordAudit = (
  db: Client,
  entries: Array<{ action: PrivacyAction; moderatorId: string | null; commentId?: string; siteId?: string; from?: CommentStatus; to?: CommentStatus }>,
) =>
  db.auditEntry.createMany({
    data: entries.map((e) => ({
      action: e.action,
      moderatorId: e.moderatorId,
      commentId: e.commentId ?? null,
      siteId: e.siteId ?? null,
      fromStatus: e.from ?? null,
      toStatus: e.to ?? null,
    })),
  });
