// One comment as readers see it: a list item with its article and the list of its replies.
import type { AuthoredComment, PublicComment } from '../../../src/contracts.js';
import { ago, h } from '../shared/dom.js';
import { identicon } from './identicon.js';

/** A comment on screen: anyone's, or the reader's own (with its status, and no avatar until published). */
export type Shown = Omit<PublicComment, 'avatar'> & { avatar: string | null; status?: AuthoredComment['status'] };

/** `reply`: what its Reply button does; null when the thread takes no replies (none is shown). */
export function render(c: Shown, reply: ((li: HTMLLIElement, c: Shown) => void) | null): HTMLLIElement {
  const name = c.authorWebsite ? h('a', { href: c.authorWebsite, rel: 'nofollow ugc noopener', class: 'n' }, c.authorName) : h('span', { class: 'n' }, c.authorName);
  const body = h('div', { class: 'b' });
  body.innerHTML = c.bodyHtml; // sanitized by the server at write time: the only HTML we parse
  const replies = h('ol', { class: 'replies' });
  const article = h(
    'article',
    { class: 'c', 'aria-label': `Comment by ${c.authorName}` },
    h('header', {}, identicon(c.avatar), name, ' ', h('time', { datetime: c.createdAt, title: new Date(c.createdAt).toLocaleString() }, ago(c.createdAt))),
    body,
    c.status === 'pending' ? h('p', { class: 'p' }, 'Your comment is awaiting moderation.') : null,
  );
  const li = h('li', { 'data-id': c.id }, article, replies);
  if (c.status !== 'pending' && reply) {
    const button = h('button', { type: 'button', class: 'r', 'aria-label': `Reply to ${c.authorName}`, onclick: () => reply(li, c) }, 'Reply');
    article.append(button);
  }
  return li;
}
