// Independent keys for each purpose, derived from PARLEY_SECRET with HKDF, so
// that no two mechanisms ever share a key.
import { hkdfSync } from 'node:crypto';

export interface Keys {
  /** AES-256-GCM key for stored emails. */
  readonly emailEncryption: Buffer;
  /** HMAC-SHA256 key for email and IP digests (equality without plaintext). */
  readonly digest: Buffer;
  /** AES-256-GCM key for sealed tokens (author, form, cursors): opaque and unforgeable. */
  readonly tokens: Buffer;
  /** HMAC-SHA256 key for mail unsubscribe links: an address's digest and the token's signature (mail/unsubscribe.ts). */
  readonly unsubscribe: Buffer;
  /** HMAC-SHA256 key from which each site's webhook signing secret derives (webhooks/signature.ts). */
  readonly webhooks: Buffer;
}

const derive = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'parley', `parley:${purpose}`, 32));

export function deriveKeys(secret: string): Keys {
  return Object.freeze({
    emailEncryption: derive(secret, 'email-encryption'),
    digest: derive(secret, 'digest'),
    tokens: derive(secret, 'tokens'),
    unsubscribe: derive(secret, 'unsubscribe'),
    webhooks: derive(secret, 'webhooks'),
  });
}
