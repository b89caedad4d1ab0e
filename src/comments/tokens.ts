// The author token of the readers' API (DESIGN.md §5, revised). It carries a
// random author key that the server minted for one browser on one site, and
// only the server can read it. A token bound to an email was minted for
// anyone who typed that email; a key is held only by the browser it was given
// to, so typing someone's email shows nothing of theirs and proves nothing.
import { hmacHex, randomFromPool } from '../security/crypto.js';
import type { Keys } from '../security/keys.js';
import { seal, unseal } from '../security/sealed.js';

/** 128 random bits, base64url. */
export const mintAuthorKey = () => randomFromPool(16).toString('base64url');

export const issueAuthorToken = (keys: Keys, siteId: string, authorKey: string) => seal(keys, 'author', { s: siteId, k: authorKey });

/** The author key in a valid token of this site; undefined for none, a forged or malformed one, or another site's. */
export function readAuthorToken(keys: Keys, token: string | undefined, siteId: string): string | undefined {
  if (!token) return undefined;
  const payload = unseal(keys, 'author', token) as { s?: unknown; k?: unknown } | undefined;
  return payload?.s === siteId && typeof payload.k === 'string' && /^[A-Za-z0-9_-]{22}$/.test(payload.k) ? payload.k : undefined;
}

/** What is stored of a key: its keyed digest (a leaked table gives no one a token). */
export const authorKeyDigest = (keys: Keys, authorKey: string) => hmacHex(keys.digest, 'author-key', authorKey);

// The form token (DESIGN.md §5): sealed, it says when the comment form of a
// site was shown. People take seconds to write; a script that posts at once,
// or without ever fetching the form, is held for a moderator, never refused.

/** A form token lives this long and may be reused within it (one page, several comments). */
export const FORM_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export const issueFormToken = (keys: Keys, siteId: string, now = Date.now()) => seal(keys, 'form', { s: siteId, t: now });

/** Milliseconds since a valid form token of this site was issued; undefined for none, a forged, expired or other site's. */
export function formTokenAge(keys: Keys, token: string | undefined, siteId: string, now = Date.now()): number | undefined {
  if (!token) return undefined;
  const payload = unseal(keys, 'form', token) as { s?: unknown; t?: unknown } | undefined;
  if (payload?.s !== siteId || typeof payload.t !== 'number') return undefined;
  const age = now - payload.t;
  // A token from the future (clocks of two instances apart) counts as just issued.
  return age <= FORM_TOKEN_TTL_MS ? Math.max(age, 0) : undefined;
}
