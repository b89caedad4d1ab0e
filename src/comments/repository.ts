// Comment and thread queries. Each takes the client it runs on (a
// transaction or the pool) and selects only what its caller may use.
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

type Client = Db | Prisma.TransactionClient;

/** What the public presenter needs, and the fields that place a comment in its thread. */
export const publicSelect = {
  id: true,
  parentId: true,
  rootId: true,
  depth: true,
  status: true,
  authorName: true,
  authorWebsite: true,
  avatarSeed: true,
  bodyHtml: true,
  createdAt: true,
} as const satisfies Prisma.CommentSelect;
export type PublicCommentRow = Prisma.CommentGetPayload<{ select: typeof publicSelect }>;

export const findThread = (db: Client, siteId: string, key: string) => db.thread.findUnique({ where: { siteId_key: { siteId, key } } });

/**
 * The thread, created on its first comment (race-free: INSERT … ON CONFLICT DO
 * NOTHING, then read); a title or URL fills in only what is still unknown.
 */
export async function ensureThread(db: Client, siteId: string, key: string, title?: string, url?: string) {
  await db.thread.createMany({ data: [{ siteId, key, title: title ?? null, url: url ?? null }], skipDuplicates: true });
  const thread = await db.thread.findUniqueOrThrow({ where: { siteId_key: { siteId, key } } });
  if ((title && !thread.title) || (url && !thread.url)) {
    return db.thread.update({ where: { id: thread.id }, data: { title: thread.title ?? title ?? null, url: thread.url ?? url ?? null } });
  }
  return thread;
}

export const findParent = (db: Client, id: string) =>
  db.comment.findUnique({ where: { id }, select: { id: true, threadId: true, status: true, depth: true, rootId: true } });

export const findDuplicate = (db: Client, threadId: string, authorEmailDigest: string, bodyFingerprint: string) =>
  db.comment.findUnique({ where: { threadId_authorEmailDigest_bodyFingerprint: { threadId, authorEmailDigest, bodyFingerprint } }, select: { id: true } });

/** Has this email an approved comment anywhere on the site? (trusted mode) */
export const hasApprovedComment = async (db: Client, siteId: string, authorEmailDigest: string) =>
  (await db.comment.findFirst({ where: { authorEmailDigest, status: 'approved', thread: { siteId } }, select: { id: true } })) !== null;

export const insertComment = (db: Client, data: Prisma.CommentUncheckedCreateInput) => db.comment.create({ data, select: publicSelect });

export interface TopLevelPage {
  threadId: string;
  order: 'asc' | 'desc';
  after?: string | undefined;
  limit: number;
}

/** A page of approved top-level comments, keyset-paginated on the (time-ordered) id. */
export const approvedTopLevel = (db: Client, p: TopLevelPage) =>
  db.comment.findMany({
    where: { threadId: p.threadId, status: 'approved', depth: 1, ...(p.after ? { id: p.order === 'asc' ? { gt: p.after } : { lt: p.after } } : {}) },
    orderBy: { id: p.order },
    take: p.limit,
    select: publicSelect,
  });

/** Approved replies under the given top-level comments, shallowest first, then oldest first. */
export const approvedRepliesOf = (db: Client, rootIds: string[]) =>
  rootIds.length === 0
    ? Promise.resolve([])
    : db.comment.findMany({ where: { rootId: { in: rootIds }, status: 'approved' }, orderBy: [{ depth: 'asc' }, { id: 'asc' }], select: publicSelect });

export const pendingOfAuthor = (db: Client, threadId: string, authorEmailDigest: string) =>
  // Spam caught by the rules reads as pending to its author too: a bot learns nothing.
  db.comment.findMany({ where: { threadId, authorEmailDigest, status: { in: ['pending', 'spam'] } }, orderBy: { id: 'asc' }, select: publicSelect });

export const countApproved = (db: Client, threadId: string) => db.comment.count({ where: { threadId, status: 'approved' } });

/** Approved comments per thread key; keys without a thread are absent. */
export async function countApprovedByKey(db: Client, siteId: string, keys: string[]): Promise<Map<string, number>> {
  const threads = await db.thread.findMany({ where: { siteId, key: { in: keys } }, select: { id: true, key: true } });
  if (threads.length === 0) return new Map();
  const groups = await db.comment.groupBy({ by: ['threadId'], where: { threadId: { in: threads.map((t) => t.id) }, status: 'approved' }, _count: { _all: true } });
  const byThread = new Map(groups.map((g) => [g.threadId, g._count._all]));
  return new Map(threads.map((t) => [t.key, byThread.get(t.id) ?? 0]));
}
