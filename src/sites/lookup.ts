// Sites are read on every public request and change rarely: each process
// keeps them for a few seconds (SITE_CACHE_TTL_MS), so every instance sees a
// change within that time.
import type { Db } from '../db/client.js';
import { findSite, type SiteRow } from './repository.js';

export interface SiteLookup {
  get(id: string): Promise<SiteRow | null>;
}

export const SITE_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export function cachedSiteLookup(db: Db, ttlMs = SITE_CACHE_TTL_MS): SiteLookup {
  const entries = new Map<string, { site: Promise<SiteRow | null>; until: number }>();
  return {
    get(id) {
      const hit = entries.get(id);
      if (hit && hit.until > Date.now()) return hit.site;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const site = findSite(db, id);
      entries.set(id, { site, until: Date.now() + ttlMs });
      // A failed read (database down) must not be remembered.
      site.catch(() => entries.delete(id));
      return site;
    },
  };
}
