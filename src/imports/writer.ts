// Writes imported threads and comments into a site, a batch at a time, inside
// the import's transaction; shared by import:wordpress and import:parley.
// A batch's INSERT is left running in PostgreSQL while the caller reads and
// prepares the next one (the same connection runs statements in order), so
// the file, the CPU and the database work at once.
//
// A comment is stored as a new one would be (comments/service.ts): its email
// encrypted and digested with the comments' own functions, its body rendered
// as imported HTML (renderHtmlBody: a WordPress body is no Markdown), its avatar seeded per site. What an import adds:
// - each comment is remembered by its source and its id there
//   (imported_comments): a second run skips what the first brought in;
// - a reply is placed under its parent wherever that parent is (this batch,
//   an earlier one, an earlier run); a reply whose parent is not to be found
//   becomes a top-level comment (counted as movedToTop);
// - a comment a reader already posted (the same words by the same email in
//   the same thread) is not stored twice: its replies go under the one there.
import { v7 } from 'uuid';
import type { CommentStatus } from '../contracts.js';
import type { Sql } from '../comments/repository.js';
import { bodyFingerprint, sanitizeRendered } from '../comments/render.js';
import { renderHtmlBody } from '../comments/render-html.js';
import { avatarSeed, avatarSeedWithoutEmail, emailDigest, encryptEmail, ipDigest } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { commentIdAt } from './ids.js';
import * as imports from './repository.js';
import type { CommentRowIn, Placement, ThreadIn } from './repository.js';

export type { ThreadIn };

export interface IncomingComment {
  /** Its id in the source: WordPress's comment_ID, or the id in a Parley backup. */
  ref: string;
  /** The ref of the comment it replies to; null for a top-level comment. */
  parentRef: string | null;
  threadKey: string;
  /** Kept as it is (a Parley backup); else minted from createdAt, `tiebreak` ordering one millisecond's comments. */
  id?: string;
  tiebreak?: number;
  status: CommentStatus;
  authorName: string;
  email: string | null;
  website: string | null;
  ip: string | null;
  userAgent: string | null;
  body: string;
  /** HTML Parley rendered before (a backup): kept, through the sanitizer again. Else rendered from body. */
  bodyHtml?: string;
  heldReasons: string[];
  /** The author asked to hear of replies (a backup's; WordPress has no such thing: false). */
  notify?: boolean;
  /** A backup's likes (their count: who liked is keyed by the old PARLEY_SECRET), edit time and badge; an import's: none. */
  likes?: number;
  editedAt?: Date | null;
  badge?: 'moderator' | null;
  createdAt: Date;
  moderatedAt: Date | null;
}

/** What an import answers, whichever its source (import:wordpress, import:parley). */
export interface ImportTotals {
  site: string;
  threads: { created: number; existing: number };
  /** Imported by this run, by status. */
  comments: Record<CommentStatus, number> & { total: number };
  /** Brought in by an earlier run (kept as they are now, even if deleted since). */
  alreadyImported: number;
  /** Replies whose parent is not imported: shown as top-level comments. */
  movedToTop: number;
}

export interface WriterCounts {
  threads: { created: number; existing: number };
  comments: Record<CommentStatus, number>;
  alreadyImported: number;
  duplicates: number;
  movedToTop: number;
}

export const emptyCounts = (): WriterCounts => ({
  threads: { created: 0, existing: 0 },
  comments: { approved: 0, pending: 0, spam: 0, rejected: 0 },
  alreadyImported: 0,
  duplicates: 0,
  movedToTop: 0,
});

/** Comments per INSERT: a few hundred kB of parameters. */
const CHUNK = 1_000;

/** What needs the secret or the renderer, done before anything is asked of the database. */
interface Prepared {
  c: IncomingComment;
  cipher: Buffer | null;
  digest: string | null;
  bodyHtml: string;
  fingerprint: string;
}

