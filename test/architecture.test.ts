// Rules of the house that a reviewer would otherwise have to remember.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

const srcDir = path.join(projectRoot, 'src');
const sources = (readdirSync(srcDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.startsWith(`generated${path.sep}`))
  .map((f) => ({ file: f, text: readFileSync(path.join(srcDir, f), 'utf8') }));

describe('the source tree', () => {
  it('reads the environment in config.ts only', () => {
    const readers = sources.filter((s) => /process\.env\b/.test(s.text)).map((s) => s.file);
    expect(readers).toEqual(['config.ts']);
  });

  it('has no console.log: output goes through the logger or, for people, stdout on purpose', () => {
    expect(sources.filter((s) => /console\.log\(/.test(s.text)).map((s) => s.file)).toEqual([]);
  });
});
