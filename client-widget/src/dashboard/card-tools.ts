// A card's tools, each a button that opens its part of the card's drawer (one
// at a time; the button says whether it is open): Reply as a moderator
// (published at once), Edit the body (live for readers), and History (the
// comment's audit trail, fetched when first opened). DESIGN.md §12.
import type { AuditEntryView, ModerationComment } from '../../../src/contracts.js';
import { ago, h } from '../shared/dom.js';
import { call, failure, type HttpError } from './api.js';
import { PAST } from './labels.js';
import type { Queue } from './queue-state.js';

/** Opens `content` in the drawer for `button` (closing whatever else was open there); again: closes it. */
export type Open = (button: HTMLButtonElement, content: () => HTMLElement, focus?: (el: HTMLElement) => void) => void;

export function opener(drawer: HTMLElement): Open {
  let current: HTMLButtonElement | null = null;
  const close = () => {
    current?.setAttribute('aria-expanded', 'false');
    current = null;
    drawer.replaceChildren();
  };
  return (button, content, focus) => {
    if (current === button) return void (close(), button.focus());
    close();
    const el = content();
    el.id = `${button.id}-panel`;
    button.setAttribute('aria-controls', el.id);
    button.setAttribute('aria-expanded', 'true');
    current = button;
    drawer.replaceChildren(el);
    focus?.(el);
    (el as HTMLElement & { close?: () => void }).close = () => (close(), button.focus());
  };
}

const closeOf = (el: HTMLElement) => (el as HTMLElement & { close?: () => void }).close?.();

/** A textarea form with its label, its error line (the server's message for `body`) and two buttons. */
function textForm(id: string, label: string, initial: string, submitLabel: string, send: (text: string) => Promise<void>): HTMLFormElement {
  const area = h('textarea', { id, rows: '4', required: true, 'aria-describedby': `${id}-err` });
  area.value = initial;
  const error = h('p', { class: 'error', id: `${id}-err` });
  const submit = h('button', { type: 'submit' }, submitLabel);
  const form = h(
    'form',
    {
      class: 'compose',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        area.removeAttribute('aria-invalid');
        submit.disabled = true;
        try {
          await send(area.value);
        } catch (err) {
          const e = err as HttpError;
          const fields = e.body?.error?.fields;
          const why = fields?.body ?? (fields ? Object.values(fields)[0] : undefined) ?? failure(err);
          if (why) {
            error.textContent = why;
            area.setAttribute('aria-invalid', 'true');
            area.focus();
          }
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('label', { for: id }, label),
    area,
    error,
    h('p', { class: 'actions' }, submit, h('button', { type: 'button', onclick: () => closeOf(form) }, 'Cancel')),
  );
  // Escape in the text: cancel, as in a dialog.
  area.addEventListener('keydown', (e) => e.key === 'Escape' && (e.preventDefault(), closeOf(form)));
  return form;
}

const focusText = (el: HTMLElement) => el.querySelector('textarea')?.focus();

export function replier(q: Queue, c: ModerationComment, open: Open): HTMLButtonElement {
  const button: HTMLButtonElement = h('button', { type: 'button', id: `reply-${c.id}`, class: 'link', 'aria-expanded': 'false', onclick: () => open(button, form, focusText) }, 'Reply');
  // A reply to a pending comment approves it, as WordPress's "Approve and Reply" (DESIGN.md §12).
  const label = () => `Reply to ${c.authorName}, as ${q.me.name} (published at once${c.status === 'pending' ? '; approves their comment' : ''})`;
  const form = () =>
    textForm(`reply-text-${c.id}`, label(), '', 'Publish reply', async (text) => {
      const reply = await call<ModerationComment>(`/api/moderation/comments/${c.id}/replies`, { method: 'POST', body: JSON.stringify({ body: text }) });
      const article = button.closest('article')!;
      closeOf(article.querySelector('.compose')!);
      const where = reply.thread.url ? h('a', { href: `${reply.thread.url}#comment-${reply.id}` }, 'see it on the article') : null;
      article.querySelector('.drawer')!.replaceChildren(h('p', { class: 'done' }, 'Your reply is published', where ? ': ' : '.', where ?? ''));
      if (c.status === 'pending') {
        // Approved with the reply: it leaves the Pending view as any approval does.
        q.move(c.id, 'pending', 'approved');
        q.showCounts();
        q.say('Reply published, and the comment approved.');
      } else q.say('Reply published.');
    });
  return button;
}

export function editor(q: Queue, c: ModerationComment, open: Open, shown: { body: HTMLElement; edited: HTMLElement }): HTMLButtonElement {
  const button: HTMLButtonElement = h('button', { type: 'button', id: `edit-${c.id}`, class: 'link', 'aria-expanded': 'false', onclick: () => open(button, form, focusText) }, 'Edit');
  const form = () =>
    textForm(`edit-text-${c.id}`, `Text of the comment by ${c.authorName}`, c.body, 'Save', async (text) => {
      const saved = await call<ModerationComment>(`/api/moderation/comments/${c.id}`, { method: 'PATCH', body: JSON.stringify({ body: text }) });
      Object.assign(c, saved);
      shown.body.innerHTML = saved.bodyHtml;
      shown.edited.hidden = !saved.edited;
      closeOf(button.closest('article')!.querySelector('.compose')!);
      q.say(saved.status === 'approved' ? 'Saved: readers see the new text.' : 'Saved.');
    });
  return button;
}

/** What an audit line says: "Approved (was pending) by Alice, 3 minutes ago". */
function describe(e: AuditEntryView): string {
  const what =
    e.action === 'status' && e.to
      ? `${PAST[e.to]}${e.from ? ` (was ${e.from})` : ''}`
      : ({ delete: 'Deleted', edit: 'Edited', reply: 'Written as a moderator’s reply', ban: 'Author banned', unban: 'Author’s ban lifted', author_edit: 'Edited by its author', author_delete: 'Deleted by its author' } as Record<string, string>)[e.action] ?? e.action;
  if (e.action.startsWith('author_')) return `${what}, `;
  return `${what} by ${e.moderator?.name ?? 'an operator'}, `;
}

export function history(c: ModerationComment, open: Open): HTMLButtonElement {
  const button: HTMLButtonElement = h('button', { type: 'button', id: `hist-${c.id}`, class: 'link', 'aria-expanded': 'false', onclick: () => open(button, panel) }, 'History');
  const panel = () => {
    const box = h('div', { class: 'history', role: 'region', 'aria-label': `History of the comment by ${c.authorName}`, 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
    void call<{ entries: AuditEntryView[] }>(`/api/moderation/audit?comment=${encodeURIComponent(c.id)}`).then(
      ({ entries }) => {
        box.removeAttribute('aria-busy');
        box.replaceChildren(
          entries.length
            ? h('ol', {}, ...entries.map((e) => h('li', {}, describe(e), h('time', { datetime: e.at }, ago(e.at)))))
            : h('p', {}, 'Nothing done to this comment yet.'),
        );
      },
      (err) => {
        box.removeAttribute('aria-busy');
        box.replaceChildren(h('p', { class: 'error' }, `Not loaded: ${failure(err) ?? 'signed out'}`));
      },
    );
    return box;
  };
  return button;
}
