// One comment in the queue as a card: who wrote it, where and when, why it was
// held, the sanitized body, a box for the bulk selection, and the decision buttons.
import type { ModerationComment } from '../../../src/contracts.js';
import { ago, h } from '../shared/dom.js';
import { act, remove } from './actions.js';
import { banAuthor } from './ban.js';
import { ACTIONS, REASONS } from './labels.js';
import type { Queue } from './queue-state.js';

export function card(q: Queue, c: ModerationComment): HTMLElement {
  const body = h('div', { class: 'body' });
  body.innerHTML = c.bodyHtml;
  const check = h('input', { type: 'checkbox', id: `sel-${c.id}`, 'aria-label': `Select comment by ${c.authorName}` });
  check.addEventListener('change', () => {
    if (check.checked) q.chosen.add(c.id);
    else q.chosen.delete(c.id);
    q.showCounts();
  });
  const threadLabel = c.thread.title || c.thread.key;
  const el = h(
    'article',
    { 'data-comment-id': c.id, 'aria-labelledby': `by-${c.id}`, tabindex: '-1', onclick: () => q.select(el) },
    h(
      'header',
      {},
      check,
      h('strong', { id: `by-${c.id}` }, c.authorName),
      ' ',
      c.authorEmail ? h('a', { href: `mailto:${c.authorEmail}` }, c.authorEmail) : h('span', { class: 'erased' }, '(erased)'),
      c.authorWebsite ? h('a', { href: c.authorWebsite, rel: 'nofollow ugc noopener' }, c.authorWebsite) : null,
    ),
    h(
      'p',
      { class: 'meta' },
      c.thread.url ? h('a', { href: c.thread.url }, threadLabel) : h('span', {}, threadLabel),
      ` · ${c.site.name} · `,
      h('time', { datetime: c.createdAt }, ago(c.createdAt)),
      // A reason this dashboard does not know yet shows as its code.
      ...c.heldReasons.map((r) => h('span', { class: 'badge' }, REASONS[r] ?? r)),
    ),
    body,
    h(
      'p',
      { class: 'actions' },
      ...ACTIONS.filter(([s]) => s !== c.status).map(([s, label]) => h('button', { type: 'button', onclick: () => void act(q, [c.id], s) }, label)),
      h('button', { type: 'button', class: 'danger', onclick: () => void remove(q, c.id) }, 'Delete'),
      h('button', { type: 'button', class: 'danger', onclick: () => banAuthor(q, c) }, 'Ban author…'),
    ),
  );
  return el;
}
