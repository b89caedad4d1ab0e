// What statuses, decisions and held reasons are called on screen.
import type { CommentStatus, HeldReason } from '../../../src/contracts.js';

export const TABS: Array<[CommentStatus, string]> = [
  ['pending', 'Pending'],
  ['approved', 'Approved'],
  ['spam', 'Spam'],
  ['rejected', 'Rejected'],
];
/** A decision: the status it sets, its button, its key. */
export const ACTIONS: Array<[CommentStatus, string, string]> = [
  ['approved', 'Approve', 'a'],
  ['rejected', 'Reject', 'r'],
  ['spam', 'Spam', 's'],
];
export const PAST: Record<CommentStatus, string> = { approved: 'Approved', rejected: 'Rejected', spam: 'Marked as spam', pending: 'Returned to pending' };
/** Why a comment was held, in words a moderator reads at a glance. */
export const REASONS: Record<HeldReason, string> = {
  premoderation: 'every comment waits on this site',
  first_comment: 'first comment by this author',
  links: 'too many links',
  words: 'a word to hold',
  disallowed_words: 'a word to refuse',
  banned: 'banned author',
  honeypot: 'filled the bot trap',
  form_token: 'sent without the form',
  too_fast: 'sent too fast (a bot?)',
};
/** Reasons that say how the site works rather than that something is wrong: drawn quietly. */
export const CALM_REASONS: HeldReason[] = ['premoderation', 'first_comment'];
/** What an empty tab means, said in words. */
export const EMPTY: Record<CommentStatus, string> = {
  pending: 'Nothing waiting. New comments appear here as they arrive.',
  approved: 'No approved comments yet. Comments you approve appear here.',
  spam: 'No spam. Comments caught as spam, or marked as spam, appear here.',
  rejected: 'No rejected comments. Comments you reject appear here.',
};
