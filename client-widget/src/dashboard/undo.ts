// Undo: for 6 seconds after a status change, a button named "Undo" beside the
// status line (and the u key) puts the previous status back. It is a normal
// status change carrying `from` (actions.ts), so it is audited, and if someone
// changed the comment meanwhile the 409 is said plainly instead.
import { h } from '../shared/dom.js';

export const UNDO_MS = 6_000;

let button: HTMLButtonElement | null = null;
let pending: { run: () => Promise<void>; timer: ReturnType<typeof setTimeout> } | null = null;

/** The Undo button, hidden until there is something to undo (one per queue page). */
export function undoButton(): HTMLButtonElement {
  dropUndo();
  button = h('button', { type: 'button', class: 'undo', hidden: true, onclick: () => void undoNow() }, 'Undo');
  return button;
}

/** Offers `run` as the undo of what was just done, for UNDO_MS. */
export function offerUndo(run: () => Promise<void>) {
  dropUndo();
  pending = { run, timer: setTimeout(dropUndo, UNDO_MS) };
  if (button) button.hidden = false;
}

/** Undoes the last change if it may still be undone; answers whether there was one. */
export function undoNow(): boolean {
  if (!pending) return false;
  const { run } = pending;
  dropUndo();
  void run();
  return true;
}

export function dropUndo() {
  if (pending) clearTimeout(pending.timer);
  pending = null;
  if (button) button.hidden = true;
}