export class ImportWriter {
  readonly counts = emptyCounts();
  /** Thread key → id, for every thread of this run. */
  private readonly threadIds = new Map<string, string>();
  /** A duplicate's ref → the comment already there (few: kept for the whole run, for replies in later batches). */
  private readonly redirects = new Map<string, Placement>();
  /** The last INSERT, still running in PostgreSQL while the next batch is read and prepared. */
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly keys: Keys,
    private readonly siteId: string,
    private readonly source: string,
  ) {}

  hasThread(key: string): boolean {
    return this.threadIds.has(key);
  }

  /**
   * Threads (created where missing) and comments. A reply is placed under its
   * parent when the parent is among these comments, came in an earlier call
   * or an earlier run: parents must come before their replies across calls
   * (within one, any order); a comment's thread must be in this call or an
   * earlier one. Returns with the last INSERT still running: the caller reads
   * on meanwhile, and finish() waits for it.
   */
  async add(threads: ThreadIn[], comments: IncomingComment[]): Promise<void> {
    const ordered = parentsFirst(comments);
    // The CPU's part first (encryption, rendering), while PostgreSQL still writes the previous batch.
    const prepared = ordered.map((c) => this.prepare(c));
    await this.finish();
    await this.threads(threads);
    for (let i = 0; i < prepared.length; i += CHUNK) {
      await this.finish();
      const { written } = await this.write(prepared.slice(i, i + CHUNK));
      // Awaited by the next finish(); until then a failure must not count as unhandled.
      written.catch(() => undefined);
      this.inFlight = written;
    }
  }

  /** Waits for the last INSERT (and throws its error, if it failed). */
  async finish(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = undefined;
    await pending;
  }

  private async threads(list: ThreadIn[]): Promise<void> {
    const fresh = new Map<string, ThreadIn>();
    for (const t of list) if (!this.threadIds.has(t.key) && !fresh.has(t.key)) fresh.set(t.key, t);
    if (!fresh.size) return;
    const rows = await imports.upsertThreads(this.sql, this.siteId, [...fresh.keys()].map(() => v7()), [...fresh.values()]);
    for (const r of rows) {
      this.threadIds.set(r.key, r.id);
      if (r.created) this.counts.threads.created++;
      else this.counts.threads.existing++;
    }
  }

  /** Places a chunk (parents before their replies) and sends its INSERTs; `written` settles when they are done. */
  private async write(chunk: Prepared[]): Promise<{ written: Promise<void> }> {
    const keepsIds = chunk.some((p) => p.c.id !== undefined);
    const refs = chunk.map((p) => p.c.ref);
    const parentRefs = chunk.flatMap((p) => (p.c.parentRef !== null ? [p.c.parentRef] : []));
    const known = await imports.importedRefs(this.sql, this.siteId, this.source, [...new Set([...refs, ...parentRefs])]);
    // A backup restored before by other means (its ids are there, unrecorded): skipped, and recorded now.
    const there = keepsIds ? await imports.placements(this.sql, chunk.flatMap((p) => (p.c.id ? [p.c.id] : []))) : new Map<string, Placement>();
    const record: { refs: string[]; ids: Array<string | null> } = { refs: [], ids: [] };
    const fresh: Array<Prepared & { threadId: string }> = [];
    for (const p of chunk) {
      if (known.has(p.c.ref)) this.counts.alreadyImported++;
      else if (p.c.id && there.has(p.c.id)) {
        this.counts.alreadyImported++;
        record.refs.push(p.c.ref);
        record.ids.push(p.c.id);
      } else fresh.push({ ...p, threadId: this.threadIdOf(p.c.threadKey) });
    }
    const inChunk = new Set(fresh.map((p) => p.c.ref));

    const key = (p: { threadId: string; digest: string | null; fingerprint: string }) => `${p.threadId} ${p.digest} ${p.fingerprint}`;
    const dupes = await imports.duplicates(
      this.sql,
      fresh.flatMap((p) => (p.digest ? [{ threadId: p.threadId, emailDigest: p.digest, bodyFingerprint: p.fingerprint }] : [])),
    );
    const dupeOf = new Map<string, Placement>(dupes.map((d) => [key({ threadId: d.threadId, digest: d.emailDigest, fingerprint: d.bodyFingerprint }), d]));

    // Parents outside this chunk: by what the source brought in before, by a duplicate's stand-in, or (kept ids) by id.
    const outsideId = (ref: string) => (known.has(ref) ? known.get(ref) : keepsIds ? ref : undefined);
    const outside = new Set<string>();
    for (const { c } of fresh) {
      if (c.parentRef === null || inChunk.has(c.parentRef) || this.redirects.has(c.parentRef)) continue;
      const id = outsideId(c.parentRef);
      if (id) outside.add(id);
    }
    const placedOutside = await imports.placements(this.sql, [...outside]);
    const placed = new Map<string, Placement>();
    const parentOf = (ref: string): Placement | undefined => {
      const p = placed.get(ref) ?? this.redirects.get(ref);
      if (p) return p;
      const id = outsideId(ref);
      return id ? placedOutside.get(id) : undefined;
    };

    const rows: CommentRowIn[] = [];
    for (const p of fresh) {
      const { c } = p;
      let parent = c.parentRef !== null ? parentOf(c.parentRef) : undefined;
      if (parent && parent.threadId !== p.threadId) parent = undefined;
      const dupe = p.digest ? dupeOf.get(key(p)) : undefined;
      if (dupe) {
        this.counts.duplicates++;
        this.redirects.set(c.ref, dupe);
        record.refs.push(c.ref);
        record.ids.push(dupe.id);
        continue;
      }
      if (c.parentRef !== null && !parent) this.counts.movedToTop++;
      const id = c.id ?? commentIdAt(c.createdAt.getTime(), c.tiebreak ?? 0, parent?.id ?? null);
      const place: Placement = { id, threadId: p.threadId, depth: parent ? parent.depth + 1 : 1, rootId: parent ? (parent.rootId ?? parent.id) : null };
      placed.set(c.ref, place);
      // Later comments of this chunk with the same words by the same email are duplicates of this one.
      if (p.digest) dupeOf.set(key(p), place);
      rows.push({
        id,
        threadId: p.threadId,
        parentId: parent?.id ?? null,
        rootId: place.rootId,
        depth: place.depth,
        authorName: c.authorName,
        authorEmailCipher: p.cipher,
        authorEmailDigest: p.digest,
        authorWebsite: c.website,
        avatarSeed: p.digest ? avatarSeed(this.keys, this.siteId, p.digest) : avatarSeedWithoutEmail(this.keys, id),
        body: c.body,
        bodyHtml: p.bodyHtml,
        bodyFingerprint: p.fingerprint,
        status: c.status,
        heldReasons: c.heldReasons,
        ipDigest: c.ip ? ipDigest(this.keys, c.ip) : null,
        userAgent: c.userAgent,
        notify: c.notify ?? false,
        likeCount: c.likes ?? 0,
        editedAt: c.editedAt ?? null,
        badge: c.badge ?? null,
        createdAt: c.createdAt,
        moderatedAt: c.moderatedAt,
      });
      record.refs.push(c.ref);
      record.ids.push(id);
      this.counts.comments[c.status]++;
    }
    // Sent now, one after the other on this connection; what comes next on it waits its turn.
    const inserted = imports.insertComments(this.sql, rows);
    const recorded = imports.recordImported(this.sql, this.siteId, this.source, record.refs, record.ids);
    return { written: Promise.all([inserted, recorded]).then(() => undefined) };
  }

  private threadIdOf(key: string): string {
    const id = this.threadIds.get(key);
    if (!id) throw new Error(`thread ${key} was not given to add() before its comments`);
    return id;
  }

  /** Needs loadHtmlRenderer() resolved. */
  private prepare(c: IncomingComment): Prepared {
    const email = c.email?.trim() || null;
    return {
      c,
      cipher: email ? Buffer.from(encryptEmail(this.keys, email)) : null,
      digest: email ? emailDigest(this.keys, email) : null,
      bodyHtml: c.bodyHtml !== undefined ? sanitizeRendered(c.bodyHtml) : renderHtmlBody(c.body),
      fingerprint: bodyFingerprint(c.body),
    };
  }
}

/** The comments ordered so that a parent among them comes before its replies (by depth among them; stable otherwise). */
function parentsFirst(list: IncomingComment[]): IncomingComment[] {
  const byRef = new Map(list.map((c) => [c.ref, c]));
  const level = new Map<string, number>();
  const levelOf = (c: IncomingComment): number => {
    // Up the chain while the parent is among them; a cycle (a broken export) ends the climb.
    const chain: string[] = [];
    const seen = new Set([c.ref]);
    let ref = c.parentRef;
    while (ref !== null && byRef.has(ref) && !level.has(ref) && !seen.has(ref)) {
      chain.push(ref);
      seen.add(ref);
      ref = byRef.get(ref)!.parentRef;
    }
    let depth = ref !== null && level.has(ref) ? level.get(ref)! + 1 : 0;
    for (const r of chain.reverse()) level.set(r, depth++);
    return depth;
  };
  for (const c of list) if (!level.has(c.ref)) level.set(c.ref, levelOf(c));
  return [...list].sort((a, b) => level.get(a.ref)! - level.get(b.ref)!);
}
