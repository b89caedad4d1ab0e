import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canReach, type OsUser } from '../../../src/db/embedded/access.js';

// Someone who owns nothing here and belongs to no group of ours.
const stranger: OsUser = { name: 'stranger', uid: 54321, gid: 54321, groups: [54321] };

function tree() {
  const root = mkdtempSync(path.join(tmpdir(), 'parley-access-'));
  chmodSync(root, 0o755);
  const open = path.join(root, 'open');
  const closed = path.join(root, 'closed');
  mkdirSync(path.join(open, 'bin'), { recursive: true, mode: 0o755 });
  mkdirSync(path.join(closed, 'bin'), { recursive: true });
  chmodSync(closed, 0o700);
  for (const dir of [open, closed]) {
    writeFileSync(path.join(dir, 'bin', 'postgres'), '#!/bin/sh\n', { mode: 0o755 });
  }
  return { root, open, closed };
}

describe('canReach', () => {
  it('lets another user reach a file when every directory on the way is traversable', () => {
    const { open } = tree();
    expect(canReach(path.join(open, 'bin', 'postgres'), stranger, 'rx')).toBe(true);
  });

  it('stops at a directory of mode 700 owned by someone else (a clone under /root)', () => {
    const { closed } = tree();
    expect(canReach(path.join(closed, 'bin', 'postgres'), stranger, 'rx')).toBe(false);
    expect(canReach(closed, stranger, 'x')).toBe(false);
  });

  it('judges a symbolic link by where it leads', () => {
    const { root, closed } = tree();
    const link = path.join(root, 'link-to-closed');
    symlinkSync(closed, link);
    expect(canReach(path.join(link, 'bin', 'postgres'), stranger, 'rx')).toBe(false);
  });

  it('checks the permission asked for on the target itself', () => {
    const { open } = tree();
    const file = path.join(open, 'bin', 'postgres');
    chmodSync(file, 0o700);
    expect(canReach(file, stranger, 'rx')).toBe(false);
  });

  it('counts a path that does not exist as unreachable', () => {
    expect(canReach('/definitely/not/here', stranger)).toBe(false);
  });
});
