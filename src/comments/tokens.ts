// The author token of the readers' API (DESIGN.md §5, revised). It carries a
// random author key that the server minted for one browser on one site, and
// only the server can read it. A token bound to an email was minted for
// anyone who typed that email; a key is held only by the browser it was given
// to, so typing someone's email shows nothing of theirs and proves nothing.
import { randomBytes } from 'node:crypto';
import { hmacHex } from '../security/crypto.js';
import type { Keys } from '../security/keys.js';
import { seal, unseal } from '../security/sealed.js';

/** 128 random bits, base64url. */
export const mintAuthorKey = () => randomBytes(16).toString('base64url');

export const issueAuthorToken = (keys: Keys, siteId: string, authorKey: string) => seal(keys, 'author', { s: siteId, k: authorKey });

/** The author key in a valid token of this site; undefined for none, a forged or malformed one, or another site's. */
export function readAuthorToken(keys: Keys, token: string | undefined, siteId: string): string | undefined {
  if (!token) return undefined;
  const payload = unseal(keys, 'author', token) as { s?: unknown; k?: unknown } | undefined;
  return payload?.s === siteId && typeof payload.k === 'string' && /^[A-Za-z0-9_-]{22}$/.test(payload.k) ? payload.k : undefined;
}

/** What is stored of a key: its keyed digest (a leaked table gives no one a token). */
export const authorKeyDigest = (keys: Keys, authorKey: string) => hmacHex(keys.digest, 'author-key', authorKey);
