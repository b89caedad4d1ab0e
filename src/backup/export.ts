// `export --site ID`: a site's backup on stdout (backup/format.ts), written
// as it is read, so a site with 100,000 comments never sits in memory whole.
// It holds personal data (emails in the clear: `import:parley` must encrypt
// them again under another PARLEY_SECRET), and says so in the README.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import { siteNotFound } from '../errors.js';
import { decryptEmail } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { forAdmin } from '../sites/presenter.js';
import { readSite } from '../sites/repository.js';
import { FORMAT, headerLine, LAST_LINE, sectionLine, VERSION } from './format.js';
import * as backup from './repository.js';

export interface BackupDeps {
  readonly pool: pg.Pool;
  readonly keys: Keys;
}

export interface ExportSummary {
  threads: number;
  comments: number;
  sources: number;
}

/** Text is gathered up to this size before each write to the output. */
const FLUSH_AT = 64 * 1024;

export async function exportSite(deps: BackupDeps, siteId: string, out: Writable): Promise<ExportSummary> {
  const site = await readSite(deps.pool, siteId);
  if (!site) throw siteNotFound();
  let pending = '';
  const write = async (text: string, force = false) => {
    pending += text;
    if (pending.length < FLUSH_AT && !force) return;
    const chunk = pending;
    pending = '';
    // The last chunk is waited for until it is out: the CLI exits right after, and a pipe may be asynchronous (macOS).
    if (force) await new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
    // Backpressure: a slow reader (a pipe to gzip, a disk) holds the export back rather than filling memory.
    else if (!out.write(chunk)) await once(out, 'drain');
  };
  const summary: ExportSummary = { threads: 0, comments: 0, sources: 0 };
  await inTransaction(deps.pool, async (tx) => {
    await backup.readOnlySnapshot(tx);
    await write(headerLine({ format: FORMAT, version: VERSION, exportedAt: new Date().toISOString(), site: { ...forAdmin(site).site, createdAt: site.createdAt } }));
    let sep = '\n';
    for await (const t of backup.threadsOf(tx, site.id)) {
      await write(sep + JSON.stringify(t));
      sep = ',\n';
      summary.threads++;
    }
    await write(`\n${sectionLine('comments')}`);
    sep = '\n';
    for await (const c of backup.commentsOf(tx, site.id)) {
      const authorEmail = c.authorEmailCipher ? decryptEmail(deps.keys, c.authorEmailCipher) : null;
      if (authorEmail === undefined)
        throw new Error(`the email of comment ${c.id} cannot be decrypted: is PARLEY_SECRET the one its comments were written under?`);
      const { id, thread, parentId, status, authorName, authorWebsite, body, bodyHtml, heldReasons, userAgent, notify, likes, editedAt, badge, createdAt, moderatedAt } = c;
      const entry = { id, thread, parentId, status, authorName, authorEmail, authorWebsite, body, bodyHtml, heldReasons, userAgent, notify, likes, editedAt, badge, createdAt, moderatedAt };
      await write(sep + JSON.stringify(entry));
      sep = ',\n';
      summary.comments++;
    }
    await write(`\n${sectionLine('sources')}`);
    sep = '\n';
    for await (const s of backup.sourcesOf(tx, site.id)) {
      await write(sep + JSON.stringify(s));
      sep = ',\n';
      summary.sources++;
    }
    await write(`\n${LAST_LINE}\n`, true);
  });
  return summary;
}
