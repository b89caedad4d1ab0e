// Working the queue from the keyboard: j/k move the selection, a/r/s decide,
// u undoes, x ticks a card for the bulk selection, Shift+A/R/S decide for it,
// ? lists the keys. The first key pressed also shows the "Keys (?)" button on
// a touch device (dashboard.css hides it there until a keyboard turns up).
import { h } from '../shared/dom.js';
import { act } from './actions.js';
import { modal } from './dialog.js';
import { filters } from './filters.js';
import { ACTIONS } from './labels.js';
import type { Queue } from './queue-state.js';
import { undoNow } from './undo.js';

export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el as HTMLElement).isContentEditable;
}

/** Opens the "Keyboard shortcuts" dialog (? or the Keys button). */
export function showKeys() {
  modal('Keyboard shortcuts', null, (close) => [
    h(
      'dl',
      {},
      ...[
        ['j / k', 'next / previous comment'],
        ['a, r, s', 'approve, reject, mark as spam'],
        ['u', 'undo the last change (for 6 seconds)'],
        ['x', 'add to or remove from the selection'],
        ['Shift+A, Shift+R, Shift+S', 'act on the selection'],
        ['?', 'this list'],
      ].flatMap(([k, v]) => [h('dt', {}, k!), h('dd', {}, v!)]),
    ),
    h('button', { type: 'button', onclick: close }, 'Close'),
  ]);
}

// A keyboard is in use: show what keys do (even on a device that looked touch-only).
addEventListener('keydown', () => document.documentElement.classList.add('kbd'), { once: true });

export function listenForKeys(q: Queue) {
  document.onkeydown = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    // Keys work whenever focus is not in a text field (a focused checkbox or button is fine) nor in a dialog.
    if (document.querySelector('dialog[open]') || e.ctrlKey || e.metaKey || e.altKey || isTextField(t)) return;
    const all = q.cards();
    const { selected } = q;
    const i = selected ? all.indexOf(selected) : -1;
    const key = e.key;
    const action = ACTIONS.find(([, , k]) => k === key.toLowerCase());
    if (key === 'j') q.select(all[Math.min(i + 1, all.length - 1)]);
    else if (key === 'k') q.select(all[Math.max(i - 1, 0)]);
    else if (key === 'u') undoNow();
    else if (key === 'x' && selected) {
      const box = selected.querySelector<HTMLInputElement>('input[type=checkbox]')!;
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change'));
    } else if (key === '?') showKeys();
    else if (action && e.shiftKey) {
      if (q.chosen.size && action[0] !== filters.status) void act(q, [...q.chosen], action[0]);
    } else if (action && selected && selected.dataset.commentId && action[0] !== filters.status) void act(q, [selected.dataset.commentId], action[0]);
    else return;
    e.preventDefault();
  };
}

export const stopKeys = () => (document.onkeydown = null);
