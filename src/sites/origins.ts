// "Does any site allow this origin?" — asked by every CORS preflight and every
// readers' socket handshake. Origins are few and change rarely: each answer is
// kept for a second per process, so a site's new or removed origin is obeyed
// by every instance within that time (DESIGN.md: 2 s), as in lookup.ts.
// The process that makes the change forgets at once (forgetOrigins, called by
// the site lookup's forget): a widget on a newly added origin, refused a
// moment ago, is let in by the next request.
import type { Sql } from '../comments/repository.js';
import { anySiteAllows } from './repository.js';

const TTL_MS = 1_000;
const MAX_ENTRIES = 2_000;

export type OriginCheck = (origin: string) => Promise<boolean>;

type Known = Map<string, { allowed: boolean; until: number }>;
/** The checks' caches by the pool they read: a change forgets every one of them. */
const cachesOf = new WeakMap<Sql, Set<Known>>();

/** Every check on this pool forgets what it knew (after a change of a site's origins in this process). */
export function forgetOrigins(sql: Sql): void {
  for (const known of cachesOf.get(sql) ?? []) known.clear();
}

export function someSiteAllows(sql: Sql): OriginCheck {
  const known: Known = new Map();
  const caches = cachesOf.get(sql) ?? new Set();
  caches.add(known);
  cachesOf.set(sql, caches);
  return async (origin) => {
    const hit = known.get(origin);
    if (hit && hit.until > Date.now()) return hit.allowed;
    const allowed = await anySiteAllows(sql, origin);
    if (known.size >= MAX_ENTRIES) known.clear();
    known.set(origin, { allowed, until: Date.now() + TTL_MS });
    return allowed;
  };
}
