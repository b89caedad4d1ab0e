// Moderator queries.
import type { Sql } from '../comments/repository.js';
import type { ModeratorRole } from '../contracts.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

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

export const listModerators = (db: Db) =>
  db.moderator.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, name: true, role: true, createdAt: true, sites: { select: { siteId: true }, orderBy: { siteId: 'asc' } } },
  });

export const insertModerator = (db: Db, data: Prisma.ModeratorCreateInput) => db.moderator.create({ data });

/** A new password, and every session of the old one ended, together. */
export const replacePassword = (db: Db, moderatorId: string, passwordHash: string) =>
  db.$transaction(async (tx) => {
    await tx.moderator.update({ where: { id: moderatorId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { moderatorId } });
  });

/** Sessions and site assignments go with the moderator (cascade); audit entries stay, without them. */
export const deleteModerator = (db: Db, moderatorId: string) => db.moderator.delete({ where: { id: moderatorId } });

export const assignSite = (db: Db, moderatorId: string, siteId: string) =>
  db.moderatorSite.createMany({ data: [{ moderatorId, siteId }], skipDuplicates: true });

export const unassignSite = (db: Db, moderatorId: string, siteId: string) => db.moderatorSite.deleteMany({ where: { moderatorId, siteId } });

export const assignedSiteIds = async (db: Db, moderatorId: string) =>
  (await db.moderatorSite.findMany({ where: { moderatorId }, orderBy: { siteId: 'asc' }, select: { siteId: true } })).map((a) => a.siteId);
