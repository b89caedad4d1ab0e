// "Does any site allow this origin?" — asked by every CORS preflight and every
// readers' socket handshake. Origins are few and change rarely: each answer is
// kept for a second per process, so a site's new or removed origin is obeyed
// by every instance within that time (DESIGN.md: 2 s), as in lookup.ts.
import type { Sql } from '../comments/repository.js';
import { anySiteAllows } from './repository.js';

const TTL_MS = 1_000;
const MAX_ENTRIES = 2_000;

export type OriginCheck = (origin: string) => Promise<boolean>;

export function someSiteAllows(sql: Sql): OriginCheck {
  const known = new Map<string, { allowed: boolean; until: number }>();
  return async (origin) => {
    const hit = known.get(origin);
    if (hit && hit.until > Date.now()) return hit.allowed;
    const allowed = await anySiteAllows(sql, origin);
    if (known.size >= MAX_ENTRIES) known.clear();
    known.set(origin, { allowed, until: Date.now() + TTL_MS });
    return allowed;
  };
}
