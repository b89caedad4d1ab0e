// npm run screenshots: builds, then runs every scripts/screenshots/*.mjs in
// turn; each starts its own Parley on a database of its own (a fresh one on
// TEST_DATABASE_URL's or DATABASE_URL's server, else the embedded PostgreSQL)
// and saves PNGs to screenshots/ (not committed) to look at by eye.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run(['scripts/build.mjs', '--quiet']) !== 0) process.exit(1);
let failed = 0;
const only = process.argv.slice(2);
for (const f of readdirSync(path.join(root, 'scripts/screenshots')).filter((f) => f.endsWith('.mjs')).sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  process.stderr.write(`screenshots: ${f}\n`);
  if (run([path.join('scripts/screenshots', f)]) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
