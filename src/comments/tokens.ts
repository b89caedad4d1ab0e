// The author token of the readers' API.
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
