// What this browser remembers of the reader, per site: the comments posted
// from it (id → when, for the 10 minutes in which their author may edit or
// delete them, DESIGN.md §11) and the comments it likes (for aria-pressed).
import { site } from './config.js';

export const EDIT_WINDOW_MS = 10 * 60 * 1000;

export const read = <T>(key: string, empty: T): T => {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T) ?? empty;
  } catch {
    return empty;
  }
};
export const ownKey = `parley:mine:${site}`;
export const likedKey = `parley:liked:${site}`;

/** One of ours: when it was posted, and its text as typed (the API gives readers only its HTML). */
export type Own = Record<string, { at: number; body: string }>;

/** A comment of ours still in its window: the milliseconds left, else 0. */
export function editableFor(id: string): number {
  const own = read<Own>(ownKey, {})[id];
  return own ? Math.max(0, own.at + EDIT_WINDOW_MS - Date.now()) : 0;
}


export function remember(id: string, createdAt: string, body: string) {
  const now = Date.now();
  // Only comments still in their window are worth keeping.
  const own: Own = Object.fromEntries(Object.entries(read<Own>(ownKey, {})).filter(([, o]) => o.at + EDIT_WINDOW_MS > now));
  own[id] = { at: Date.parse(createdAt) || now, body };
  localStorage.setItem(ownKey, JSON.stringify(own));
}

export const likes = (id: string) => read<string[]>(likedKey, []).includes(id);
