// The declared bridge between the widget and its lazy feature chunk (more.ts):
// what the first render does not need (likes, sharing, editing and deleting
// one's own comment, opening a permalink's page, the form's preview) loads
// right after the first render, or at once when a reader asks for one first.
import type { CommentsPage } from '../../../src/contracts.js';
import { client } from './config.js';
import type { Field } from './form.js';
import { loadScript } from './load.js';
import { laterStrings } from './locale.js';
import { likedKey, ownKey, read, remember } from './mine.js';
import { permalink, showLikes, type Shown } from './render.js';
import { errorText, t } from './strings.js';

/** The chunk's file name, content-hashed (defined by client-widget/build.mjs). */
declare const __MORE__: string;

/** What the chunk may do to one mounted thread. */
export interface View {
  root: ShadowRoot;
  byId: Map<string, HTMLLIElement>;
  say(text: string): void;
  /** Draws a comment anew where it stands, its replies carried over. */
  redraw(li: HTMLLIElement, c: Shown): void;
  /** Takes a comment off the screen, its replies moved up one level. */
  drop(id: string): void;
  /** Adds to the counts of approved comments and of the reader's own awaiting moderation, and shows them. */
  tally(approved: number, waiting: number): void;
  /** Shows the page holding a permalinked comment in place of the list, with "Show all comments". */
  replace(page: CommentsPage): void;
  form: HTMLFormElement;
}

export interface More {
  like(v: View, b: HTMLButtonElement, c: Shown): void;
  share(v: View, c: Shown): void;
  /** Opens the comment's body in place for editing, with Save and Cancel. */
  edit(v: View, li: HTMLLIElement, c: Shown): void;
  /** Asks, inline, whether to delete it. */
  remove(v: View, li: HTMLLIElement, c: Shown): void;
  /** #comment-ID: scrolls to that comment and highlights it, after loading the page holding it when it is not shown. */
  open(v: View, id: string): Promise<void>;
  /** The form's checks before sending: a message for each field in error. */
  check(values: Record<Field, string>): Partial<Record<Field, string>>;
  /** Shows `body` as it would be published in `box`. */
  preview(body: string, box: HTMLElement): Promise<void>;
}

/** What the chunk uses of the widget's own modules (its own copies of them would know neither the site nor the language). */
const deps = { client, t, errorText, read, ownKey, likedKey, remember, showLikes, permalink };
export type MoreDeps = typeof deps;

declare global {
  interface Window {
    /** Set by the feature chunk when it has loaded. */
    parleyMore?: (deps: MoreDeps) => More;
  }
}

let loaded: Promise<More> | undefined;
export const later = (): Promise<More> =>
  (loaded ??= loadScript(__MORE__)
    .then(laterStrings)
    .then(() => window.parleyMore!(deps)));
