// `npm start` and `npm test` build what changed first (scripts/build.mjs):
// on an unchanged tree that must be a hash of the inputs, not a build, or
// every start pays for one (it did: ~0.6 s, unseen, once the manifest held
// the widget's languages as a map).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

describe('the build before a start', () => {
  it('builds nothing when nothing changed since the last build (the test run’s setup has just built)', () => {
    const run = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'build.mjs')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr.trim()).toBe('build: nothing changed since the last build (--force builds all the same)');
  });
});
