// Queries of bans (DESIGN.md §6), always within a moderator's scope: a ban or
// a comment on another site does not exist for them. Bans hold digests only.
import type { Scope } from '../../auth/sessions.js';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';

type Client = Db | Prisma.TransactionClient;

export const banInclude = { createdBy: { select: { id: true, name: true } } } as const satisfies Prisma.BanInclude;
export type BanRow = Prisma.BanGetPayload<{ include: typeof banInclude }>;

const bansInScope = (scope: Scope): Prisma.BanWhereInput => (scope.all ? {} : { siteId: { in: [...scope.siteIds] } });

/** The comment whose author is to be banned: its site and its author's digests. */
export const commentToBan = (db: Client, scope: Scope, id: string) =>
  db.comment.findFirst({
    where: { id, ...(scope.all ? {} : { thread: { siteId: { in: [...scope.siteIds] } } }) },
    select: { id: true, authorEmailDigest: true, ipDigest: true, thread: { select: { siteId: true } } },
  });

export interface NewBanRow {
  siteId: string;
  emailDigest: string | null;
  ipDigest: string | null;
  commentId: string;
  createdById: string;
}

/** A ban of exactly these digests on this site, if there is one already. */
export const findSameBan = (db: Client, b: Pick<NewBanRow, 'siteId' | 'emailDigest' | 'ipDigest'>) =>
  db.ban.findFirst({ where: { siteId: b.siteId, emailDigest: b.emailDigest, ipDigest: b.ipDigest }, include: banInclude });

export const createBan = (db: Client, b: NewBanRow) => db.ban.create({ data: b, include: banInclude });

/** Newest first. */
export const listBans = (db: Client, scope: Scope, siteId?: string) =>
  db.ban.findMany({ where: { AND: [bansInScope(scope), siteId ? { siteId } : {}] }, orderBy: { id: 'desc' }, include: banInclude });

export const findBanInScope = (db: Client, scope: Scope, id: string) => db.ban.findFirst({ where: { id, ...bansInScope(scope) } });

export const deleteBan = (db: Client, id: string) => db.ban.deleteMany({ where: { id } });

/** A ban or its lifting, audited with the comment it came from (none once that comment is gone). */
export const recordBanAudit = (db: Client, entry: { action: 'ban' | 'unban'; siteId: string; commentId: string | null; moderatorId: string }) =>
  db.auditEntry.create({ data: { action: entry.action, siteId: entry.siteId, commentId: entry.commentId, moderatorId: entry.moderatorId } });
