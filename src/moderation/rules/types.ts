// The shapes every auto-moderation rule shares (DESIGN.md §5, §6).
import type { HeldReason, ModerationMode } from '../../contracts.js';

/** What the reader sent, after validation and rendering. */
export interface Candidate {
  readonly body: string;
  /** The sanitized HTML: links are counted here, as they will be shown. */
  readonly bodyHtml: string;
  readonly name: string;
  readonly email: string;
  readonly website: string | undefined;
  /** The form's hidden field: empty from people. */
  readonly honeypot: string | undefined;
}

/** What is known of the author: from the database, in one round trip before the rules run, and from the form token. */
export interface Facts {
  /** A ban of this site matches the author's email or address. */
  readonly banned: boolean;
  /** The site has an approved comment with this email and this author key. */
  readonly returningAuthor: boolean;
  /** Milliseconds since the form token was issued; undefined when it is missing, forged, expired or another site's. */
  readonly formTokenAge: number | undefined;
}

/** The site's settings the rules read. */
export interface RuleSettings {
  readonly mode: ModerationMode;
  /** Hold a comment with at least this many links; 0 turns it off (as in WordPress). */
  readonly maxLinks: number;
  readonly moderationWords: readonly string[];
  readonly disallowedWords: readonly string[];
}

/** spam: stored as spam and answered like any other comment; hold: waits for a moderator; approve: published. */
export type Verdict = { readonly action: 'spam' | 'hold'; readonly reason: HeldReason } | { readonly action: 'approve' };

/** One rule: a small pure function; undefined when it has nothing to say. */
export type Rule = (candidate: Candidate, facts: Facts, settings: RuleSettings) => Verdict | undefined;
