// A reader's own comment (DESIGN.md §11): its author — the browser holding
// the author key it was posted with — may change or delete it within 10
// minutes of posting. Anyone else is told there is no such comment (404,
// the same as for an unknown id). An edit re-runs the content rules only
// (words and links; the form, the author and the site's mode were settled
// when it was posted): a published comment they now catch goes back to
// moderation (or to spam) and leaves the readers' view; a waiting one keeps
// waiting. A delete removes it as a moderator's does: its replies move up.
import type { EditedComment, HeldReason } from '../../contracts.js';
import { isUniqueViolation } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { commentNotFound, duplicateComment, editLocked, editWindowClosed, tooManyRequests } from '../../errors.js';
import { CONTENT_RULES, moderate, type Decision } from '../../moderation/rules/index.js';
import { decryptEmail } from '../../security/email.js';
import { forAuthor, forReader } from '../presenter.js';
import { bodyFingerprint, loadRenderer, renderBody } from '../render.js';
import type { CommentEdit } from '../schema.js';
import { siteFor, type CommentsDeps, type Reader } from '../service.js';
import { authorKeyDigest, readAuthorToken } from '../tokens.js';
import * as own from './repository.js';

export const EDIT_WINDOW_MINUTES = 10;
const EDIT_WINDOW_MS = EDIT_WINDOW_MINUTES * 60_000;

/** Comments created after this may still be changed by their authors (checked again by the write itself). */
const windowOpenedAfter = (deps: CommentsDeps) => new Date((deps.now ?? Date.now)() - EDIT_WINDOW_MS);

/** The comment, when the reader is its author and still within the window; the checks in the order of POST's (site, then limits). */
async function ownComment(deps: CommentsDeps, id: string, reader: Reader) {
  const row = await own.findOwn(deps.sql, id);
  if (!row) throw commentNotFound();
  const site = await siteFor(deps, row.siteId, reader);
  const key = readAuthorToken(deps.keys, reader.authorToken, site.id);
  const keyDigest = key === undefined ? undefined : authorKeyDigest(deps.keys, key);
  // A rejected comment is gone from its author's view too: nothing to change.
  if (keyDigest === undefined || row.authorKeyDigest !== keyDigest || row.status === 'rejected') throw commentNotFound();
  if (row.createdAt <= windowOpenedAfter(deps)) throw editWindowClosed(EDIT_WINDOW_MINUTES);
  if (reader.overLimit !== undefined) throw tooManyRequests(reader.overLimit);
  return { row, site, keyDigest };
}

/** Where an edit leaves the comment: the content rules decide for a published one; a waiting one keeps waiting (spam stays spam). */
function afterEdit(row: own.OwnRow, content: Decision): Decision {
  if (row.status === 'spam' || content.status === 'spam') return { status: 'spam', heldReasons: row.status === 'spam' ? (row.heldReasons as HeldReason[]) : content.heldReasons };
  if (row.status === 'approved') return content;
  // Still pending: why it was held, then anything the new text adds.
  return { status: 'pending', heldReasons: [...new Set([...(row.heldReasons as HeldReason[]), ...content.heldReasons])] };
}

export async function editOwnComment(deps: CommentsDeps, id: string, input: CommentEdit, reader: Reader): Promise<EditedComment> {
  const { row, site, keyDigest } = await ownComment(deps, id, reader);
  // A moderator's correction (a name, a slur taken out) stands: the author's edit would put the words back unreviewed.
  if (row.moderatorEdited) throw editLocked();
  await loadRenderer();
  const bodyHtml = renderBody(input.body);
  const email = row.authorEmailCipher ? (decryptEmail(deps.keys, row.authorEmailCipher) ?? '') : '';
  const content = moderate(
    { body: input.body, bodyHtml, name: row.authorName, email, website: row.authorWebsite ?? undefined, honeypot: undefined },
    { banned: false, returningAuthor: true, formTokenAge: undefined },
    site,
    CONTENT_RULES,
  );
  const decision = afterEdit(row, content);
  let edited;
  try {
    edited = await own.updateOwn(deps.sql, {
      id,
      authorKeyDigest: keyDigest,
      from: row.status,
      to: decision.status,
      heldReasons: decision.heldReasons,
      body: input.body,
      bodyHtml,
      bodyFingerprint: bodyFingerprint(input.body),
      editedAt: new Date((deps.now ?? Date.now)()),
      windowOpenedAfter: windowOpenedAfter(deps),
    });
  } catch (err) {
    // The same words as another of this author's comments in the thread: a duplicate, as for a POST.
    if (isUniqueViolation(err)) throw duplicateComment();
    throw err;
  }
  // Deleted, moderated or out of its window since it was read: the author may try again and see which.
  if (!edited) throw commentNotFound();
  const ref = { commentId: id, siteId: site.id, threadKey: row.threadKey, byAuthor: true };
  if (edited.status === 'approved') await deps.events.publish('comment.updated', { ...ref, status: 'approved', comment: forReader(edited) });
  else await deps.events.publish('comment.updated', { ...ref, status: edited.status, previousStatus: row.status });
  return { comment: forAuthor(edited) };
}

export async function deleteOwnComment(deps: CommentsDeps, id: string, reader: Reader): Promise<void> {
  const { row, site, keyDigest } = await ownComment(deps, id, reader);
  const deleted = await inTransaction(deps.sql, (tx) => own.deleteOwn(tx, { id, authorKeyDigest: keyDigest, siteId: site.id, windowOpenedAfter: windowOpenedAfter(deps) }));
  if (!deleted) throw commentNotFound();
  await deps.events.publish('comment.deleted', {
    commentId: id,
    siteId: site.id,
    threadKey: row.threadKey,
    previousStatus: deleted.status,
    deletedBy: null,
    byAuthor: true,
  });
}
