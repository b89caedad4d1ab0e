import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

export const findModeratorByEmail = (db: Db, email: string) => db.moderator.findUnique({ where: { email: email.toLowerCase() } });

export const listModerators = (db: Db) =>
  db.moderator.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, name: true, role: true, createdAt: true, sites: { select: { siteId: true }, orderBy: { siteId: 'asc' } } },
  });

export const insertModerator = (db: Db, data: Prisma.ModeratorCreateInput) => db.moderator.create({ data });
