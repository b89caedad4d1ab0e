// The comment widget: one script tag under an article (DESIGN.md §8).
//   <div id="parley-comments" data-thread="optional-key"></div>
//   <script src="https://comments.example.com/widget.js" data-site="SITE" async></script>
// Renders in an open shadow root, mounts when scrolled near, and loads the
// live part (socket.io-client) only after the first render.
import type { ApprovedEvent, AuthoredComment, PublicComment, PublicThread } from '../../../src/contracts.js';
import { api, type ApiError } from './api.js';
import { ago, h, identicon } from './dom.js';
import { CSS } from './style.js';

declare const __LIVE__: string;
/** The design's default reply depth; a site with another limit answers a too-deep reply with a parentId error, shown in the form. */
const DEPTH = 3;

type Shown = PublicComment & { status?: AuthoredComment['status'] };

const script = document.currentScript as HTMLScriptElement | null;
const base = script ? new URL(script.src).origin : location.origin;
const site = script?.dataset.site ?? '';
const client = api(base, site);

function threadKeyOf(el: HTMLElement): string {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  return el.dataset.thread || (canonical ? new URL(canonical, location.href).pathname : location.pathname);
}

const FIELDS = [
  ['body', 'Comment', true],
  ['name', 'Name', true],
  ['email', 'Email', true],
  ['website', 'Website', false],
] as const;
type Field = (typeof FIELDS)[number][0];

function check(values: Record<Field, string>): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!values.body.trim()) errors.body = 'Comment is required.';
  else if (values.body.length > 10000) errors.body = 'Comment must be at most 10,000 characters.';
  if (!values.name.trim()) errors.name = 'Name is required.';
  else if (values.name.trim().length > 100) errors.name = 'Name must be at most 100 characters.';
  if (!values.email.trim()) errors.email = 'Email is required.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()) || values.email.length > 254) errors.email = 'Email must be a valid address.';
  if (values.website.trim() && !/^https?:\/\/\S+$/i.test(values.website.trim())) errors.website = 'Website must be an http:// or https:// address.';
  return errors;
}

