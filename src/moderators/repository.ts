// Moderator queries.
import type { Sql } from '../comments/repository.js';
import type { ModeratorRole } from '../contracts.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

type Client = Db | Prisma.TransactionClient;

export interface ModeratorRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: ModeratorRole;
  createdAt: Date;
}

/** Plain SQL: sign-in runs it, and it must not load Prisma (db/client.ts). */
export const findModeratorByEmail = async (sql: Sql, email: string): Promise<ModeratorRow | null> =>
  (
    await sql.query<ModeratorRow>(
      `SELECT id, email, name, password_hash AS "passwordHash", role, created_at AS "createdAt" FROM moderators WHERE email = $1`,
      [email.toLowerCase()],
    )
  ).rows[0] ?? null;

/** The same, for the admin paths that hold a Prisma client (CLI, moderator management). */
export const findModerator = (db: Db, email: string) => db.moderator.findUnique({ where: { email: email.toLowerCase() } });

const MANAGED = { id: true, email: true, name: true, role: true, createdAt: true, sites: { select: { siteId: true }, orderBy: { siteId: 'asc' } } } as const;
/** A moderator as admins manage them: with their sites. */
export type ManagedRow = Prisma.ModeratorGetPayload<{ select: typeof MANAGED }>;

export const listModerators = (db: Db) => db.moderator.findMany({ orderBy: { createdAt: 'asc' }, select: MANAGED });

export const findManaged = (db: Client, id: string) => db.moderator.findUnique({ where: { id }, select: MANAGED });

/**
 * The admins, locked until the transaction ends: a demotion or removal that
 * checks "another admin remains" cannot race another one (two admins
 * demoting each other at once would leave none).
 */
export const lockAdmins = async (tx: Prisma.TransactionClient): Promise<string[]> =>
  (await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM moderators WHERE role = 'admin' ORDER BY id FOR UPDATE`).map((r) => r.id);

/** Sets a moderator's name, role and sites (each when given); an admin keeps no site list. */
export async function updateManaged(tx: Prisma.TransactionClient, id: string, change: { name?: string | undefined; role?: ModeratorRole | undefined; sites?: readonly string[] | undefined }) {
  if (change.name !== undefined || change.role !== undefined)
    await tx.moderator.update({ where: { id }, data: { ...(change.name !== undefined ? { name: change.name } : {}), ...(change.role ? { role: change.role } : {}) } });
  const sites = change.role === 'admin' ? [] : change.sites;
  if (sites !== undefined) {
    await tx.moderatorSite.deleteMany({ where: { moderatorId: id, siteId: { notIn: [...sites] } } });
    await tx.moderatorSite.createMany({ data: sites.map((siteId) => ({ moderatorId: id, siteId })), skipDuplicates: true });
  }
  return tx.moderator.findUniqueOrThrow({ where: { id }, select: MANAGED });
}

/** What an admin did to a moderator (`by`; null from the command line), kept after either is gone. */
export const recordModeratorAudit = (db: Client, entry: { action: 'moderator_create' | 'moderator_update' | 'moderator_delete'; by: string | null; subject: string }) =>
  db.auditEntry.create({ data: { action: entry.action, moderatorId: entry.by, subjectModeratorId: entry.subject } });

export const insertModerator = (db: Client, data: Prisma.ModeratorCreateInput) => db.moderator.create({ data });

export const insertManaged = (db: Client, data: Prisma.ModeratorCreateInput) => db.moderator.create({ data, select: MANAGED });

/** A new password, and every session of the old one ended, together. */
export const replacePassword = (db: Db, moderatorId: string, passwordHash: string) =>
  db.$transaction(async (tx) => {
    await tx.moderator.update({ where: { id: moderatorId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { moderatorId } });
  });

/** Sessions and site assignments go with the moderator (cascade); audit entries stay, without them. */
export const deleteModerator = (db: Client, moderatorId: string) => db.moderator.delete({ where: { id: moderatorId } });

export const assignSite = (db: Db, moderatorId: string, siteId: string) =>
  db.moderatorSite.createMany({ data: [{ moderatorId, siteId }], skipDuplicates: true });

export const unassignSite = (db: Db, moderatorId: string, siteId: string) => db.moderatorSite.deleteMany({ where: { moderatorId, siteId } });

export const assignedSiteIds = async (db: Db, moderatorId: string) =>
  (await db.moderatorSite.findMany({ where: { moderatorId }, orderBy: { siteId: 'asc' }, select: { siteId: true } })).map((a) => a.siteId);
