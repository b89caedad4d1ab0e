// Likes (DESIGN.md §11): one row per author key per comment, and the count
// kept on the comment, changed in the same statement (so the thread's
// version trigger sees it, and a page's ETag changes with its likes).
import type { Sql } from '../repository.js';
import { PUBLIC_COLUMNS, type PublicCommentRow } from '../repository.js';

/** The comment as it stands after the request; `changed` when this request added or removed the like. */
export interface LikeOutcome {
  readonly changed: boolean;
  /** Not added: this address has liked it as often as one address may (and this key has not). */
  readonly capped: boolean;
  readonly comment: PublicCommentRow;
}

/**
 * Adds or takes away this key's like of an approved comment, in one
 * statement: the like row and the count move together, or neither does (a
 * second like, or an unlike of nothing, changes nothing). Null when the
 * comment is not (or no longer) approved.
 */
export async function setLike(
  sql: Sql,
  commentId: string,
  by: { keyDigest: string; ipDigest: string; perAddress: number },
  liked: boolean,
): Promise<LikeOutcome | null> {
  // Concurrent likes from one address may pass the count together: the cap is a bound, not an exact figure.
  const capped = `(SELECT count(*) FROM comment_likes WHERE comment_id = $1 AND ip_digest = $3) >= $4
                   AND NOT EXISTS (SELECT 1 FROM comment_likes WHERE comment_id = $1 AND author_key_digest = $2)`;
  const change = liked
    ? `INSERT INTO comment_likes (comment_id, author_key_digest, ip_digest)
       SELECT id, $2, $3 FROM comments WHERE id = $1 AND status = 'approved' AND NOT (${capped})
       ON CONFLICT DO NOTHING RETURNING comment_id`
    : `DELETE FROM comment_likes l USING comments c
       WHERE l.comment_id = $1 AND l.author_key_digest = $2 AND c.id = l.comment_id AND c.status = 'approved'
       RETURNING l.comment_id`;
  const { rows } = await sql.query<PublicCommentRow & { changed: boolean; capped: boolean }>(
    `WITH changed AS (${change}),
          counted AS (UPDATE comments SET like_count = GREATEST(like_count ${liked ? '+' : '-'} 1, 0)
                      WHERE id IN (SELECT comment_id FROM changed) RETURNING ${PUBLIC_COLUMNS})
     SELECT true AS changed, false AS capped, * FROM counted
     UNION ALL
     SELECT false, ${liked ? capped : 'false'}, ${PUBLIC_COLUMNS} FROM comments WHERE id = $1 AND status = 'approved' AND NOT EXISTS (SELECT 1 FROM counted)`,
    liked ? [commentId, by.keyDigest, by.ipDigest, by.perAddress] : [commentId, by.keyDigest],
  );
  const [row] = rows;
  if (!row) return null;
  const { changed, capped: full, ...comment } = row;
  return { changed, capped: full, comment };
}
