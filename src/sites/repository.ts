// Site queries. Every function takes the client it runs on, so it serves
// inside and outside a transaction alike.
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

export type SiteRow = Prisma.SiteGetPayload<object>;

export const findSite = (db: Db, id: string) => db.site.findUnique({ where: { id } });

export const listSites = (db: Db) => db.site.findMany({ orderBy: { createdAt: 'asc' } });

export const insertSite = (db: Db, data: Prisma.SiteCreateInput) => db.site.create({ data });

export async function missingSiteIds(db: Db, ids: readonly string[]): Promise<string[]> {
  const found = await db.site.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  const known = new Set(found.map((s) => s.id));
  return ids.filter((id) => !known.has(id));
}
