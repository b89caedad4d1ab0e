// One thread's comments in an open shadow root: the list (threaded, paged),
// the form, and the live updates once the first page is shown.
import type { ApprovedEvent, PublicComment, PublicThread } from '../../../src/contracts.js';
import { announcer, h } from '../shared/dom.js';
import { client, threadKeyOf } from './config.js';
import { buildForm } from './form.js';
import { loadLive, type LiveHandlers } from './live-bridge.js';
import { render, type Shown } from './render.js';
import { CSS } from './style.js';

export function mount(host: HTMLElement) {
  const thread = threadKeyOf(host);
  const root = host.attachShadow({ mode: 'open' });
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

  const say = announcer(status, 50);
  const setCount = () => (heading.textContent = count === 1 ? '1 comment' : `${count} comments`);

  const draw = (c: Shown) => render(c, info && !info.closed ? (li, c) => form.replyTo(li, c) : null);

  function place(c: Shown) {
    if (byId.has(c.id)) return;
    const li = draw(c);
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

  const live: LiveHandlers = {
    approved(c) {
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
    removed(id) {
      const li = byId.get(id);
      if (li) {
        li.remove();
        byId.delete(id);
        count = Math.max(0, count - 1);
        setCount();
      }
    },
    updated(c) {
      const old = byId.get(c.id);
      if (!old) return;
      // Drawn anew, its replies carried over where they are.
      const li = draw(c);
      li.querySelector(':scope > .replies')!.replaceWith(old.querySelector(':scope > .replies')!);
      old.replaceWith(li);
      byId.set(c.id, li);
    },
    live(on) {
      section.dataset.live = on ? 'on' : 'off';
    },
    reconnected() {
      // since= answers approved comments only.
      if (newest) void client.list(thread, { since: newest }).then((page) => page.comments.forEach((c) => live.approved({ ...(c as PublicComment), thread })));
    },
  };

  const form = buildForm({
    thread,
    slot: formSlot,
    posted(c) {
      place(c);
      if (c.status === 'approved') count++;
      byId.get(c.id)?.scrollIntoView({ block: 'nearest' });
      setCount();
    },
    say,
  });

  load().then(
    () => {
      formSlot.append(info?.closed ? h('p', { class: 'closed' }, 'Comments are closed.') : form.el);
      loadLive(thread, live);
    },
    () => {
      list.append(h('li', { class: 'e' }, 'Comments could not be loaded.'));
      formSlot.append(form.el);
    },
  );
}
