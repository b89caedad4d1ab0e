// What every admin form shares: a labelled field with its hint and its error
// line (aria-describedby), every field error of a 400 shown next to its field
// at once (and summed up at the top, where focus goes), a Copy button, and a
// polite status line that says when something was saved.
import type { ErrorBody } from '../../../../src/contracts.js';
import { announcer, h } from '../../shared/dom.js';
import { failure, HttpError } from '../api.js';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLFieldSetElement;

/** A field of form `form` named `name` (the API's field name): label, control, hint, error line. */
export function field(form: string, name: string, label: string, control: Control, hint?: string): HTMLElement {
  const id = `${form}-${name}`;
  const error = h('p', { class: 'error', id: `${id}-err` });
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  control.id = id;
  control.dataset.field = name;
  control.setAttribute('aria-describedby', [hintEl ? `${id}-hint` : '', `${id}-err`].filter(Boolean).join(' '));
  if (control instanceof HTMLFieldSetElement) {
    control.prepend(h('legend', {}, label));
    if (hintEl) control.append(hintEl);
    return h('div', { class: 'field' }, control, error);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, control, error);
}

/** A group of radio buttons named `name`, each with its label and a sentence saying what it means. */
export function radios(name: string, options: Array<[value: string, label: string, meaning: string]>, value: string): HTMLFieldSetElement {
  return h(
    'fieldset',
    { class: 'choices' },
    ...options.map(([v, label, meaning]) =>
      h(
        'p',
        {},
        h('input', { type: 'radio', name, id: `${name}-${v}`, value: v, checked: v === value, 'aria-describedby': `${name}-${v}-m` }),
        h('label', { for: `${name}-${v}` }, label),
        h('span', { class: 'hint', id: `${name}-${v}-m` }, ` ${meaning}`),
      ),
    ),
  );
}

export const radioValue = (set: HTMLFieldSetElement) => set.querySelector<HTMLInputElement>('input:checked')?.value;

/** One entry a line (commas too), trimmed, empty ones left out. */
export const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A number field's value for the API: null when empty (the server names what it needs). */
export const numberOrNull = (input: HTMLInputElement) => (input.value.trim() === '' ? null : Number(input.value));

/** The form's error summary and status line, and how to show a failed request in them. */
export function feedback(form: HTMLFormElement) {
  const summary = h('div', { class: 'summary error', tabindex: '-1', hidden: true });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const say = announcer(status, 30);
  const clear = () => {
    summary.hidden = true;
    summary.replaceChildren();
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const el of form.querySelectorAll('.field > .error')) el.textContent = '';
  };
  /** Shows why a request failed: every field error beside its field, all at once. */
  const failed = (err: unknown, what = 'Not saved') => {
    clear();
    if (err instanceof HttpError && err.status === 401) return;
    const fields = (err instanceof HttpError && (err.body as Partial<ErrorBody>).error?.fields) || {};
    const unplaced: string[] = [];
    let first: HTMLElement | null = null;
    for (const [name, message] of Object.entries(fields)) {
      const control = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
      if (!control) {
        unplaced.push(message);
        continue;
      }
      first ??= control;
      control.setAttribute('aria-invalid', 'true');
      for (const input of control.querySelectorAll('input')) input.setAttribute('aria-invalid', 'true');
      form.querySelector(`#${CSS.escape(control.id)}-err`)!.textContent = message;
    }
    const count = Object.keys(fields).length;
    summary.replaceChildren(
      h('p', {}, count ? `${what}: ${count === 1 ? 'one field needs' : `${count} fields need`} attention.` : `${what}: ${failure(err) ?? ''}`),
      ...unplaced.map((m) => h('p', {}, m)),
    );
    summary.hidden = false;
    summary.focus();
    if (!count) say('');
  };
  return { summary, status, say, clear, failed, first: () => form.querySelector<HTMLElement>('[aria-invalid]') };
}

/** A read-only text with a Copy button that says when it copied. */
export function copyable(id: string, label: string, value: string, say: (text: string) => void): HTMLElement {
  const input = value.includes('\n') ? h('textarea', { id, readonly: true, spellcheck: 'false', class: 'mono', rows: String(value.split('\n').length) }) : h('input', { id, type: 'text', readonly: true, value, spellcheck: 'false', class: 'mono' });
  input.value = value;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard API here (an insecure origin): the text is selected for Ctrl+C instead.
      input.select();
      say('Selected: press Ctrl+C (or ⌘C) to copy.');
      return;
    }
    say('Copied.');
  };
  return h('div', { class: 'field copy' }, h('label', { for: id }, label), h('span', { class: 'row' }, input, h('button', { type: 'button', 'aria-label': `Copy ${label.toLowerCase()}`, onclick: () => void copy() }, 'Copy')));
}
