import { describe, expect, it } from 'vitest';
import { deriveKeys } from '../../src/security/keys.js';
import { seal, unseal } from '../../src/security/sealed.js';
import { decryptEmail, encryptEmail, emailDigest } from '../../src/security/email.js';

const keys = deriveKeys('k'.repeat(40));
const otherKeys = deriveKeys('o'.repeat(40));

describe('sealed tokens', () => {
  it('open with the same key and purpose only', () => {
    const token = seal(keys, 'author', { d: 'abc' });
    expect(unseal(keys, 'author', token)).toEqual({ d: 'abc' });
    expect(unseal(keys, 'cursor', token)).toBeUndefined();
    expect(unseal(otherKeys, 'author', token)).toBeUndefined();
  });

  it('do not open once any character changes', () => {
    const token = seal(keys, 'cursor', { a: 1 });
    for (let i = 0; i < token.length; i += 7) {
      const altered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(unseal(keys, 'cursor', altered)).toBeUndefined();
    }
  });

  it('say nothing readable about their content', () => {
    const token = seal(keys, 'author', { d: 'readable-content' });
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('readable');
    expect(seal(keys, 'author', { d: 'same' })).not.toBe(seal(keys, 'author', { d: 'same' }));
  });
});

describe('emails', () => {
  it('encrypt to a different box each time and decrypt back', () => {
    const a = encryptEmail(keys, 'x@example.com');
    const b = encryptEmail(keys, 'x@example.com');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(decryptEmail(keys, a)).toBe('x@example.com');
    expect(decryptEmail(otherKeys, a)).toBeUndefined();
  });

  it('digest equally whatever the case or surrounding space, and differently per secret', () => {
    expect(emailDigest(keys, ' X@Example.COM ')).toBe(emailDigest(keys, 'x@example.com'));
    expect(emailDigest(keys, 'x@example.com')).not.toBe(emailDigest(otherKeys, 'x@example.com'));
  });
});
