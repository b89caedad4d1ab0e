// Keyset cursors: opaque, tamper-proof, and valid only for the list (the
// same filters) they came from. A bad cursor is a 400 on `cursor`, never a 500.
import { validationFailed } from '../errors.js';
import type { Keys } from '../security/keys.js';
import { seal, unseal } from '../security/sealed.js';

export type CursorScope = Readonly<Record<string, string | undefined>>;

const fingerprint = (scope: CursorScope) => JSON.stringify(Object.keys(scope).sort().map((k) => [k, scope[k] ?? null]));

export const encodeCursor = (keys: Keys, scope: CursorScope, lastId: string) => seal(keys, 'cursor', { s: fingerprint(scope), a: lastId });

/** The id to continue after. */
export function decodeCursor(keys: Keys, cursor: string, scope: CursorScope): string {
  const c = unseal(keys, 'cursor', cursor) as { s?: unknown; a?: unknown } | undefined;
  if (!c || typeof c.a !== 'string') throw validationFailed({ cursor: 'This cursor is not valid; start again from the first page.' });
  if (c.s !== fingerprint(scope)) throw validationFailed({ cursor: 'This cursor belongs to another list; start again from the first page.' });
  return c.a;
}
