// import:wordpress: a WordPress export (WXR) into a site, in one transaction.
// The file streams through (imports/wxr.ts), a batch of posts at a time goes
// to the database (imports/writer.ts), and nothing is committed until the
// whole file has been read: a file that turns out bad on its last line leaves
// nothing behind. Only one import per site runs at a time, on any instance.
//
// Nothing is announced live: readers see the imported comments on their next
// page view (the threads' versions, and so the pages' ETags, moved with the
// insert), and moderators find the pending ones in their queue.
import type pg from 'pg';
import { loadHtmlRenderer } from '../comments/render-html.js';
import { inTransaction } from '../db/transaction.js';
import { siteNotFound } from '../errors.js';
import type { Keys } from '../security/keys.js';
import { readSite } from '../sites/repository.js';
import type { Progress, ProgressState } from './progress.js';
import { lockSiteImports } from './repository.js';
import { noneSkipped, planPost, sourceOf, type PlannedPost, type Skipped, type Tally } from './wordpress.js';
import { ImportWriter, type ImportTotals } from './writer.js';
import { readWxr } from './wxr.js';

export interface ImportDeps {
  readonly pool: pg.Pool;
  readonly keys: Keys;
}

export interface WordPressImport extends ImportTotals {
  /** Which blog, as remembered for the next run ("wordpress:blog.example"). */
  source: string;
  skipped: Skipped;
}

/** Comments per round of writes: the posts read so far go to the database once they hold this many. */
const BATCH = 1_000;

export async function importWordPress(deps: ImportDeps, input: { siteId: string; file: string; progress?: Progress }): Promise<WordPressImport> {
  const site = await readSite(deps.pool, input.siteId);
  if (!site) throw siteNotFound();
  await loadHtmlRenderer();
  const tally: Tally = { skipped: noneSkipped(), movedToTop: 0 };
  const state: ProgressState = { comments: 0, threads: 0, bytes: 0 };
  const reader = readWxr(input.file, { onBytes: (bytes) => (state.bytes = bytes) });

  const result = await inTransaction(deps.pool, async (tx) => {
    await lockSiteImports(tx, site.id);
    let writer: ImportWriter | undefined;
    let batch: PlannedPost[] = [];
    let size = 0;
    const flush = async () => {
      // The blog's address comes before its first post: known by the first flush.
      writer ??= new ImportWriter(tx, deps.keys, site.id, sourceOf(reader.channel));
      await writer.add(
        batch.map((p) => p.thread),
        batch.flatMap((p) => p.comments),
      );
      batch = [];
      size = 0;
    };
    for await (const post of reader.posts()) {
      state.comments += post.comments.length;
      if (post.comments.length) state.threads++;
      const planned = planPost(post, tally);
      if (planned) {
        batch.push(planned);
        size += planned.comments.length;
        if (size >= BATCH) await flush();
      }
      input.progress?.update(state);
    }
    if (batch.length) await flush();
    await writer?.finish();
    return writer;
  });
  input.progress?.done(state);

  const counts = result?.counts;
  const comments = counts?.comments ?? { approved: 0, pending: 0, spam: 0, rejected: 0 };
  return {
    site: site.id,
    source: sourceOf(reader.channel),
    threads: counts?.threads ?? { created: 0, existing: 0 },
    comments: { ...comments, total: comments.approved + comments.pending + comments.spam + comments.rejected },
    alreadyImported: counts?.alreadyImported ?? 0,
    skipped: { ...tally.skipped, duplicate: counts?.duplicates ?? 0 },
    movedToTop: tally.movedToTop + (counts?.movedToTop ?? 0),
  };
}

