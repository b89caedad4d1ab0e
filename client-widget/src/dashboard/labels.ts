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
export const REASONS: Record<HeldReason, string> = {
  premoderation: 'pre-moderated',
  first_comment: 'first comment',
  links: 'links',
  words: 'watched word',
  disallowed_words: 'banned word',
  banned: 'banned author',
  honeypot: 'honeypot',
  form_token: 'no form token',
  too_fast: 'too fast',
};
/** What an empty tab means, said in words. */
export const EMPTY: Record<CommentStatus, string> = {
  pending: 'Nothing waiting. New comments appear here as they arrive.',
  approved: 'No approved comments yet. Comments you approve appear here.',
  spam: 'No spam. Comments caught as spam, or marked as spam, appear here.',
  rejected: 'No rejected comments. Comments you reject appear here.',
};
