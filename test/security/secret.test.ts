import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deriveKeys } from '../../src/security/keys.js';
import { resolveSecret } from '../../src/security/secret.js';

describe('PARLEY_SECRET', () => {
  it('is generated once in the embedded default, kept in the data dir readable by its owner only', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'parley-secret-')), 'data');
    const config = loadConfig({ PARLEY_DATA_DIR: dataDir });
    const first = resolveSecret(config);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveSecret(config)).toBe(first);
    const file = path.join(dataDir, 'secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('comes from the environment when set', () => {
    const secret = 'an-operator-chosen-secret-of-enough-length';
    expect(resolveSecret(loadConfig({ PARLEY_SECRET: secret, PARLEY_DATA_DIR: '/nonexistent' }))).toBe(secret);
  });

  it('yields a separate key for each purpose, stable for the same secret', () => {
    const a = deriveKeys('a'.repeat(40));
    const again = deriveKeys('a'.repeat(40));
    const b = deriveKeys('b'.repeat(40));
    expect(a.digest.equals(again.digest)).toBe(true);
    expect(new Set([a.digest, a.emailEncryption, a.tokens, b.digest].map((k) => k.toString('hex'))).size).toBe(4);
    expect(a.emailEncryption).toHaveLength(32);
  });
});
