// "Ban author…" on a card: a modal dialog asks what to ban the author by (their
// email, their address, or both; DESIGN.md §6), then bans them on that comment's
// site. Escape or Cancel closes it and nothing happens.
import type { ModerationComment } from '../../../src/contracts.js';
import { h } from '../shared/dom.js';
import { call, type HttpError } from './api.js';
import { modal } from './dialog.js';
import type { Queue } from './queue-state.js';

export function banAuthor(q: Queue, c: ModerationComment) {
  // An erased author has no email left to ban by.
  const box = (id: string, label: string, on: boolean) => [h('input', { type: 'checkbox', id, checked: on, disabled: !on }), h('label', { for: id }, label), ' '];
  modal(`Ban ${c.authorName}`, `Their later comments on ${c.site.name} will go to Spam.`, (close, dialog) => {
    async function submit() {
      const by = [...dialog.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => (i.id === 'ban-email' ? 'email' : 'ip'));
      close();
      try {
        await call('/api/moderation/bans', { method: 'POST', body: JSON.stringify({ commentId: c.id, by }) });
        q.say('Banned.');
      } catch (err) {
        const e = err as HttpError;
        if (e.status !== 401) q.say(`Not banned: ${e.body.error?.fields?.by ?? e.message}`);
      }
    }
    return [
      h(
        'form',
        { onsubmit: (e: Event) => (e.preventDefault(), void submit()) },
        h('fieldset', {}, h('legend', {}, 'Ban them'), ...box('ban-email', 'by email', !!c.authorEmail), ...box('ban-ip', 'by address', true)),
        h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'danger solid' }, 'Ban'), h('button', { type: 'button', onclick: close }, 'Cancel')),
      ),
    ];
  });
}
