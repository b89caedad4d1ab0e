// The facts the rules and the flood limit need about an author, gathered in
// one statement before the rules run (DESIGN.md §5, §6), whatever the number
// of rules. The write path embeds it in its look-up of the thread
// (comments/repository.ts threadForNewComment): one round trip for both. Plain SQL on the pool Prisma runs on, like the
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

/** Placeholders of the statement's parameters, so that another statement on the write path can embed it. */
export interface FactsParams {
  readonly site: string;
  readonly email: string;
  readonly ip: string;
  readonly key: string;
  readonly flood: string;
}

/** The facts as one row (since, banned, returning), for the placeholders given. */
export const authorFactsSql = (p: FactsParams) => `SELECT
       (SELECT extract(epoch FROM now() - max(c.created_at))::float8
          FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE ${p.flood}::int > 0 AND (c.author_email_digest = ${p.email} OR c.ip_digest = ${p.ip})
           AND c.created_at > now() - ${p.flood}::int * interval '1 second' AND t.site_id = ${p.site}) AS since,
       EXISTS (SELECT 1 FROM bans WHERE site_id = ${p.site} AND email_digest = ${p.email})
         OR EXISTS (SELECT 1 FROM bans WHERE site_id = ${p.site} AND ip_digest = ${p.ip}) AS banned,
       ${p.key}::text IS NOT NULL AND EXISTS (
         SELECT 1 FROM comments c JOIN threads t ON t.id = c.thread_id
          WHERE c.author_email_digest = ${p.email} AND c.author_key_digest = ${p.key} AND c.status = 'approved' AND t.site_id = ${p.site}) AS returning`;

/** Parameters: $1 site id, $2 email digest, $3 address digest, $4 author key digest or null, $5 flood seconds. */
export const AUTHOR_FACTS_SQL = authorFactsSql({ site: '$1', email: '$2', ip: '$3', key: '$4', flood: '$5' });

export interface FactsRow {
  since: number | null;
  banned: boolean;
  returning: boolean;
}

export const toFacts = (row: FactsRow): AuthorFacts => ({ secondsSinceLastPost: row.since, banned: row.banned, returningAuthor: row.returning });

export async function authorFacts(sql: Pick<pg.Pool, 'query'>, a: AuthorLookup): Promise<AuthorFacts> {
  const { rows } = await sql.query<FactsRow>(AUTHOR_FACTS_SQL, [a.siteId, a.emailDigest, a.ipDigest, a.authorKeyDigest, a.floodSeconds]);
  return toFacts(rows[0]!);
}
