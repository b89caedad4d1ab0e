// The two sealed tokens of the readers' API.
import { validationFailed } from '../errors.js';
import type { Keys } from '../security/keys.js';
import { seal, unseal } from '../security/sealed.js';

/**
 * The author token: proves "I wrote comments under this email" without
 * revealing it. Bound to the email digest; readable by the server only.
 */
export const issueAuthorToken = (keys: Keys, emailDigest: string) => seal(keys, 'author', { d: emailDigest });

export function readAuthorToken(keys: Keys, token: string | undefined): string | undefined {
  if (!token) return undefined;
  const payload = unseal(keys, 'author', token) as { d?: unknown } | undefined;
  return typeof payload?.d === 'string' && /^[0-9a-f]{64}$/.test(payload.d) ? payload.d : undefined;
}

export interface CursorScope {
  readonly site: string;
  readonly thread: string;
  readonly sort: 'oldest' | 'newest';
}

/** Opaque and tamper-proof; only valid for the list it came from. */
export const encodeCursor = (keys: Keys, scope: CursorScope, lastId: string) =>
  seal(keys, 'cursor', { s: scope.site, t: scope.thread, o: scope.sort, a: lastId });

/** The id to continue after, or a 400 on the `cursor` field. */
export function decodeCursor(keys: Keys, cursor: string, scope: CursorScope): string {
  const c = unseal(keys, 'cursor', cursor) as { s?: unknown; t?: unknown; o?: unknown; a?: unknown } | undefined;
  if (!c || typeof c.a !== 'string') throw validationFailed({ cursor: 'This cursor is not valid; start again from the first page.' });
  if (c.s !== scope.site || c.t !== scope.thread || c.o !== scope.sort)
    throw validationFailed({ cursor: 'This cursor belongs to another list; start again from the first page.' });
  return c.a;
}
