// One thread's comments in an open shadow root: the heading with its count and
// sort, the list (threaded, paged), the form, permalinks, and the live updates
// once the first page is shown.
import type { ApprovedEvent, CommentSort, CommentsPage, PublicComment, PublicThread } from '../../../src/contracts.js';
import { announcer, h } from '../shared/dom.js';
import type { ApiError } from './api.js';
import { client, threadKeyOf } from './config.js';
import { buildForm } from './form.js';
import { loadLive, type LiveHandlers } from './live-bridge.js';
import { chooseLanguage } from './locale.js';
import { later, type View } from './more-bridge.js';
import { render, type Actions, type Shown } from './render.js';
import { CSS } from './style.js';
import { isDark } from './theme.js';
import { errorText, t } from './strings.js';

const SORTS: CommentSort[] = ['oldest', 'newest', 'best'];
const target = () => /^#comment-([\w-]{1,64})$/.exec(location.hash)?.[1];

export async function mount(host: HTMLElement) {
  const thread = threadKeyOf(host);
  const root = host.attachShadow({ mode: 'open' });
  await chooseLanguage(host);
  const byId = new Map<string, HTMLLIElement>();
  const pendingNew: ApprovedEvent[] = [];
  let info: PublicThread | undefined;
  let cursor: string | null = null;
  let sort: CommentSort = 'oldest';
  let newest = '';
  /** Approved comments in the thread, and the reader's own awaiting moderation on screen. */
  let count = 0;
  let waiting = 0;
  let live = false;

  const status = h('p', { class: 'sr', role: 'status', 'aria-live': 'polite' });
  const heading = h('h2', { id: 'pw-h' }, t('title'));
  const order = h(
    'select',
    { id: 'pw-sort', onchange: () => void resort() },
    ...SORTS.map((s) => h('option', { value: s }, t(s))),
  );
  const sorter = h('p', { class: 'sort', hidden: true }, h('label', { for: 'pw-sort' }, t('sort')), order);
  const empty = h('p', { class: 'empty', hidden: true }, t('empty'));
  const notice = h('div', { class: 'notice', role: 'alert', hidden: true });
  const all = h('button', { type: 'button', class: 'a all', hidden: true, onclick: () => void resort() }, t('showAll'));
  const list = h('ol', { class: 'list' });
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => void load() }, t('more'));
  const fresh = h('button', { type: 'button', class: 'new', hidden: true, onclick: showNew });
  const formSlot = h('div');
  const section = h('section', { class: 'pw', 'aria-labelledby': 'pw-h' }, h('div', { class: 'top' }, heading, sorter), status, notice, fresh, all, empty, list, more, formSlot);
  if (isDark(host)) section.classList.add('dark');
  root.append(h('style', {}, CSS), section);

  const say = announcer(status, 50);
  function setCount() {
    heading.textContent = count || waiting ? t('count', { n: count }) : t('title');
    // The reader's own comments waiting for a moderator count apart (no one else sees them), in smaller type.
    if (waiting) heading.append(h('span', { class: 'aw' }, ` · ${t('awaitingCount', { n: waiting })}`));
    empty.hidden = !!(count || waiting || list.firstChild) || !info;
    sorter.hidden = count < 2;
  }

  const actions = (depth: number): Actions => ({
    // Reply only where a reply may stand: never on the deepest level, never in a closed thread.
    reply: info && !info.closed && depth < info.depthLimit ? (li, c) => form.replyTo(li, c) : null,
    like: (b, c) => void later().then((m) => m.like(view, b, c)),
    share: (c) => void later().then((m) => m.share(view, c)),
    edit: (li, c) => void later().then((m) => m.edit(view, li, c)),
    remove: (li, c) => void later().then((m) => m.remove(view, li, c)),
  });

  const failure = (err: ApiError) => (err.status ? errorText(err.error?.code, err.error?.message) : t('unreachable'));
  const depthOf = (li: HTMLLIElement | undefined) => (li ? Number(li.dataset.depth) : 0);

  function draw(c: Shown, depth: number) {
    const li = render(c, actions(depth));
    li.dataset.depth = String(depth);
    return li;
  }

  function place(c: Shown) {
    if (byId.has(c.id)) return;
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    const li = draw(c, depthOf(parent) + 1);
    byId.set(c.id, li);
    (parent ? parent.querySelector(':scope > .replies')! : list).append(li);
    if (c.status === 'pending') waiting++;
    else if (c.id > newest) newest = c.id;
  }

  /** Draws a comment anew where it stands, its replies carried over. */
  function redraw(old: HTMLLIElement, c: Shown) {
    // The one on screen: a live update may have drawn it anew since `old` was handed out.
    old = byId.get(c.id) ?? old;
    const li = draw(c, depthOf(old));
    li.querySelector(':scope > .replies')!.replaceWith(old.querySelector(':scope > .replies')!);
    old.replaceWith(li);
    byId.set(c.id, li);
  }

  /** Takes a comment off the screen; its replies move up one level, as on the server. */
  function drop(id: string) {
    const li = byId.get(id);
    if (!li) return false;
    li.querySelector('.hl')?.classList.remove('hl');
    if (li.contains(form.el)) form.replyTo(null);
    for (const r of li.querySelectorAll<HTMLLIElement>('.replies li')) r.dataset.depth = String(depthOf(r) - 1);
    li.after(...li.querySelectorAll<HTMLLIElement>(':scope > .replies > li'));
    li.remove();
    byId.delete(id);
    return true;
  }

  function show(page: CommentsPage) {
    info = page.thread;
    count = page.thread.commentCount;
    for (const c of page.comments) place(c);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    setCount();
  }

  const load = async () => show(await client.list(thread, { cursor: cursor ?? undefined, sort: sort === 'oldest' ? undefined : sort }));

  function clear() {
    if (list.contains(form.el)) form.replyTo(null);
    list.replaceChildren();
    byId.clear();
    cursor = null;
    waiting = 0;
  }

  async function resort() {
    sort = order.value as CommentSort;
    all.hidden = true;
    clear();
    await load().catch(failed);
  }

  /** #comment-ID: that comment, highlighted (the feature chunk loads the page holding it when it is not this one). */
  const openPermalink = async () => {
    const id = target();
    if (id) await (await later()).open(view, id);
  };

  function showNew() {
    const n = pendingNew.length;
    for (const c of pendingNew.splice(0)) place(c);
    count += n;
    fresh.hidden = true;
    setCount();
    say(t('shown', { n }));
  }

  const handlers: LiveHandlers = {
    approved(c) {
      const mine = byId.get(c.id);
      if (mine) {
        const waited = mine.querySelector('.p');
        // The author's own comment, published: an ordinary comment now (Reply, Like, its picture), where it stands.
        redraw(mine, c);
        // Published at once, it was counted when posted (this event may even have come first).
        if (!waited) return;
        waiting--;
        count++;
        setCount();
        say(t('published'));
        return;
      }
      if (pendingNew.some((p) => p.id === c.id)) return;
      pendingNew.push(c);
      fresh.textContent = t('fresh', { n: pendingNew.length });
      fresh.hidden = false;
      say(fresh.textContent);
    },
    removed(id) {
      if (drop(id)) {
        count = Math.max(0, count - 1);
        setCount();
      }
    },
    updated(c) {
      const old = byId.get(c.id);
      if (old) redraw(old, c);
    },
    live(on) {
      section.dataset.live = on ? 'on' : 'off';
    },
    reconnected() {
      // since= answers approved comments only.
      if (newest) void client.list(thread, { since: newest }).then((page) => page.comments.forEach((c) => handlers.approved({ ...(c as PublicComment), thread })));
    },
  };

  const view: View = {
    root,
    byId,
    say,
    redraw,
    drop,
    tally(approved, own) {
      count += approved;
      waiting += own;
      setCount();
    },
    replace(page) {
      clear();
      show(page);
      all.hidden = false;
    },
    get form() {
      return form.el;
    },
  };

  const form = buildForm({
    thread,
    slot: formSlot,
    posted(c) {
      // Its live announcement may have come first: it is no "new comment" to its author.
      const i = pendingNew.findIndex((p) => p.id === c.id);
      if (i >= 0) pendingNew.splice(i, 1);
      fresh.textContent = t('fresh', { n: pendingNew.length });
      fresh.hidden = !pendingNew.length;
      place(c);
      if (c.status === 'approved') count++;
      byId.get(c.id)?.scrollIntoView({ block: 'nearest' });
      setCount();
    },
    say,
  });

  function failed(err: ApiError) {
    notice.hidden = false;
    notice.replaceChildren(h('p', {}, failure(err) || t('loadFailed')));
    // A site owner's mistake (an origin or site id) is not mended by trying again.
    if (err.error?.code !== 'origin_not_allowed' && err.error?.code !== 'site_not_found')
      notice.append(h('button', { type: 'button', onclick: () => void start() }, t('retry')));
  }

  async function start() {
    notice.hidden = true;
    clear();
    try {
      await load();
    } catch (err) {
      return failed(err as ApiError);
    }
    formSlot.replaceChildren(info?.closed ? h('p', { class: 'closed' }, t('closed')) : form.el);
    await openPermalink().catch(() => {});
    if (!live) {
      live = true;
      // The feature chunk first: it brings the words live events use ("2 new comments", "published").
      void later()
        .catch(() => {})
        .then(() => loadLive(thread, handlers));
      addEventListener('hashchange', () => void openPermalink());
    }
  }
  await start();
}
