// Every word the widget shows, by a stable name (documented in the README):
// English here, in widget.js; German, French and Spanish in small lazy files
// (lang/*.ts, built by client-widget/build.mjs), loaded before the first
// render only when chosen. A site overrides any of them with a JSON object in
// data-strings. A value with {n} may be plural: {"one": "…", "other": "…"},
// chosen with Intl.PluralRules; {name} is an author's name.
import type { ErrorCode } from '../../../src/contracts.js';
import type { enLater } from './strings-later.js';

export type Plural = string | Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export const en = {
  title: 'Comments',
  count: { one: '{n} comment', other: '{n} comments' } as Plural,
  awaitingCount: '{n} awaiting moderation' as Plural,
  empty: 'No comments yet. Start the conversation.',
  sort: 'Sort by',
  oldest: 'Oldest',
  newest: 'Newest',
  best: 'Best',
  comment: 'Comment',
  name: 'Name',
  email: 'Email',
  website: 'Website',
  hint: '**bold**, _italic_, `code`, > quote, - list, links',
  preview: 'Preview',
  privacy: 'Your email address will not be published. Required fields are marked *',
  remember: 'Save my name, email, and website in this browser for the next time I comment.',
  notify: 'Notify me of follow-up comments by email',
  honeypot: 'Leave this field empty',
  submit: 'Post Comment',
  leave: 'Leave a comment',
  replyTo: 'Reply to {name}',
  cancelReply: 'Cancel reply',
  reply: 'Reply',
  like: 'Like',
  likes: { one: '{n} like', other: '{n} likes' } as Plural,
  share: 'Copy link',
  edit: 'Edit',
  delete: 'Delete',
  edited: 'edited',
  moderator: 'Moderator',
  by: 'Comment by {name}',
  awaiting: 'Your comment is awaiting moderation.',
  more: 'Load more comments',
  closed: 'Comments are closed.',
  showAll: 'Show all comments',
  retry: 'Try again',
  unreachable: 'Could not reach the comment server.',
  offline: 'Could not reach the comment server. Your comment is kept here: try again in a moment.',
  loadFailed: 'Comments could not be loaded.',
};

/** Errors the server answers, shown by their code: English readers read the server's own message. */
type ErrorKey = 'validation_failed' | 'rate_limited' | 'duplicate_comment' | 'thread_closed' | 'edit_window_closed' | 'not_found' | 'payload_too_large' | 'unavailable' | 'internal_error';
/** A language's strings for the first render, and the rest (every one: the type checks that none is missing). */
export type First = Record<keyof typeof en, Plural>;
export type Later = Record<keyof typeof enLater | ErrorKey, Plural>;
export type Key = keyof First | keyof Later;

declare global {
  interface Window {
    /** Each language's strings, filled in by its files as they load (English's later part by the feature chunk). */
    parleyLang?: Record<string, Partial<First & Later>>;
  }
}

let words: Partial<Record<Key, Plural>> = en;
let overrides: Record<string, Plural> = {};
export let lang = 'en';

/** Chooses the language (English when none of its strings have loaded) and the site's overrides. */
export function useStrings(code: string, own: Record<string, Plural>) {
  lang = window.parleyLang?.[code] ? code : 'en';
  overrides = own;
  refresh();
}

/** Takes in the strings loaded since (the later part). */
export function refresh() {
  const loaded = window.parleyLang ?? {};
  words = { ...en, ...loaded.en, ...(lang === 'en' ? {} : loaded[lang]), ...overrides };
}

/** The string `key` with {n} (plural-aware) and {name} filled in; empty while its part has not loaded. */
export function t(key: Key, vars: { n?: number; name?: string } = {}): string {
  let s = words[key] ?? '';
  if (typeof s !== 'string') s = (vars.n !== undefined && s[new Intl.PluralRules(lang).select(vars.n)]) || s.other;
  return s.replace('{n}', new Intl.NumberFormat(lang).format(vars.n ?? 0)).replace('{name}', () => vars.name ?? ''); // a function: a "$&" in a name is text
}

/** What to tell a reader about a refused request: the widget's words for its code, else the server's own. */
export function errorText(code: ErrorCode | undefined, serverMessage: string): string {
  // These two are meant for the site owner, and the server's message names the fix.
  if (code === 'origin_not_allowed' || code === 'site_not_found' || !code) return serverMessage;
  return Object.hasOwn(words, code) ? t(code as Key) : serverMessage;
}
