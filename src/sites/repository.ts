// Site queries: Prisma for the admin paths, plain SQL for what every reader's
// request and socket asks (it must not load Prisma: db/client.ts).
import type { Scope } from '../auth/sessions.js';
import type { Sql } from '../comments/repository.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

export type SiteRow = Prisma.SiteGetPayload<object>;
type Client = Db | Prisma.TransactionClient;

export const findSite = (db: Client, id: string) => db.site.findUnique({ where: { id } });

// Scalar lists may hold NULL in a hand-made row; Prisma would answer [].
const SITE_COLUMNS = `id, name, COALESCE(allowed_origins, '{}') AS "allowedOrigins", mode, max_links AS "maxLinks",
  COALESCE(moderation_words, '{}') AS "moderationWords", COALESCE(disallowed_words, '{}') AS "disallowedWords", depth_limit AS "depthLimit",
  flood_seconds AS "floodSeconds", close_after_days AS "closeAfterDays", webhook_url AS "webhookUrl", created_at AS "createdAt"`;

/** A site as findSite answers it, for the readers' paths (the cached site lookup). */
export const readSite = async (sql: Sql, id: string): Promise<SiteRow | null> =>
  (await sql.query<SiteRow>(`SELECT ${SITE_COLUMNS} FROM sites WHERE id = $1`, [id])).rows[0] ?? null;

export const listSites = (db: Db) => db.site.findMany({ orderBy: { createdAt: 'asc' } });

export const insertSite = (db: Client, data: Prisma.SiteCreateInput) => db.site.create({ data });

export async function missingSiteIds(db: Db, ids: readonly string[]): Promise<string[]> {
  const found = await db.site.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  const known = new Set(found.map((s) => s.id));
  return ids.filter((id) => !known.has(id));
}

/** The sites a moderator may work, by name (admins: all). */
export const sitesInScope = (db: Db, scope: Scope) =>
  db.site.findMany({ where: scope.all ? {} : { id: { in: [...scope.siteIds] } }, select: { id: true, name: true }, orderBy: { name: 'asc' } });

/** Does any site accept pages from this origin? (CORS preflights, socket handshakes) */
export const anySiteAllows = async (sql: Sql, origin: string) =>
  (await sql.query(`SELECT 1 FROM sites WHERE $1 = ANY (allowed_origins) LIMIT 1`, [origin])).rows.length > 0;

/** Changes a site's settings; null when there is no such site. */
export async function updateSite(db: Client, id: string, data: Prisma.SiteUpdateManyMutationInput): Promise<SiteRow | null> {
  const { count } = await db.site.updateMany({ where: { id }, data });
  return count ? findSite(db, id) : null;
}

const THREAD_STATE = { key: true, closed: true, createdAt: true } as const;

/** Closes a thread, creating it (closed) when it has no comment yet, so an article can be closed before it opens. */
export const closeThread = (db: Db, siteId: string, key: string) =>
  db.thread.upsert({ where: { siteId_key: { siteId, key } }, create: { siteId, key, closed: true }, update: { closed: true }, select: THREAD_STATE });

/** Reopens a thread closed by hand; null when there is no such thread (it is open). */
export async function openThread(db: Db, siteId: string, key: string) {
  await db.thread.updateMany({ where: { siteId, key }, data: { closed: false } });
  return db.thread.findUnique({ where: { siteId_key: { siteId, key } }, select: THREAD_STATE });
}

/** A change to a site or one of its threads, audited with who made it (null: the command line). */
export const recordSiteAudit = (db: Client, entry: { action: 'site_create' | 'site_update' | 'thread_close' | 'thread_open'; siteId: string; moderatorId: string | null }) =>
  db.auditEntry.create({ data: entry });
