// The features the first render does not need (more-bridge.ts): likes,
// sharing a comment's link, editing and deleting one's own comment within its
// 10 minutes, opening a permalink's page, the form's preview. Loaded after the
// first render; registers itself on window.parleyMore.
import type { CommentsPage, EditedComment, LikeResult, Preview } from '../../../src/contracts.js';
import { h } from '../shared/dom.js';
import type { ApiError } from './api.js';
import type { Field } from './form.js';
import type { Own } from './mine.js';
import type { More, MoreDeps } from './more-bridge.js';
import { enLater } from './strings-later.js';

window.parleyLang = { ...window.parleyLang, en: enLater };

window.parleyMore = ({ client: { call, headers, q, site, saveToken }, t, errorText, read, ownKey, likedKey, remember, showLikes, permalink }: MoreDeps): More => {
  const ownBody = (id: string) => read<Own>(ownKey, {})[id]?.body;
  /** Remembers which comments this browser likes (the API does not say): for aria-pressed. */
  function setLiked(id: string, on: boolean) {
    const ids = read<string[]>(likedKey, []).filter((x) => x !== id);
    if (on) ids.push(id);
    localStorage.setItem(likedKey, JSON.stringify(ids.slice(-500)));
  }
  const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json', ...headers() }, body: JSON.stringify(body) });
  const at = (id: string) => `/api/comments/${encodeURIComponent(id)}`;
  let minting: Promise<unknown> = Promise.resolve();
  // The readers' API beyond what the first render needs (DESIGN.md §11).
  const client = {
    /**
     * Likes (on) or unlikes a comment; the token a first like mints is kept as
     * a POST's. Until this browser has one, likes go one after another: two at
     * once would each mint a key, and the first one's like would be orphaned.
     */
    like: (id: string, on: boolean) => {
      const send = async () => {
        const r = await call<LikeResult>(`${at(id)}/like`, { method: on ? 'POST' : 'DELETE', headers: headers() });
        if (r.authorToken) saveToken(r.authorToken);
        return r;
      };
      if ('X-Parley-Author' in headers()) return send();
      const r = minting.then(send, send);
      minting = r.catch(() => undefined);
      return r;
    },
    edit: (id: string, body: string) => call<EditedComment>(at(id), json('PATCH', { body })),
    remove: (id: string) => call<void>(at(id), { method: 'DELETE', headers: headers() }),
    context: (id: string) => call<CommentsPage>(`${at(id)}/context?${q({})}`, { headers: headers() }),
    preview: (body: string) => call<Preview>('/api/preview', json('POST', { site, body })),
  };
  const failure = (err: unknown) => {
    const e = err as ApiError;
    return e.status ? (e.error?.fields?.body ?? errorText(e.error?.code, e.error?.message ?? '')) : t('unreachable');
  };

  /** Puts `panel` in place of the article's body and actions until the returned function is called. */
  function inPlace(article: HTMLElement, panel: HTMLElement) {
    const hidden = [...article.querySelectorAll<HTMLElement>('.b, .acts')].slice(0, 2);
    hidden.forEach((el) => (el.hidden = true));
    hidden[0]!.after(panel);
    return (focus: string) => {
      panel.remove();
      hidden.forEach((el) => (el.hidden = false));
      // The label comes from the site's data-strings: escaped, or a quote in it would break the selector.
      article.querySelector<HTMLElement>(`.acts [aria-label^="${CSS.escape(focus)}:"]`)?.focus();
    };
  }

  return {
    like(v, b, c) {
      const on = b.getAttribute('aria-pressed') !== 'true';
      const before = c.likes;
      // At once on screen; the server's count replaces it when it answers.
      c.likes = Math.max(0, before + (on ? 1 : -1));
      showLikes(b, on, c.likes);
      setLiked(c.id, on);
      client.like(c.id, on).then(
        (r) => {
          c.likes = r.likes;
          showLikes(b, r.liked, r.likes);
          setLiked(c.id, r.liked);
        },
        (err) => {
          c.likes = before;
          showLikes(b, !on, before);
          setLiked(c.id, !on);
          v.say(failure(err));
        },
      );
    },

    share(v, c) {
      // Without a clipboard (an insecure page), the address bar holds the link instead.
      const inBar = () => (location.hash = `comment-${c.id}`);
      if (navigator.clipboard) navigator.clipboard.writeText(permalink(c.id)).then(() => v.say(t('copied')), inBar);
      else inBar();
    },

    edit(v, li, c) {
      const article = li.querySelector('article')!;
      const id = `pw-edit-${c.id}`;
      const text = h('textarea', { id, rows: '5', maxlength: '10000', 'aria-describedby': `${id}-e` });
      text.value = ownBody(c.id) ?? article.querySelector('.b')!.textContent!.trim();
      const problem = h('p', { class: 'e', id: `${id}-e`, role: 'alert' });
      const save = h('button', { type: 'submit', class: 'go' }, t('save'));
      const form = h(
        'form',
        { class: 'inline', novalidate: true, onsubmit: (e: Event) => void send(e) },
        h('label', { for: id, class: 'sr' }, t('comment')),
        text,
        problem,
        h('p', { class: 'row' }, save, h('button', { type: 'button', onclick: () => close(t('edit')) }, t('cancel'))),
      );
      const close = inPlace(article, form);
      text.focus();
      async function send(e: Event) {
        e.preventDefault();
        if (!text.value.trim()) return void (problem.textContent = t('bodyRequired'));
        save.disabled = true;
        try {
          const { comment } = await client.edit(c.id, text.value);
          remember(c.id, comment.createdAt, text.value);
          // An edit a content rule holds takes it out of readers' sight: the author's pending comment again.
          if (c.status !== 'pending' && comment.status === 'pending') v.tally(-1, 1);
          v.redraw(li, { ...c, ...comment, avatar: comment.status === 'pending' ? null : c.avatar });
          v.byId.get(c.id)?.querySelector<HTMLElement>('article')?.focus();
        } catch (err) {
          problem.textContent = failure(err);
          save.disabled = false;
        }
      }
    },

    remove(v, li, c) {
      const question = h('p', { id: `pw-del-${c.id}` }, t('confirmDelete'));
      const problem = h('p', { class: 'e', role: 'alert' });
      const yes = h('button', { type: 'button', class: 'danger', onclick: () => void go() }, t('delete'));
      const no = h('button', { type: 'button', onclick: () => close(t('delete')) }, t('cancel'));
      const close = inPlace(li.querySelector('article')!, h('div', { class: 'inline', role: 'group', 'aria-labelledby': question.id }, question, problem, h('p', { class: 'row' }, yes, no)));
      // The safe choice has the focus; the group's question is read with it.
      no.focus();
      async function go() {
        yes.disabled = true;
        try {
          await client.remove(c.id);
          v.drop(c.id);
          v.tally(c.status === 'pending' ? 0 : -1, c.status === 'pending' ? -1 : 0);
          v.say(t('deleted'));
          v.form.querySelector('textarea')?.focus();
        } catch (err) {
          problem.textContent = failure(err);
          yes.disabled = false;
        }
      }
    },

    async open(v, id) {
      if (!v.byId.has(id)) {
        try {
          v.replace(await client.context(id));
        } catch {
          return; // gone, or never visible: the thread as it is
        }
      }
      const article = v.byId.get(id)?.querySelector('article');
      if (!article) return;
      v.root.querySelector('.hl')?.classList.remove('hl');
      article.classList.add('hl');
      article.scrollIntoView({ block: 'center' });
      article.focus({ preventScroll: true });
    },

    check(values) {
      const errors: Partial<Record<Field, string>> = {};
      if (!values.body.trim()) errors.body = t('bodyRequired');
      else if (values.body.length > 10000) errors.body = t('bodyLong');
      if (!values.name.trim()) errors.name = t('nameRequired');
      else if (values.name.trim().length > 100) errors.name = t('nameLong');
      if (!values.email.trim()) errors.email = t('emailRequired');
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()) || values.email.length > 254) errors.email = t('emailInvalid');
      if (values.website.trim() && !/^https?:\/\/\S+$/i.test(values.website.trim())) errors.website = t('websiteInvalid');
      return errors;
    },

    async preview(body, box) {
      try {
        box.innerHTML = (await client.preview(body)).bodyHtml; // sanitized by the server, as a published body
      } catch (err) {
        box.replaceChildren(h('p', { class: 'e' }, failure(err)));
      }
    },
  };
};
