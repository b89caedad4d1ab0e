// The facts the rules and the flood limit need about an author, gathered in
// one statement before the rules run (DESIGN.md §5, §6): the new comment's
// write path pays one round trip for them, and holds one pooled connection,
// whatever the number of rules. Plain SQL on the pool Prisma runs on, like the
// readers' other hot paths (src/comments/repository.ts says why).
//
// Each part is served by an index: the flood look-up by comments
// (author_email_digest, created_at) and (ip_digest, created_at) as a bitmap
// OR; the bans by bans (site_id, email_digest) and (site_id, ip_digest); the
// returning author by comments (author_email_digest, created_at), filtered.
import type pg from 'pg';

export interface AuthorLookup {
  readonly siteId: string;
  readonly emailDigest: string;
  readonly ipDigest: string;
  /** Ask whether this email and this author key have an approved comment on the site; null: don't ask. */
  readonly authorKeyDigest: string | null;
  /** The flood window; 0: don't look. */
  readonly floodSeconds: number;
}

export interface AuthorFacts {
  /** Seconds since this email or address last posted on the site, when that is within the flood window. */
  readonly secondsSinceLastPost: number | null;
  /** A ban of this site matches the email or the address. */
  readonly banned: boolean;
  /** The site has an approved comment with this email and this author key. */
  readonly returningAuthor: boolean;
}

/** Parameters: $1 site id, $2 email digest, $3 address digest, $4 author key digest or null, $5 flood seconds. */
export const AUTHOR_FACTS_SQL = `SELECT
       (SELECT extract(epoch FROM now() - max(c.created_at))::float8
          FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE $5::int > 0 AND (c.author_email_digest = $2 OR c.ip_digest = $3)
           AND c.created_at > now() - $5::int * interval '1 second' AND t.site_id = $1) AS since,
       EXISTS (SELECT 1 FROM bans WHERE site_id = $1 AND email_digest = $2)
         OR EXISTS (SELECT 1 FROM bans WHERE site_id = $1 AND ip_digest = $3) AS banned,
       $4::text IS NOT NULL AND EXISTS (
         SELECT 1 FROM comments c JOIN threads t ON t.id = c.thread_id
          WHERE c.author_email_digest = $2 AND c.author_key_digest = $4 AND c.status = 'approved' AND t.site_id = $1) AS returning`;

export async function authorFacts(sql: Pick<pg.Pool, 'query'>, a: AuthorLookup): Promise<AuthorFacts> {
  const { rows } = await sql.query<{ since: number | null; banned: boolean; returning: boolean }>(
    AUTHOR_FACTS_SQL,
    [a.siteId, a.emailDigest, a.ipDigest, a.authorKeyDigest, a.floodSeconds],
  );
  const row = rows[0]!;
  return { secondsSinceLastPost: row.since, banned: row.banned, returningAuthor: row.returning };
}
