// One comment as readers see it: a list item with its article (picture; name ·
// time, the time being its permalink; body; actions) and the list of its replies.
import type { AuthoredComment, PublicComment } from '../../../src/contracts.js';
import { ago, h } from '../shared/dom.js';
import { identicon } from './identicon.js';
import { editableFor, likes } from './mine.js';
import { lang, t } from './strings.js';

/** A comment on screen: anyone's, or the reader's own (with its status, and no avatar until published). */
export type Shown = Omit<PublicComment, 'avatar'> & { avatar: string | null; status?: AuthoredComment['status'] };

/** What a comment's buttons do; reply is null where no reply may go (a closed thread, the deepest level). */
export interface Actions {
  reply: ((li: HTMLLIElement, c: Shown) => void) | null;
  like(button: HTMLButtonElement, c: Shown): void;
  share(c: Shown): void;
  edit(li: HTMLLIElement, c: Shown): void;
  remove(li: HTMLLIElement, c: Shown): void;
}

export const permalink = (id: string) => `${location.href.split('#')[0]}#comment-${id}`;

function heart(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M8 13.5S2 9.8 2 5.9A3.1 3.1 0 0 1 8 4.3a3.1 3.1 0 0 1 6 1.6c0 3.9-6 7.6-6 7.6z');
  svg.append(path);
  return svg;
}

/** A Like button's state: pressed or not, and the count. Its name starts with what it shows ("Like 3"), as speech input expects: "Like 3 likes". */
export function showLikes(b: HTMLButtonElement, liked: boolean, n: number) {
  b.setAttribute('aria-pressed', String(liked));
  b.setAttribute('aria-label', `${t('like')} ${t('likes', { n })}`);
  // The space makes the shown text "Like 12", which the name must contain (the gap alone would make it "Like12").
  b.lastChild!.textContent = n ? ` ${new Intl.NumberFormat(lang).format(n)}` : '';
}

function likeButton(c: Shown, on: (b: HTMLButtonElement) => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'a like', onclick: () => on(b) }, heart(), t('like'), h('span', { class: 'k' }));
  showLikes(b, likes(c.id), c.likes);
  return b;
}

export function render(c: Shown, act: Actions): HTMLLIElement {
  const name = c.authorWebsite ? h('a', { href: c.authorWebsite, rel: 'nofollow ugc noopener', class: 'n' }, c.authorName) : h('span', { class: 'n' }, c.authorName);
  const body = h('div', { class: 'b' });
  body.innerHTML = c.bodyHtml; // sanitized by the server at write time: the only HTML we parse
  const replies = h('ol', { class: 'replies' });
  const pending = c.status === 'pending';
  const when = h('time', { datetime: c.createdAt, title: new Date(c.createdAt).toLocaleString(lang) }, ago(c.createdAt, lang));
  const actions = h('div', { class: 'acts' });
  const article = h(
    'article',
    { class: 'c', id: `comment-${c.id}`, tabindex: '-1', 'aria-label': t('by', { name: c.authorName }) },
    identicon(c.avatar),
    h(
      'div',
      { class: 'm' },
      h(
        'header',
        {},
        name,
        c.badge === 'moderator' ? h('span', { class: 'badge' }, t('moderator')) : null,
        // A pending comment has no address yet: no one else can open it.
        pending ? h('span', { class: 't' }, when) : h('a', { class: 't', href: permalink(c.id) }, when),
        c.edited ? h('span', { class: 'ed' }, t('edited')) : null,
      ),
      body,
      pending ? h('p', { class: 'p' }, t('awaiting')) : null,
      actions,
    ),
  );
  const li = h('li', { 'data-id': c.id }, article, replies);
  const label = (key: 'reply' | 'share' | 'edit' | 'delete') => `${t(key)}: ${t('by', { name: c.authorName })}`;
  if (!pending) {
    actions.append(likeButton(c, (b) => act.like(b, c)));
    if (act.reply) actions.append(h('button', { type: 'button', class: 'a r', 'aria-label': t('replyTo', { name: c.authorName }), onclick: () => act.reply!(li, c) }, t('reply')));
    actions.append(h('button', { type: 'button', class: 'a', 'aria-label': label('share'), onclick: () => act.share(c) }, t('share')));
  }
  const left = editableFor(c.id);
  if (left) {
    const own = [
      h('button', { type: 'button', class: 'a', 'aria-label': label('edit'), onclick: () => act.edit(li, c) }, t('edit')),
      h('button', { type: 'button', class: 'a', 'aria-label': label('delete'), onclick: () => act.remove(li, c) }, t('delete')),
    ];
    actions.append(...own);
    // The server refuses after 10 minutes: the buttons go when the window closes.
    setTimeout(() => own.forEach((b) => b.remove()), left);
  }
  return li;
}
