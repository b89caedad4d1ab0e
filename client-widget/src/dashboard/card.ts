// One comment in the queue as a card: who wrote it and their record on the
// site, where and when (with a link to the comment on the article), what it
// answers, why it was held, the sanitized body, a box for the bulk selection,
// the decision buttons in one row, and the tools (reply, edit, ban, history).
import type { ModerationComment } from '../../../src/contracts.js';
import { ago, h } from '../shared/dom.js';
import { act, remove } from './actions.js';
import { banAuthor } from './ban.js';
import { ACTIONS, CALM_REASONS, REASONS } from './labels.js';
import type { Queue } from './queue-state.js';
import { editor, history, opener, replier } from './card-tools.js';

/** "3 approved · 1 spam · 0 rejected" (and pending, when more than this one waits). */
export function record(hist: NonNullable<ModerationComment['authorHistory']>): string {
  const parts = [`${hist.approved} approved`, `${hist.spam} spam`, `${hist.rejected} rejected`];
  if (hist.pending > 1) parts.push(`${hist.pending} pending`);
  return parts.join(' · ');
}

/** Nothing decided before, and this the only one waiting. */
const firstOnSite = (hist: NonNullable<ModerationComment['authorHistory']>) => hist.approved + hist.spam + hist.rejected === 0 && hist.pending <= 1;

/** The comment each card shows: live edits update it, so an Edit opened later starts from the words on screen. */
export const shownComment = new WeakMap<Element, ModerationComment>();

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
  const edited = h('span', { class: 'tag edited', hidden: !c.edited }, 'edited');
  const tools = h('p', { class: 'tools-row' });
  const drawer = h('div', { class: 'drawer' });
  const el = h(
    'article',
    { 'data-comment-id': c.id, 'aria-labelledby': `by-${c.id}`, tabindex: '-1', onclick: () => q.select(el) },
    h(
      'header',
      {},
      check,
      h('strong', { id: `by-${c.id}` }, c.authorName),
      c.badge === 'moderator' ? h('span', { class: 'tag' }, 'moderator') : null,
      ' ',
      c.authorEmail ? h('a', { href: `mailto:${c.authorEmail}` }, c.authorEmail) : h('span', { class: 'erased' }, '(erased)'),
      c.authorWebsite ? h('a', { href: c.authorWebsite, rel: 'nofollow ugc noopener' }, c.authorWebsite) : null,
    ),
    c.authorHistory
      ? h('p', { class: 'record' }, firstOnSite(c.authorHistory) ? 'Their first comment on this site' : `On this site: ${record(c.authorHistory)}`)
      : null,
    h(
      'p',
      { class: 'meta' },
      c.thread.url ? h('a', { href: c.thread.url }, threadLabel) : h('span', {}, threadLabel),
      ` · ${c.site.name} · `,
      h('time', { datetime: c.createdAt }, ago(c.createdAt)),
      ' ',
      edited,
      ...(c.thread.url ? [' · ', h('a', { href: `${c.thread.url}#comment-${c.id}`, class: 'permalink' }, 'on the article')] : []),
    ),
    c.inReplyTo ? h('p', { class: 'reply-to' }, 'in reply to ', h('strong', {}, c.inReplyTo.authorName), `: ${c.inReplyTo.excerpt}`) : null,
    // A reason this dashboard does not know yet shows as its code.
    c.heldReasons.length ? h('p', { class: 'reasons' }, 'Held: ', ...c.heldReasons.map((r) => h('span', { class: CALM_REASONS.includes(r) ? 'badge calm' : 'badge' }, REASONS[r] ?? r))) : null,
    body,
    h(
      'p',
      { class: 'actions' },
      ...ACTIONS.filter(([s]) => s !== c.status).map(([s, label]) => h('button', { type: 'button', onclick: () => void act(q, [c.id], s) }, label)),
      h('button', { type: 'button', class: 'danger', onclick: () => void remove(q, c) }, 'Delete'),
    ),
    tools,
    drawer,
  );
  shownComment.set(el, c);
  const open = opener(drawer);
  tools.append(
    // Spam and rejected comments take no replies (the server refuses them too).
    c.status === 'pending' || c.status === 'approved' ? replier(q, c, open) : '',
    editor(q, c, open, { body, edited }),
    h('button', { type: 'button', class: 'link danger', onclick: () => banAuthor(q, c) }, 'Ban author…'),
    history(c, open),
  );
  return el;
}