function mount(host: HTMLElement) {
  const thread = threadKeyOf(host);
  const root = host.attachShadow({ mode: 'open' });
  const draftKey = `parley:draft:${site}:${thread}`;
  const byId = new Map<string, HTMLLIElement>();
  const pendingNew: ApprovedEvent[] = [];
  let info: PublicThread | undefined;
  let cursor: string | null = null;
  let newest = '';
  let count = 0;

  const status = h('p', { class: 'sr', role: 'status', 'aria-live': 'polite' });
  const heading = h('h2', { id: 'pw-h' }, 'Comments');
  const list = h('ol', { class: 'list' });
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => void load() }, 'Load more comments');
  const fresh = h('button', { type: 'button', class: 'new', hidden: true, onclick: showNew });
  const formSlot = h('div');
  const section = h('section', { class: 'pw', 'aria-labelledby': 'pw-h' }, heading, status, fresh, list, more, formSlot);
  root.append(h('style', {}, CSS), section);

  const say = (text: string) => {
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 50);
  };
  const setCount = () => (heading.textContent = count === 1 ? '1 comment' : `${count} comments`);
  const depthOf = (li: HTMLElement | null): number => {
    let d = 0;
    for (let el = li; el; el = el.parentElement?.closest('li') ?? null) d++;
    return d;
  };

  function render(c: Shown): HTMLLIElement {
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
    if (c.status !== 'pending' && info && !info.closed) {
      const reply = h('button', { type: 'button', class: 'r', 'aria-label': `Reply to ${c.authorName}`, onclick: () => form.replyTo(li, c) }, 'Reply');
      article.append(reply);
    }
    return li;
  }

  function place(c: Shown) {
    if (byId.has(c.id)) return;
    const li = render(c);
    byId.set(c.id, li);
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    (parent ? parent.querySelector(':scope > .replies')! : list).append(li);
    if (c.id > newest && c.status !== 'pending') newest = c.id;
  }

  async function load() {
    const page = await client.list(thread, cursor ? { cursor } : {});
    info = page.thread;
    count = page.thread.commentCount;
    for (const c of page.comments) place(c);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    setCount();
  }

  function showNew() {
    const n = pendingNew.length;
    for (const c of pendingNew.splice(0)) place(c);
    count += n;
    fresh.hidden = true;
    setCount();
    say(n === 1 ? '1 new comment shown.' : `${n} new comments shown.`);
  }

  const live = {
    approved(c: ApprovedEvent) {
      const mine = byId.get(c.id);
      if (mine) {
        // The author's own comment was approved: it becomes an ordinary comment, where it stands.
        mine.querySelector(':scope > article > .p')?.remove();
        count++;
        setCount();
        say('Your comment has been published.');
        return;
      }
      if (pendingNew.some((p) => p.id === c.id)) return;
      pendingNew.push(c);
      fresh.textContent = pendingNew.length === 1 ? '1 new comment' : `${pendingNew.length} new comments`;
      fresh.hidden = false;
      say(fresh.textContent);
    },
    removed(id: string) {
      const li = byId.get(id);
      if (li) {
        li.remove();
        byId.delete(id);
        count = Math.max(0, count - 1);
        setCount();
      }
    },
    live(on: boolean) {
      section.dataset.live = on ? 'on' : 'off';
    },
    reconnected() {
      if (newest) void client.list(thread, { since: newest }).then((page) => page.comments.forEach((c) => live.approved({ ...c, thread })));
    },
  };

  const form = buildForm();

  function buildForm() {
    const values = () => Object.fromEntries(FIELDS.map(([f]) => [f, inputs[f].value])) as Record<Field, string>;
    const saved = JSON.parse(localStorage.getItem('parley:me') ?? 'null') as Record<string, string> | null;
    const draft = JSON.parse(sessionStorage.getItem(draftKey) ?? 'null') as Record<string, string> | null;
    const inputs = {} as Record<Field, HTMLInputElement | HTMLTextAreaElement>;
    const errors = {} as Record<Field, HTMLElement>;
    const rows = FIELDS.map(([f, label, required]) => {
      const id = `pw-${f}`;
      const input =
        f === 'body'
          ? h('textarea', { id, name: f, rows: '5', required, maxlength: '10000' })
          : h('input', { id, name: f, type: f === 'email' ? 'email' : f === 'website' ? 'url' : 'text', required, autocomplete: f === 'website' ? 'url' : f, maxlength: f === 'email' ? '254' : f === 'website' ? '200' : '100' });
      input.value = draft?.[f] ?? saved?.[f] ?? '';
      input.addEventListener('input', () => sessionStorage.setItem(draftKey, JSON.stringify(values())));
      inputs[f] = input;
      errors[f] = h('span', { class: 'e', id: `${id}-e` });
      return h('p', { class: `f f-${f}` }, h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null), input, errors[f]);
    });
    const remember = h('input', { type: 'checkbox', id: 'pw-save', checked: !!saved });
    const problem = h('p', { class: 'e', role: 'alert' });
    const title = h('h3', { id: 'pw-form-h' }, 'Leave a comment');
    const cancel = h('button', { type: 'button', class: 'cancel', hidden: true, onclick: () => replyTo(null) }, 'Cancel reply');
    const submit = h('button', { type: 'submit' }, 'Post Comment');
    let parentId: string | undefined;
    const el = h(
      'form',
      { 'aria-labelledby': 'pw-form-h', novalidate: true, onsubmit: (e: Event) => void send(e) },
      title,
      rows[0],
      rows[1],
      rows[2],
      rows[3],
      h('p', { class: 'note' }, 'Your email address will not be published. Required fields are marked *'),
      h('p', { class: 'save' }, remember, h('label', { for: 'pw-save' }, 'Save my name, email, and website in this browser for the next time I comment.')),
      problem,
      h('p', {}, submit, ' ', cancel),
    );

    function showErrors(found: Partial<Record<string, string>>) {
      let first: HTMLElement | undefined;
      for (const [f] of FIELDS) {
        const message = found[f];
        errors[f].textContent = message ?? '';
        if (message) {
          inputs[f].setAttribute('aria-invalid', 'true');
          inputs[f].setAttribute('aria-describedby', `pw-${f}-e`);
          first ??= inputs[f];
        } else {
          inputs[f].removeAttribute('aria-invalid');
          inputs[f].removeAttribute('aria-describedby');
        }
      }
      first?.focus();
      return !!first;
    }

    async function send(e: Event) {
      e.preventDefault();
      problem.textContent = '';
      const v = values();
      if (showErrors(check(v))) return;
      submit.disabled = true;
      try {
        const posted = await client.post({ thread, threadTitle: document.title.slice(0, 300) || undefined, threadUrl: location.href.split('#')[0], parentId, name: v.name.trim(), email: v.email.trim(), website: v.website.trim() || undefined, body: v.body });
        client.saveToken(posted.authorToken);
        if (remember.checked) localStorage.setItem('parley:me', JSON.stringify({ name: v.name, email: v.email, website: v.website }));
        else localStorage.removeItem('parley:me');
        place(posted.comment);
        if (posted.comment.status === 'approved') count++;
        byId.get(posted.comment.id)?.scrollIntoView({ block: 'nearest' });
        inputs.body.value = '';
        sessionStorage.removeItem(draftKey);
        replyTo(null);
        setCount();
        say(posted.message);
      } catch (err) {
        const failure = err as ApiError;
        const fields = failure.error?.fields ?? {};
        if (Object.keys(fields).length) showErrors(fields);
        problem.textContent = failure.status
          ? (fields.parentId ?? fields.thread ?? failure.error.message)
          : 'Could not reach the comment server. Your comment is kept here: try again in a moment.';
      } finally {
        submit.disabled = false;
      }
    }

    function replyTo(li: HTMLLIElement | null, c?: Shown) {
      parentId = c?.id;
      title.textContent = c ? `Reply to ${c.authorName}` : 'Leave a comment';
      cancel.hidden = !c;
      if (li && c && depthOf(li) >= DEPTH) {
        // Too deep to nest further: reply next to it instead (as its parent's reply).
        parentId = c.parentId ?? undefined;
      }
      if (li) li.querySelector(':scope > article')!.after(el);
      else formSlot.append(el);
      if (c) inputs.body.focus();
    }

    return { el, replyTo };
  }

  load().then(
    () => {
      formSlot.append(info?.closed ? h('p', { class: 'closed' }, 'Comments are closed.') : form.el);
      const s = document.createElement('script');
      s.src = `${base}/${__LIVE__}`;
      s.async = true;
      s.onload = () => (window as unknown as { parleyLive?: (...a: unknown[]) => void }).parleyLive?.(base, site, thread, live);
      document.head.append(s);
    },
    () => {
      list.append(h('li', { class: 'e' }, 'Comments could not be loaded.'));
      formSlot.append(form.el);
    },
  );
}

function start() {
  const host = document.querySelector<HTMLElement>('#parley-comments, [data-parley]');
  if (host && !host.shadowRoot) {
    if ('IntersectionObserver' in window) {
      const io = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            io.disconnect();
            mount(host);
          }
        },
        { rootMargin: '600px' },
      );
      io.observe(host);
    } else mount(host);
  }
  // Counts for article lists: one request for every data-parley-count on the page.
  const counters = [...document.querySelectorAll<HTMLElement>('[data-parley-count]')];
  const keys = [...new Set(counters.map((el) => el.dataset.parleyCount!))].slice(0, 100);
  if (keys.length)
    client.counts(keys).then(
      (r) => counters.forEach((el) => (el.textContent = String(r.counts[el.dataset.parleyCount!] ?? 0))),
      () => {},
    );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
