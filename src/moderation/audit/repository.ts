// The audit trail, as moderators read it: newest first, with who did it.
// Served by audit_entries (comment_id, created_at) and (site_id, created_at).
import type { Scope } from '../../auth/sessions.js';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';

export const AUDIT_PAGE = 100;

const ENTRY = {
  id: true,
  commentId: true,
  action: true,
  fromStatus: true,
  toStatus: true,
  createdAt: true,
  moderator: { select: { id: true, name: true } },
} as const satisfies Prisma.AuditEntrySelect;
export type AuditRow = Prisma.AuditEntryGetPayload<{ select: typeof ENTRY }>;

/** Within the scope: an entry counts as its site's (entries from before sites were recorded on them are an admin's only). */
const entriesInScope = (scope: Scope): Prisma.AuditEntryWhereInput => (scope.all ? {} : { siteId: { in: [...scope.siteIds] } });

export const commentTrail = (db: Db, scope: Scope, commentId: string) =>
  db.auditEntry.findMany({ where: { commentId, ...entriesInScope(scope) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: AUDIT_PAGE, select: ENTRY });

export const siteTrail = (db: Db, siteId: string) =>
  db.auditEntry.findMany({ where: { siteId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: AUDIT_PAGE, select: ENTRY });

/** The site of a comment that still exists, whoever asks (its trail is its site's moderators'). */
export const siteOfComment = async (db: Db, commentId: string) =>
  (await db.comment.findUnique({ where: { id: commentId }, select: { thread: { select: { siteId: true } } } }))?.thread.siteId;
