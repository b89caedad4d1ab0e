// Readers' emails: stored only encrypted, compared only through a keyed digest.
import type { Keys } from './keys.js';
import { decrypt, encrypt, hmacHex } from './crypto.js';

/** Emails are compared case-insensitively (as WordPress and every mail user expects). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const encryptEmail = (keys: Keys, email: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(encrypt(keys.emailEncryption, Buffer.from(email, 'utf8'), 'email'));

export function decryptEmail(keys: Keys, box: Uint8Array): string | undefined {
  return decrypt(keys.emailEncryption, Buffer.from(box), 'email')?.toString('utf8');
}

/** 64 hex digits: equal for equal emails (any case), meaningless without PARLEY_SECRET. */
export const emailDigest = (keys: Keys, email: string) => hmacHex(keys.digest, 'email', normalizeEmail(email));

/** The client's IP, recognisable (flood limits, bans) but never stored raw. */
export function ipDigest(keys: Keys, ip: string): string {
  // Asked on every request (the per-address limits) and again by a POST; the
  // addresses seen in a minute are few next to the requests they make.
  let known = ipDigests.get(keys);
  if (!known) ipDigests.set(keys, (known = new Map()));
  let digest = known.get(ip);
  if (digest === undefined) {
    if (known.size >= MAX_KNOWN_IPS) known.clear();
    known.set(ip, (digest = hmacHex(keys.digest, 'ip', ip)));
  }
  return digest;
}
const ipDigests = new WeakMap<Keys, Map<string, string>>();
const MAX_KNOWN_IPS = 10_000;

/** The identicon seed: per site, so it does not follow a reader across sites. */
export const avatarSeed = (keys: Keys, siteId: string, digest: string) => hmacHex(keys.digest, 'avatar', siteId, digest).slice(0, 20);

/** The identicon of a moderator's replies (they give no email): the same on every reply of theirs, and telling nothing of them. */
export const avatarSeedOfModerator = (keys: Keys, moderatorId: string) => hmacHex(keys.digest, 'avatar', 'moderator', moderatorId).slice(0, 20);

/** The identicon seed of a comment with no email (none given, or erased): from its id, public anyway. */
export const avatarSeedWithoutEmail = (keys: Keys, commentId: string) => hmacHex(keys.digest, 'avatar', 'erased', commentId).slice(0, 20);
