// Builds everything `npm start`, `npm test` and `npm run cli` run:
//   1. the Prisma client (only when schema.prisma changed),
//   2. the server and CLI bundles in dist/ (esbuild; dependencies stay in node_modules),
//   3. the browser bundles (client-widget/build.mjs).
// Type checking is `npm run typecheck`; esbuild only strips types, which keeps
// a start a second or two away from a change.
// --quiet prints nothing on success, so `npm run cli` keeps stdout for JSON.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { generatePrismaClient } from './prisma-generate.mjs';
import { buildClients } from '../client-widget/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const say = (line) => { if (!quiet) process.stderr.write(`${line}\n`); };

const started = Date.now();
if (generatePrismaClient({ quiet })) say('prisma client generated');

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: quiet ? 'error' : 'warning',
});
say('server: dist/main.js, dist/cli.js');

await buildClients({ quiet });
say(`build done in ${Date.now() - started} ms`);
