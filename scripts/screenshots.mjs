// npm run screenshots: runs every scripts/screenshots/*.mjs in turn (each
// starts its own server, seeds it and saves PNGs under screenshots/, which git
// ignores), so what the pages look like can be checked by eye after a change.
// `npm run screenshots -- dashboard` runs only the scripts whose names match.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'scripts', 'screenshots');
const only = process.argv.slice(2);
await build({ quiet: true });
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  process.stderr.write(`screenshots: ${file}\n`);
  const { status } = spawnSync(process.execPath, [path.join(dir, file)], { cwd: root, stdio: 'inherit' });
  if (status !== 0) {
    failed++;
    process.stderr.write(`screenshots: ${file} failed (exit ${status})\n`);
  }
}
process.exit(failed ? 1 : 0);
