// Readers' data rights, with WordPress's personal-data tools as the model
// (DESIGN.md §3): export everything a person wrote, or erase them from it.
// Used by the CLI (by: null, an operator) and the admins' API (by: the admin).
//
// A person is found by the keyed digest of their email (case-insensitive),
// never by decrypting every stored email. An erasure commits in one
// transaction with its audit entries, which never hold the email, a name or
// content; live readers hear of it only after the commit.
import type { Db } from '../db/client.js';
import type { EventBus, ModeratorRef } from '../events/bus.js';
import { deleteKeepingReplies } from '../moderation/repository.js';
import { hmacHex } from '../security/crypto.js';
import { emailDigest } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { forDataSubject, type ErasureResult, type PersonalDataExport } from './presenter.js';
import * as privacy from './repository.js';

export interface PrivacyDeps {
  readonly db: Db;
  readonly keys: Keys;
  readonly events: EventBus;
}

export interface Requester {
  /** The admin who asked; null for an operator at the command line. */
  readonly by: ModeratorRef | null;
}

/** An erasure may touch thousands of comments: more time than a status change. */
const ERASURE_TIMEOUT_MS = 120_000;

/** An erased comment's identicon seed: from its id (public anyway), no longer from the email. */
const erasedAvatarSeed = (keys: Keys, commentId: string) => hmacHex(keys.digest, 'avatar', 'erased', commentId).slice(0, 20);

/** Every comment by this email, on every site, in every status; the request itself is audited. */
export async function exportPersonalData(deps: PrivacyDeps, email: string, { by }: Requester = { by: null }): Promise<PersonalDataExport> {
  const digest = emailDigest(deps.keys, email);
  const rows = await deps.db.$transaction(async (tx) => {
    await privacy.recordAudit(tx, [{ action: 'privacy_export', moderatorId: by?.id ?? null }]);
    return privacy.commentsByDigest(tx, digest);
  });
  return { email, exportedAt: new Date().toISOString(), comments: rows.map(forDataSubject) };
}

/**
 * Erases the person behind this email from every comment of theirs: name
 * "Anonymous", email, website, IP digest and user agent cleared, bodies kept;
 * or, with `deleteContent`, deletes those comments, their replies staying
 * visible one level up (as a moderator's DELETE leaves them).
 */
export async function erasePersonalData(deps: PrivacyDeps, email: string, opts: Requester & { deleteContent: boolean }): Promise<ErasureResult> {
  const digest = emailDigest(deps.keys, email);
  const moderatorId = opts.by?.id ?? null;
  const rows = await deps.db.$transaction(
    async (tx) => {
      const mine = await privacy.lockByDigest(tx, digest);
      await privacy.recordAudit(tx, [
        { action: 'privacy_erase', moderatorId },
        ...mine.map((c) =>
          opts.deleteContent
            ? { action: 'erase_delete' as const, moderatorId, commentId: c.id, siteId: c.siteId, from: c.status }
            : { action: 'erase' as const, moderatorId, commentId: c.id, siteId: c.siteId, from: c.status, to: c.status },
        ),
      ]);
      if (opts.deleteContent) {
        // Deepest first (see lockByDigest): each one's place is still as read.
        for (const c of mine) await deleteKeepingReplies(tx, c);
      } else if (mine.length) {
        await privacy.eraseAuthor(
          tx,
          mine.map((c) => c.id),
          mine.map((c) => erasedAvatarSeed(deps.keys, c.id)),
        );
      }
      return mine;
    },
    { timeout: ERASURE_TIMEOUT_MS },
  );

  // After the commit: live readers see the comment change, or go.
  for (const c of rows) {
    const ref = { commentId: c.id, siteId: c.siteId, threadKey: c.threadKey };
    if (opts.deleteContent) deps.events.publish('comment.deleted', { ...ref, previousStatus: c.status, deletedBy: opts.by });
    else deps.events.publish('comment.updated', { ...ref, status: c.status });
  }
  return opts.deleteContent ? { deleted: rows.length } : { erased: rows.length };
}
