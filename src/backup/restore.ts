// `import:parley FILE`: a backup (`export`) restored, into this database and
// under this PARLEY_SECRET, in one transaction: nothing of a bad file stays.
//
// - The site keeps its id (every embed snippet keeps working after a move).
//   When a site with that id exists already, the comments go into it and its
//   settings stay as they are: that is a second run of the same restore.
// - Comments keep their ids, threading, statuses, dates and held reasons;
//   emails are encrypted and digested again under this database's secret,
//   avatars seeded again from them; the HTML Parley rendered is kept, through
//   the sanitizer again. Address digests and author keys are HMACs under the
//   old secret and cannot come along: old author tokens no longer show their
//   holders' pending comments.
// - Each comment is remembered under the source "parley": a second run brings
//   nothing in twice, not even a comment deleted since.
import path from 'node:path';
import { loadHtmlRenderer } from '../comments/render-html.js';
import { inTransaction } from '../db/transaction.js';
import { BadImportFile } from '../errors.js';
import type { Progress, ProgressState } from '../imports/progress.js';
import { lockSiteImports } from '../imports/repository.js';
import { ImportWriter, type ImportTotals, type IncomingComment, type ThreadIn } from '../imports/writer.js';
import type { BackupDeps } from './export.js';
import type { BackupComment, BackupSource } from './format.js';
import { openBackup } from './reader.js';
import * as backup from './repository.js';

export interface ParleyRestore extends ImportTotals {
  /** False when the site was there already (its settings were left as they are). */
  siteCreated: boolean;
  /** Comments already there under another id (the same words by the same email in the same thread): not stored twice. */
  duplicates: number;
}

const BATCH = 1_000;
export const RESTORE_SOURCE = 'parley';

const incoming = (c: BackupComment): IncomingComment => ({
  ref: c.id,
  parentRef: c.parentId,
  threadKey: c.thread,
  id: c.id,
  status: c.status,
  authorName: c.authorName,
  email: c.authorEmail,
  website: c.authorWebsite,
  ip: null,
  userAgent: c.userAgent,
  body: c.body,
  bodyHtml: c.bodyHtml,
  heldReasons: c.heldReasons,
  // Kept only with the address it is about (an erased comment has none to write to).
  notify: c.notify && c.authorEmail !== null,
  likes: c.likes,
  editedAt: c.editedAt,
  badge: c.badge,
  createdAt: c.createdAt,
  moderatedAt: c.moderatedAt,
});

export async function importParley(deps: BackupDeps, input: { file: string; progress?: Progress }): Promise<ParleyRestore> {
  const state: ProgressState = { comments: 0, threads: 0, bytes: 0 };
  const { header, entries } = await openBackup(input.file, { onBytes: (n) => (state.bytes = n) });
  const site = header.site;
  await loadHtmlRenderer();

  const { writer, created } = await inTransaction(deps.pool, async (tx) => {
    await lockSiteImports(tx, site.id);
    const created = await backup.createSite(tx, site);
    const writer = new ImportWriter(tx, deps.keys, site.id, RESTORE_SOURCE);
    let threads: ThreadIn[] = [];
    let comments: IncomingComment[] = [];
    let sources: BackupSource[] = [];
    const flush = async () => {
      await writer.add(threads, comments);
      if (sources.length) {
        await writer.finish();
        await backup.restoreSources(tx, site.id, sources);
      }
      threads = [];
      comments = [];
      sources = [];
    };
    for await (const entry of entries) {
      if (entry.kind === 'threads') {
        threads.push(entry.value);
        state.threads++;
      } else if (entry.kind === 'comments') {
        // Threads come first in a backup: all of them are in before the first comment is placed.
        if (threads.length) await flush();
        if (!writer.hasThread(entry.value.thread))
          throw new BadImportFile(path.basename(input.file), entry.line, `comment ${entry.value.id}: its thread "${entry.value.thread}" is not among the threads`);
        comments.push(incoming(entry.value));
        state.comments++;
      } else sources.push(entry.value);
      if (threads.length + comments.length + sources.length >= BATCH) await flush();
      input.progress?.update(state);
    }
    await flush();
    await writer.finish();
    return { writer, created };
  });
  input.progress?.done(state);

  const { comments } = writer.counts;
  return {
    site: site.id,
    siteCreated: created,
    threads: writer.counts.threads,
    comments: { ...comments, total: comments.approved + comments.pending + comments.spam + comments.rejected },
    alreadyImported: writer.counts.alreadyImported,
    duplicates: writer.counts.duplicates,
    movedToTop: writer.counts.movedToTop,
  };
}
