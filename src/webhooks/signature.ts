// Webhook signatures. Each site has its own signing secret, derived from
// PARLEY_SECRET and the site's id (nothing stored; the same on every
// instance), shown to admins with the site's settings. A call carries
//
//   X-Parley-Timestamp: <unix seconds>
//   X-Parley-Signature: sha256=<hex HMAC-SHA256, keyed with the secret, of "<timestamp>.<raw body>">
//
// A receiver recomputes it over the raw body, compares in constant time, and
// refuses a timestamp more than 5 minutes off (a replayed call).
import { createHmac } from 'node:crypto';
import type { Keys } from '../security/keys.js';

export const SIGNATURE_HEADER = 'X-Parley-Signature';
export const TIMESTAMP_HEADER = 'X-Parley-Timestamp';

/** The site's signing secret: `whsec_` and 43 base64url characters (256 bits). */
export const webhookSecret = (keys: Keys, siteId: string) =>
  `whsec_${createHmac('sha256', keys.webhooks).update(`site\u0000${siteId}`).digest('base64url')}`;

/** The X-Parley-Signature value of a body sent at `timestamp` (unix seconds). */
export const signature = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
