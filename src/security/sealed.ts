// Sealed tokens: JSON encrypted and authenticated with the tokens key, in
// base64url. Nobody but the server can read one, and an altered or forged
// token, or one sealed for another purpose, does not open.
import type { Keys } from './keys.js';
import { decrypt, encrypt } from './crypto.js';

export type TokenPurpose = 'author' | 'cursor' | 'form';

export const seal = (keys: Keys, purpose: TokenPurpose, payload: unknown): string =>
  encrypt(keys.tokens, Buffer.from(JSON.stringify(payload)), purpose).toString('base64url');

export function unseal(keys: Keys, purpose: TokenPurpose, token: string): unknown {
  if (token.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const plain = decrypt(keys.tokens, Buffer.from(token, 'base64url'), purpose);
  if (!plain) return undefined;
  try {
    return JSON.parse(plain.toString('utf8'));
  } catch {
    return undefined;
  }
}
