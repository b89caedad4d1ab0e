// The two primitives every secret-keyed feature is built from: authenticated
// encryption (AES-256-GCM) and keyed digests (HMAC-SHA256).
import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';

const NONCE = 12;
const TAG = 16;

// Random bytes for the per-comment nonces and keys, drawn from a pool the
// system's CSPRNG refills 4 KiB at a time: one system call per ~200 comments
// instead of two per comment (uuid draws its randomness the same way). Each
// byte is handed out once.
const pool = Buffer.alloc(4096);
let taken = pool.length;

export function randomFromPool(size: number): Buffer {
  if (size > pool.length) return randomFillSync(Buffer.alloc(size));
  if (taken + size > pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  const bytes = Buffer.from(pool.subarray(taken, taken + size));
  taken += size;
  return bytes;
}

/** nonce ‖ tag ‖ ciphertext. `context` is bound in as associated data. */
export function encrypt(key: Buffer, plaintext: Buffer, context = ''): Buffer {
  const nonce = randomFromPool(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), data]);
}

/** The plaintext, or undefined when the box was forged, altered or sealed for another context. */
export function decrypt(key: Buffer, box: Buffer, context = ''): Buffer | undefined {
  if (box.length < NONCE + TAG) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(box.subarray(NONCE, NONCE + TAG));
    return Buffer.concat([decipher.update(box.subarray(NONCE + TAG)), decipher.final()]);
  } catch {
    return undefined;
  }
}

export const hmacHex = (key: Buffer, ...parts: string[]) => createHmac('sha256', key).update(parts.join('\u0000')).digest('hex');
