// Generates the Prisma client into src/generated/prisma when schema.prisma
// changed since the last generation (a hash stamp beside the output), so
// `npm start` and `npm test` stay fast after the first run.
//
// `prisma generate` does not use the schema engine, but Prisma 7 insists on
// locating one and tries to download it when none is named; where downloads
// are impossible that fails. Naming any existing file satisfies the check
// (DESIGN.md §2). A real engine named by the user is left untouched.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = path.join(root, 'prisma', 'schema.prisma');
const outDir = path.join(root, 'src', 'generated', 'prisma');
const stampPath = path.join(outDir, '.schema-sha256');

export function generatePrismaClient({ quiet = false } = {}) {
  const hash = createHash('sha256').update(readFileSync(schemaPath)).digest('hex');
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash) return false;
  const prismaCli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
  const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write('prisma generate failed\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampPath, hash);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) generatePrismaClient();
