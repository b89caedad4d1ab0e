// PARLEY_SECRET keys every HMAC and the email encryption. In the embedded
// default it is generated once and kept in the data dir (mode 600), so a
// restart can still read what it wrote.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, 'secret');
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // Not created yet.
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o755 });
  const secret = randomBytes(32).toString('hex');
  // 'wx': if another process created it meanwhile, use theirs.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
