// Can a given OS user reach a path? As root, the embedded PostgreSQL runs as
// the `postgres` user, which cannot enter, say, a clone under /root (mode 700).
// Checked from the mode bits of every directory on the way, before starting,
// instead of discovering it from a crashed child process.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups as well as the primary one. */
  readonly groups: readonly number[];
}

type Permission = 'x' | 'rx' | 'rwx';
const BITS: Record<Permission, number> = { x: 1, rx: 5, rwx: 7 };

function allows(mode: number, owner: number, group: number, user: OsUser, want: number): boolean {
  if (user.uid === 0) return true;
  const bits = owner === user.uid ? (mode >> 6) & 7 : user.groups.includes(group) ? (mode >> 3) & 7 : mode & 7;
  return (bits & want) === want;
}

/**
 * True when `user` can traverse every directory from the root down to
 * `target` and has `last` permissions on `target` itself. Symbolic links are
 * resolved first, so the directories of their targets are the ones checked.
 */
export function canReach(target: string, user: OsUser, last: Permission = 'x'): boolean {
  let absolute: string;
  try {
    absolute = realpathSync.native(target);
  } catch {
    return false;
  }
  const parts = absolute.split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (let i = 0; i <= parts.length; i++) {
    let st;
    try {
      st = statSync(current);
    } catch {
      return false;
    }
    const isTarget = i === parts.length;
    const want = isTarget ? BITS[last] : BITS.x;
    if (st.isDirectory() && !allows(st.mode, st.uid, st.gid, user, want)) return false;
    if (!st.isDirectory() && isTarget && !allows(st.mode, st.uid, st.gid, user, want)) return false;
    if (isTarget) return true;
    current = path.join(current, parts[i]!);
  }
  return true;
}
