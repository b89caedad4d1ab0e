// Queries of the moderators' API, always within a moderator's scope: a
// comment outside it does not exist for them.
import type { Scope } from '../auth/sessions.js';
import type { CommentStatus } from '../contracts.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

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

/** The status change itself, guarded: it happens only if the comment is still in `from`. */
export const guardedStatusUpdate = (db: Client, id: string, from: CommentStatus, to: CommentStatus, moderatorId: string, at: Date) =>
  db.comment.updateMany({ where: { id, status: from }, data: { status: to, moderatedAt: at, moderatedById: moderatorId } });

/** A comment with what its presenters need, whoever asks (the event forwarder). */
export const findForPresentation = (db: Client, id: string) => db.comment.findUnique({ where: { id }, include: moderationInclude });

export const currentStatus = async (db: Client, id: string) => (await db.comment.findUnique({ where: { id }, select: { status: true } }))?.status;

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
