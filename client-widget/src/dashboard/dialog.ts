// The one kind of dialog the dashboard opens (ban, delete, remove a
// moderator, the key list): a native <dialog> shown with showModal(), so the
// browser moves focus into it, keeps it there (the page behind is inert) and
// closes it on Escape; it is named by its heading and described by its text,
// removed once closed, and focus goes back to what had it before.
import { h } from '../shared/dom.js';
import { app } from './app.js';

let opened = 0;

/** Opens a modal dialog titled `title`; `build` gets the dialog and a close function and returns its content. */
export function modal(title: string, description: string | null, build: (close: () => void, dialog: HTMLDialogElement) => Node[]): HTMLDialogElement {
  const n = ++opened;
  const opener = document.activeElement as HTMLElement | null;
  const dialog = h('dialog', { 'aria-labelledby': `dlg-h${n}`, ...(description ? { 'aria-describedby': `dlg-d${n}` } : {}) });
  const close = () => dialog.open && dialog.close();
  dialog.append(h('h2', { id: `dlg-h${n}` }, title), description ? h('p', { id: `dlg-d${n}` }, description) : '', ...build(close, dialog));
  dialog.addEventListener('close', () => {
    dialog.remove();
    // The browser returns focus itself; this covers an opener it no longer finds focusable, and leaves a moved focus be.
    if (opener?.isConnected && (document.activeElement === document.body || !document.activeElement)) opener.focus();
  });
  app.append(dialog);
  dialog.showModal();
  return dialog;
}

/**
 * Asks to confirm `action` (the button's name, e.g. "Delete"): resolves true
 * only when that button is pressed; Cancel, Escape → false. Never window.confirm().
 */
export function confirmIn(title: string, text: string, action: string): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const dialog = modal(title, text, (close) => [
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'button', class: 'danger solid', onclick: () => ((answer = true), close()) }, action),
        h('button', { type: 'button', onclick: close }, 'Cancel'),
      ),
    ]);
    dialog.addEventListener('close', () => resolve(answer));
  });
}
