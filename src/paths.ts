// Where the project's own files are, whether running from src/ (tests) or
// from the dist/ bundle (npm start): the nearest ancestor with our package.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'parley') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Parley's package.json not found above ${from}`);
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');
export const publicDir = path.join(projectRoot, 'dist', 'public');
