// Builds everything `npm start`, `npm test` and `npm run cli` run:
//   1. the Prisma client (only when schema.prisma changed),
//   2. the server and CLI bundles in dist/ (esbuild; dependencies stay in node_modules),
//   3. the browser bundles (client-widget/build.mjs).
// Type checking is `npm run typecheck`; esbuild only strips types, which keeps
// a start a second or two away from a change.
// Steps 2 and 3 are skipped when their inputs (INPUTS: sources, build scripts,
// schema, lock file) hash as they did at the last build (dist/.build-sha256)
// and its outputs are there: a start on an unchanged tree costs a hash of
// ~1.5 MB (~20 ms), not a build (~400 ms). --force builds all the same.
// --quiet prints nothing on success, so `npm run cli` keeps stdout for JSON.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { generatePrismaClient } from './prisma-generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['src', 'client-widget', 'scripts/build.mjs', 'scripts/prisma-generate.mjs', 'prisma/schema.prisma', 'package.json', 'package-lock.json', 'tsconfig.json'];
const stampPath = path.join(root, 'dist', '.build-sha256');

/** A hash of every input file's path and bytes. */
function inputsHash() {
  const hash = createHash('sha256');
  const add = (rel) => {
    const full = path.join(root, rel);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.isDirectory()) for (const name of readdirSync(full).sort()) add(path.join(rel, name));
    else if (stat?.isFile()) hash.update(`${rel}\0`).update(readFileSync(full)).update('\0');
    else hash.update(`${rel}\0missing\0`);
  };
  for (const input of INPUTS) add(input);
  return hash.digest('hex');
}

/** The bundles the last build wrote are all there. */
function outputsPresent() {
  const manifest = path.join(root, 'dist', 'public', 'manifest.json');
  if (![path.join(root, 'dist', 'main.js'), path.join(root, 'dist', 'cli.js'), manifest].every(existsSync)) return false;
  try {
    // Values are file names, or lists and maps of them (the widget's languages).
    const files = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(files));
    return files(JSON.parse(readFileSync(manifest, 'utf8'))).every((f) => existsSync(path.join(root, 'dist', 'public', f)));
  } catch {
    return false;
  }
}

/** Builds what changed (everything with `force`); answers whether it built. scripts/start.mjs calls it before starting the server in-process. */
export async function build({ quiet = false, force = false } = {}) {
  const say = (line) => { if (!quiet) process.stderr.write(`${line}\n`); };
  const started = Date.now();
  if (generatePrismaClient({ quiet })) say('prisma client generated');

  const inputs = inputsHash();
  if (!force && outputsPresent() && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === inputs) {
    say('build: nothing changed since the last build (--force builds all the same)');
    return false;
  }
  rmSync(stampPath, { force: true });
  rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });
  const esbuild = await import('esbuild');
  const { buildClients } = await import('../client-widget/build.mjs');

  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    // Code loaded on demand (the Prisma client: db/client.ts) goes to its own
    // chunk, so a start does not parse it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  say('server: dist/main.js, dist/cli.js');

  await buildClients({ quiet });
  // The server may run in this process next (scripts/start.mjs): no build service left behind.
  await esbuild.stop();
  writeFileSync(stampPath, inputs);
  say(`build done in ${Date.now() - started} ms`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await build({ quiet: process.argv.includes('--quiet'), force: process.argv.includes('--force') });
}
