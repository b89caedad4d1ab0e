// A reader's own comment (DESIGN.md §11): what its author's edit needs, the
// guarded edit, and the author's delete with its audit entry. Plain SQL on
// the pool, as the rest of the readers' API (comments/repository.ts).
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { CommentStatus } from '../../contracts.js';
import { PLACE_COLUMNS, PUBLIC_COLUMNS, type CommentPlace, type PublicCommentRow, type Sql } from '../repository.js';

/** SQL: whether a moderator has edited the comment whose id `idSql` names (a column or a parameter, never input): its words then stand (see updateOwn). */
const moderatorEdited = (idSql: string) => `EXISTS (SELECT 1 FROM audit_entries a WHERE a.comment_id = ${idSql} AND a.action = 'edit')`;

/** A comment as its author's edit or delete needs it. */
export interface OwnRow extends CommentPlace {
  authorName: string;
  authorWebsite: string | null;
  /** Null once the author's data was erased. */
  authorEmailCipher: Buffer | null;
  heldReasons: string[];
  /** A moderator changed its words: they stand, and its author may no longer change them (deleting stays theirs). */
  moderatorEdited: boolean;
}

export const findOwn = async (sql: Sql, id: string): Promise<OwnRow | null> =>
  (
    await sql.query<OwnRow>(
      `SELECT ${PLACE_COLUMNS}, c.author_name AS "authorName", c.author_website AS "authorWebsite", c.author_email_cipher AS "authorEmailCipher", c.held_reasons AS "heldReasons",
              ${moderatorEdited('c.id')} AS "moderatorEdited"
       FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = $1`,
      [id],
    )
  ).rows[0] ?? null;

export interface OwnEdit {
  id: string;
  authorKeyDigest: string;
  /** The status the edit was decided from: the update happens only if it still holds (a moderator may have acted meanwhile). */
  from: CommentStatus;
  to: CommentStatus;
  heldReasons: string[];
  body: string;
  bodyHtml: string;
  bodyFingerprint: string;
  editedAt: Date;
  /** The edit window, checked again as it is written: a request checked at 9:59.9 may commit later. */
  windowOpenedAfter: Date;
}

/**
 * The author's new text, guarded by key, status, window and the absence of a
 * moderator's edit (which an author's would otherwise undo). A change of
 * status (an edit the rules now hold) clears the earlier moderator's
 * decision: the comment waits for a new one. Null when the guard no longer
 * holds.
 */
export async function updateOwn(sql: Sql, e: OwnEdit): Promise<PublicCommentRow | null> {
  // The audit entry in the same statement: the trail shows the words changed between a comment's arrival and its approval.
  const { rows } = await sql.query<PublicCommentRow>(
    `WITH edited AS (
       UPDATE comments SET body = $4, body_html = $5, body_fingerprint = $6, edited_at = $7, status = $8, held_reasons = $9,
              moderated_at = CASE WHEN $8 = $3 THEN moderated_at END, moderated_by_id = CASE WHEN $8 = $3 THEN moderated_by_id END
       WHERE id = $1 AND author_key_digest = $2 AND status = $3 AND created_at > $10
         AND NOT ${moderatorEdited('$1')}
       RETURNING *),
     audit AS (
       INSERT INTO audit_entries (id, comment_id, site_id, moderator_id, action, from_status, to_status)
       SELECT $11, edited.id, t.site_id, NULL, 'author_edit', $3, edited.status FROM edited JOIN threads t ON t.id = edited.thread_id)
     SELECT ${PUBLIC_COLUMNS} FROM edited`,
    [e.id, e.authorKeyDigest, e.from, e.body, e.bodyHtml, e.bodyFingerprint, e.editedAt, e.to, e.heldReasons, e.windowOpenedAfter, uuidv7()],
  );
  return rows[0] ?? null;
}

/**
 * The author's delete, inside the caller's transaction: the comment (locked,
 * still theirs), an audit entry without a moderator, its replies moved up one
 * level as a moderator's delete moves them (moderation/repository.ts), then
 * the comment. Null when it is gone or not theirs.
 */
export async function deleteOwn(
  tx: pg.PoolClient,
  c: { id: string; authorKeyDigest: string; siteId: string; windowOpenedAfter: Date },
): Promise<{ status: CommentStatus } | null> {
  const { rows } = await tx.query<{ status: CommentStatus; parentId: string | null }>(
    `SELECT status, parent_id AS "parentId" FROM comments WHERE id = $1 AND author_key_digest = $2 AND created_at > $3 AND status <> 'rejected' FOR UPDATE`,
    [c.id, c.authorKeyDigest, c.windowOpenedAfter],
  );
  const found = rows[0];
  if (!found) return null;
  await tx.query(
    `INSERT INTO audit_entries (id, comment_id, site_id, moderator_id, action, from_status, to_status) VALUES ($1, $2, $3, NULL, 'author_delete', $4, NULL)`,
    [uuidv7(), c.id, c.siteId, found.status],
  );
  if (found.parentId === null) {
    // Each direct reply becomes a top-level comment and the root of its own subtree.
    await tx.query(
      `WITH RECURSIVE sub AS (
         SELECT id, id AS new_root FROM comments WHERE parent_id = $1
         UNION ALL SELECT child.id, sub.new_root FROM comments child JOIN sub ON child.parent_id = sub.id)
       UPDATE comments SET depth = comments.depth - 1, root_id = CASE WHEN comments.id = sub.new_root THEN NULL ELSE sub.new_root END
       FROM sub WHERE comments.id = sub.id`,
      [c.id],
    );
  } else {
    await tx.query(
      `WITH RECURSIVE sub AS (
         SELECT id FROM comments WHERE parent_id = $1
         UNION ALL SELECT child.id FROM comments child JOIN sub ON child.parent_id = sub.id)
       UPDATE comments SET depth = comments.depth - 1 FROM sub WHERE comments.id = sub.id`,
      [c.id],
    );
  }
  await tx.query(`UPDATE comments SET parent_id = $2 WHERE parent_id = $1`, [c.id, found.parentId]);
  await tx.query(`DELETE FROM comments WHERE id = $1`, [c.id]);
  return { status: found.status };
}
