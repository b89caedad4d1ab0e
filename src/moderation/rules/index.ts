// Auto-moderation: an ordered list of small pure rules (DESIGN.md §5, §6;
// WordPress's discussion settings without Akismet or any outside service).
// Spam rules come first and the first one decides; every hold reason after
// them is kept, so a moderator sees all of why a comment waits.
import type { CommentStatus, HeldReason } from '../../contracts.js';
import type { Candidate, Facts, Rule, RuleSettings } from './types.js';
import { hasWord } from './words.js';

export type { Candidate, Facts, Rule, RuleSettings, Verdict } from './types.js';

const all = (c: Candidate) => [c.body, c.name, c.email, c.website];

export const banned: Rule = (_c, facts) => (facts.banned ? { action: 'spam', reason: 'banned' } : undefined);

export const disallowedWords: Rule = (c, _f, s) => (hasWord(s.disallowedWords, all(c)) ? { action: 'spam', reason: 'disallowed_words' } : undefined);

export const honeypot: Rule = (c) => (c.honeypot !== undefined && c.honeypot !== '' ? { action: 'spam', reason: 'honeypot' } : undefined);

/** People read and write for longer than this between seeing the form and posting. */
export const MIN_FORM_AGE_MS = 3_000;

export const formToken: Rule = (_c, facts) => {
  if (facts.formTokenAge === undefined) return { action: 'hold', reason: 'form_token' };
  if (facts.formTokenAge < MIN_FORM_AGE_MS) return { action: 'hold', reason: 'too_fast' };
  return undefined;
};

/** Links as they will be shown: the anchors of the sanitized HTML (bare URLs are linked by then). */
export const countLinks = (html: string) => html.match(/<a\s/gi)?.length ?? 0;

export const tooManyLinks: Rule = (c, _f, s) => (s.maxLinks > 0 && countLinks(c.bodyHtml) >= s.maxLinks ? { action: 'hold', reason: 'links' } : undefined);

export const moderationWords: Rule = (c, _f, s) => (hasWord(s.moderationWords, all(c)) ? { action: 'hold', reason: 'words' } : undefined);

export const mode: Rule = (_c, facts, s) => {
  if (s.mode === 'pre') return { action: 'hold', reason: 'premoderation' };
  if (s.mode === 'trusted' && !facts.returningAuthor) return { action: 'hold', reason: 'first_comment' };
  return { action: 'approve' };
};

/** In the order of DESIGN.md §5/§6: the spam rules, then every hold, then the site's mode. */
export const RULES: readonly Rule[] = [banned, disallowedWords, honeypot, formToken, tooManyLinks, moderationWords, mode];

/**
 * What an author's edit re-runs (DESIGN.md §11): the rules about the words
 * and links, not those about the form (token, honeypot), the author (bans)
 * or the site's mode, which the comment already passed when it was posted.
 */
export const CONTENT_RULES: readonly Rule[] = [disallowedWords, tooManyLinks, moderationWords];

export interface Decision {
  readonly status: Extract<CommentStatus, 'pending' | 'approved' | 'spam'>;
  readonly heldReasons: HeldReason[];
}

export function moderate(candidate: Candidate, facts: Facts, settings: RuleSettings, rules: readonly Rule[] = RULES): Decision {
  const held: HeldReason[] = [];
  for (const rule of rules) {
    const verdict = rule(candidate, facts, settings);
    if (!verdict || verdict.action === 'approve') continue;
    if (verdict.action === 'spam') return { status: 'spam', heldReasons: [verdict.reason] };
    held.push(verdict.reason);
  }
  return held.length ? { status: 'pending', heldReasons: held } : { status: 'approved', heldReasons: [] };
}
