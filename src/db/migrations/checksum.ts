// Prisma Migrate's checksum of a migration script: the SHA-256 of the file's
// bytes, as 64 lower-case hex digits. When comparing, Prisma also accepts the
// script with its line endings flipped (git may rewrite them), and so do we.
import { createHash } from 'node:crypto';

export const migrationChecksum = (script: string): string => createHash('sha256').update(script, 'utf8').digest('hex');

export function checksumMatches(script: string, recorded: string): boolean {
  return [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')].some(
    (variant) => migrationChecksum(variant) === recorded,
  );
}
