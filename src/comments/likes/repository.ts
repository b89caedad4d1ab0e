// Likes (DESIGN.md §11): one row per author key per comment, and the count
// kept on the comment, changed in the same statement (so the thread's
// version trigger sees it, and a page's ETag changes with its likes).
import type { Sql } from '../repository.js';
import { PUBLIC_COLUMNS, type PublicCommentRow } from '../repository.js';

/** The comment as it stands after the request; `changed` when this request added or removed the like. */
export interface LikeOutcome {
  readonly changed: boolean;
  readonly comment: PublicCommentRow;
}

/**
 * Adds or takes away this key's like of an approved comment, in one
 * statement: the like row and the count move together, or neither does (a
 * second like, or an unlike of nothing, changes nothing). Null when the
 * comment is not (or no longer) approved.
 */
export async function setLike(sql: Sql, commentId: string, keyDigest: string, liked: boolean): Promise<LikeOutcome | null> {
  const change = liked
    ? `INSERT INTO comment_likes (comment_id, author_key_digest)
       SELECT id, $2 FROM comments WHERE id = $1 AND status = 'approved'
       ON CONFLICT DO NOTHING RETURNING comment_id`
    : `DELETE FROM comment_likes l USING comments c
       WHERE l.comment_id = $1 AND l.author_key_digest = $2 AND c.id = l.comment_id AND c.status = 'approved'
       RETURNING l.comment_id`;
  const { rows } = await sql.query<PublicCommentRow & { changed: boolean }>(
    `WITH changed AS (${change}),
          counted AS (UPDATE comments SET like_count = GREATEST(like_count ${liked ? '+' : '-'} 1, 0)
                      WHERE id IN (SELECT comment_id FROM changed) RETURNING ${PUBLIC_COLUMNS})
     SELECT true AS changed, * FROM counted
     UNION ALL
     SELECT false, ${PUBLIC_COLUMNS} FROM comments WHERE id = $1 AND status = 'approved' AND NOT EXISTS (SELECT 1 FROM counted)`,
    [commentId, keyDigest],
  );
  const [row] = rows;
  if (!row) return null;
  const { changed, ...comment } = row;
  return { changed, comment };
}
