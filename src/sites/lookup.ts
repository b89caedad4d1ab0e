// Sites are read on every public request and change rarely: each process
// keeps them for a moment (SITE_CACHE_TTL_MS), so a change made anywhere (the
// admin API on another instance, the CLI) is obeyed by every instance within
// that time — DESIGN.md asks for 2 s. One query per site per second per
// instance is nothing; a NOTIFY channel would only shave off that second.
// The instance that makes a change forgets its copy at once (forget), and its
// answers to "does any site allow this origin?" (origins.ts).
import type { Sql } from '../comments/repository.js';
import { forgetOrigins } from './origins.js';
import { readSite, type SiteRow } from './repository.js';

export interface SiteLookup {
  get(id: string): Promise<SiteRow | null>;
  /** Drops this process's copy of a site, and of which origins some site allows (after changing it here). */
  forget(id: string): void;
}

export const SITE_CACHE_TTL_MS = 1_000;
const MAX_ENTRIES = 10_000;

export function cachedSiteLookup(sql: Sql, ttlMs = SITE_CACHE_TTL_MS): SiteLookup {
  const entries = new Map<string, { site: Promise<SiteRow | null>; until: number }>();
  return {
    get(id) {
      const hit = entries.get(id);
      if (hit && hit.until > Date.now()) return hit.site;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const site = readSite(sql, id);
      entries.set(id, { site, until: Date.now() + ttlMs });
      // A failed read (database down) must not be remembered.
      site.catch(() => entries.delete(id));
      return site;
    },
    forget(id) {
      entries.delete(id);
      forgetOrigins(sql);
    },
  };
}
