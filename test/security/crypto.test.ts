import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, randomFromPool } from '../../src/security/crypto.js';

describe('encryption', () => {
  const key = randomBytes(32);

  it('never reuses a nonce, across refills of the random pool', () => {
    // 2,000 boxes draw 24 KB of nonces: the 4 KiB pool refills several times.
    const nonces = Array.from({ length: 2_000 }, () => encrypt(key, Buffer.from('same text')).subarray(0, 12).toString('hex'));
    expect(new Set(nonces).size).toBe(2_000);
  });

  it('opens what it sealed, and only in the same context', () => {
    const box = encrypt(key, Buffer.from('reader@example.com'), 'email');
    expect(decrypt(key, box, 'email')?.toString()).toBe('reader@example.com');
    expect(decrypt(key, box, 'other')).toBeUndefined();
  });

  it('hands out bytes of the size asked that a later refill of the pool does not change', () => {
    const a = randomFromPool(64);
    const kept = Buffer.from(a);
    const b = randomFromPool(4_090); // more than is left: the pool refills
    expect([a.length, b.length]).toEqual([64, 4_090]);
    expect(a.equals(kept)).toBe(true);
    expect(b.subarray(0, 64).equals(a)).toBe(false);
  });
});
