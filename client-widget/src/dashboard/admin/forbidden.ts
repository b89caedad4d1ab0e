// What an admin page shows when its API refuses: a moderator who is not an
// admin (403) is told plainly; anything else says what went wrong.
import { h } from '../../shared/dom.js';
import { failure, HttpError } from '../api.js';

export function forbiddenNote(err: unknown, what: 'sites' | 'moderators'): HTMLElement {
  if (err instanceof HttpError && err.status === 403) return h('p', { class: 'empty' }, `Only admins manage ${what}. Your work is in the `, h('a', { href: '#queue' }, 'queue'), '.');
  return h('p', { class: 'error' }, `Not loaded: ${failure(err) ?? 'signed out'}`);
}
