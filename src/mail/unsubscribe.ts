// One-click unsubscribe links (RFC 8058). A token names a list and an
// address, and is signed:
//
//   <list>.<address digest>.<signature>      r.k3Jx…(43).Qm9…(22)
//
// - the address digest is an HMAC of the normalised email under a key of its
//   own (keys.unsubscribe): it does not reveal the email, and it is not the
//   digest comments are stored with (that one never leaves the server);
// - the signature (an HMAC of list and digest, 128 bits) makes a token for
//   any other address or list impossible to make without PARLEY_SECRET, so a
//   token unsubscribes the address it was sent to from that list, nothing
//   else: it names no comment, site or moderator, and grants nothing.
// The same address gets the same token in every message, so one click covers
// everything sent before and after.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hmacHex } from '../security/crypto.js';
import { normalizeEmail } from '../security/email.js';
import type { Keys } from '../security/keys.js';

/** reader: reply (and approval) notifications; moderator: the digest of pending comments. */
export type MailList = 'reader' | 'moderator';

const PREFIX: Record<MailList, string> = { reader: 'r', moderator: 'm' };
const LIST_OF: Record<string, MailList> = { r: 'reader', m: 'moderator' };

/** 64 hex digits: how an unsubscribed address is stored and looked up. */
export const addressDigest = (keys: Keys, email: string) => hmacHex(keys.unsubscribe, 'address', normalizeEmail(email));

const signature = (keys: Keys, list: MailList, digest: string) =>
  createHmac('sha256', keys.unsubscribe).update(`token\u0000${list}\u0000${digest}`).digest().subarray(0, 16);

export function unsubscribeToken(keys: Keys, list: MailList, email: string): string {
  const digest = addressDigest(keys, email);
  return `${PREFIX[list]}.${Buffer.from(digest, 'hex').toString('base64url')}.${signature(keys, list, digest).toString('base64url')}`;
}

/** What a token unsubscribes, or undefined when it is malformed, altered or forged. */
export function readUnsubscribeToken(keys: Keys, token: unknown): { list: MailList; addressDigest: string } | undefined {
  if (typeof token !== 'string') return undefined;
  const m = /^([rm])\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return undefined;
  const list = LIST_OF[m[1]!]!;
  const digest = Buffer.from(m[2]!, 'base64url');
  const given = Buffer.from(m[3]!, 'base64url');
  if (digest.length !== 32 || given.length !== 16) return undefined;
  const hex = digest.toString('hex');
  return timingSafeEqual(given, signature(keys, list, hex)) ? { list, addressDigest: hex } : undefined;
}

/** The page behind the link (GET shows a button; POST, RFC 8058's one click, unsubscribes). */
export const unsubscribeUrl = (origin: string, token: string) => `${origin}/api/unsubscribe?token=${token}`;

/** The headers that give mail programs their own Unsubscribe button, acting in one click (RFC 2369, RFC 8058). */
export const unsubscribeHeaders = (url: string) => ({
  'List-Unsubscribe': `<${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});
