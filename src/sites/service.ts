import { randomInt } from 'node:crypto';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { notAnObject, siteNotFound, validationFailed, type FieldErrors } from '../errors.js';
import type { Keys } from '../security/keys.js';
import { parseBodyOrThrow, parseOrThrow } from '../validation.js';
import { isThreadClosed } from './closing.js';
import type { SiteLookup } from './lookup.js';
import { forAdmin } from './presenter.js';
import * as sites from './repository.js';
import { NewSite, NewSiteSettings, SiteSettingsChange, ThreadRef } from './schema.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 12 characters from 36: about 62 bits, unguessable enough for a public id. */
export function newSiteId(length = 12): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export async function createSite(deps: { db: Db }, input: NewSite, opts: { id?: string } = {}) {
  const site = parseOrThrow(NewSite, input);
  for (;;) {
    try {
      return await sites.insertSite(deps.db, { id: opts.id ?? newSiteId(), name: site.name, allowedOrigins: site.allowedOrigins, mode: site.mode });
    } catch (err) {
      // A random id collided (or a fixed one exists): retry only random ids.
      if (!isUniqueViolation(err) || opts.id) throw err;
    }
  }
}

/** GET /api/admin/sites: every site's settings, oldest first (each webhook's secret is read per site). */
export async function listSiteSettings(deps: { db: Db }) {
  return { sites: (await sites.listSites(deps.db)).map((s) => forAdmin(s).site) };
}

/**
 * POST /api/admin/sites: a site with any of its settings at once, audited
 * with the admin who made it. Every bad field is named, unknown ones
 * included. Its id is generated as the CLI's (a collision is retried).
 */
export async function createSiteWithSettings(deps: { db: Db; sites?: SiteLookup; keys?: Keys }, input: unknown, by: string | null) {
  const settings = parseBodyOrThrow(NewSiteSettings, input, 'This is not a site setting.');
  for (;;) {
    const id = newSiteId();
    try {
      const site = await deps.db.$transaction(async (tx) => {
        const created = await sites.insertSite(tx, { id, ...settings });
        await sites.recordSiteAudit(tx, { action: 'site_create', siteId: id, moderatorId: by });
        return created;
      });
      // A widget may have asked for this id before it existed: it is found now, not a second later.
      deps.sites?.forget(id);
      return forAdmin(site, deps.keys);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
}

/** GET /api/admin/sites/:id */
export async function siteSettings(deps: { db: Db; keys?: Keys }, id: string) {
  const site = await sites.findSite(deps.db, id);
  if (!site) throw siteNotFound();
  return forAdmin(site, deps.keys);
}

/**
 * Every bad field of a settings change at once, unknown keys named among
 * them; `id` may be sent back unchanged.
 */
function parseChange(id: string, input: unknown): SiteSettingsChange {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw notAnObject();
  const result = SiteSettingsChange.safeParse(input);
  const fields: FieldErrors = {};
  for (const issue of result.error?.issues ?? []) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fields[key] ??= 'This is not a site setting.';
    else fields[String(issue.path[0] ?? '_')] ??= issue.message;
  }
  if ('id' in input && (input as { id: unknown }).id !== id) fields.id = "A site's id cannot change.";
  if (!result.success || Object.keys(fields).length) throw validationFailed(fields);
  return result.data;
}

/**
 * PATCH /api/admin/sites/:id and `site:update`: any subset of the settings,
 * audited with the admin who made it (`by`; null from the command line).
 * This instance forgets its cached copy at once; the others re-read within
 * a second (lookup.ts).
 */
export async function updateSiteSettings(deps: { db: Db; sites?: SiteLookup; keys?: Keys }, id: string, input: unknown, by: string | null = null) {
  const { id: _same, ...change } = parseChange(id, input);
  const site = Object.keys(change).length
    ? await deps.db.$transaction(async (tx) => {
        const updated = await sites.updateSite(tx, id, change);
        if (updated) await sites.recordSiteAudit(tx, { action: 'site_update', siteId: id, moderatorId: by });
        return updated;
      })
    : await sites.findSite(deps.db, id);
  if (!site) throw siteNotFound();
  deps.sites?.forget(id);
  return forAdmin(site, deps.keys);
}

/** `thread:close` / `thread:open`: the thread's state afterwards (closed by hand or by the site's closeAfterDays). */
export async function setThreadClosed(deps: { db: Db }, ref: ThreadRef, closed: boolean) {
  const { site: siteId, thread: key } = parseOrThrow(ThreadRef, ref);
  const site = await sites.findSite(deps.db, siteId);
  if (!site) throw siteNotFound();
  const thread = closed ? await sites.closeThread(deps.db, site.id, key) : await sites.openThread(deps.db, site.id, key);
  await sites.recordSiteAudit(deps.db, { action: closed ? 'thread_close' : 'thread_open', siteId: site.id, moderatorId: null });
  return { site: site.id, thread: key, closed: thread ? isThreadClosed(site, thread) : false };
}
