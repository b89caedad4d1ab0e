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
export const ipDigest = (keys: Keys, ip: string) => hmacHex(keys.digest, 'ip', ip);

/** The identicon seed: per site, so it does not follow a reader across sites. */
export const avatarSeed = (keys: Keys, siteId: string, digest: string) => hmacHex(keys.digest, 'avatar', siteId, digest).slice(0, 20);
