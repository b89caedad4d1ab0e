// The queue page, once signed in: header, filters, status tabs with their
// counts, the bulk row, the cards, paging; keys and live updates wired to it.
import type { CommentStatus, ModerationQueue, ModeratorProfile } from '../../../src/contracts.js';
import { announcer, h } from '../shared/dom.js';
import { act } from './actions.js';
import { call } from './api.js';
import { app } from './app.js';
import { card } from './card.js';
import { filters, linked, queueQuery, saveFilters } from './filters.js';
import { keysHelp, listenForKeys } from './keys.js';
import { ACTIONS, TABS } from './labels.js';
import { goLive } from './live.js';
import { queueState } from './queue-state.js';

export async function queueView(me: ModeratorProfile, signedOut: () => void) {
  const sites = (await call<{ sites: Array<{ id: string; name: string }> }>('/api/moderation/sites')).sites;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const tabs = new Map<CommentStatus, { tab: HTMLButtonElement; count: HTMLSpanElement }>();
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Comments by status' });
  for (const [s, label] of TABS) {
    const count = h('span', { class: 'count' }, '0');
    const tab = h('button', { type: 'button', role: 'tab', id: `tab-${s}`, 'aria-controls': 'panel', onclick: () => switchTo(s) }, `${label} `, count);
    tabs.set(s, { tab, count });
    tablist.append(tab);
  }
  const siteSelect = h('select', { id: 'f-site' }, h('option', { value: '' }, 'All sites'), ...sites.map((s) => h('option', { value: s.id }, s.name)));
  const threadInput = h('input', { id: 'f-thread', type: 'search', placeholder: 'thread key' });
  const search = h('input', { id: 'f-q', type: 'search', placeholder: 'words, name or email' });
  const sort = h('select', { id: 'f-sort' }, h('option', { value: 'newest' }, 'Newest first'), h('option', { value: 'oldest' }, 'Oldest first'));
  siteSelect.value = filters.site;
  threadInput.value = filters.thread;
  search.value = filters.q;
  sort.value = filters.sort;
  const list = h('div', { class: 'cards' });
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => void load(false) }, 'Load more');
  const panel = h('section', { role: 'tabpanel', id: 'panel' }, list, more);
  const help = keysHelp();
  const bulkBar = h('span', { class: 'bulk' });
  const all = h('input', { type: 'checkbox', id: 'sel-all' });
  all.addEventListener('change', () => {
    for (const box of list.querySelectorAll<HTMLInputElement>('article input[type=checkbox]')) {
      box.checked = all.checked;
      box.dispatchEvent(new Event('change'));
    }
  });
  const bulkRow = h(
    'p',
    { class: 'bulkrow' },
    all,
    h('label', { for: 'sel-all' }, 'Select all on this page'),
    ' ',
    ...ACTIONS.map(([s, label]) => h('button', { type: 'button', onclick: () => q.chosen.size && void act(q, [...q.chosen], s) }, `${label} selected`)),
    ' ',
    bulkBar,
  );
  app.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, 'Parley moderation'),
      h('span', { class: 'me' }, `${me.name} (${me.role})`),
      h('span', { class: 'live' }, 'Connecting…'),
      h('button', { type: 'button', onclick: () => help.showModal() }, 'Keys (?)'),
      h('button', { type: 'button', onclick: () => void signOut() }, 'Sign out'),
    ),
    h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), applyFilters()) },
      h('label', { for: 'f-site' }, 'Site'),
      siteSelect,
      h('label', { for: 'f-thread' }, 'Thread'),
      threadInput,
      h('label', { for: 'f-q' }, 'Search'),
      search,
      h('label', { for: 'f-sort' }, 'Order'),
      sort,
      h('button', { type: 'submit' }, 'Apply'),
    ),
    tablist,
    bulkRow,
    status,
    panel,
    help,
  );
  for (const el of [siteSelect, sort]) el.addEventListener('change', applyFilters);

  const q = queueState({ me, list, help, say: announcer(status, 30), showCounts });

  function showCounts() {
    for (const [s, { tab, count }] of tabs) {
      count.textContent = String(q.counts[s]);
      tab.setAttribute('aria-selected', String(s === filters.status));
      tab.tabIndex = s === filters.status ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${filters.status}`);
    bulkBar.textContent = q.chosen.size ? `${q.chosen.size} selected: Shift+A, Shift+R or Shift+S acts on them.` : '';
  }

  async function load(reset: boolean) {
    if (reset) {
      q.cursor = null;
      q.chosen.clear();
      all.checked = false;
    }
    const page = await call<ModerationQueue>(`/api/moderation/comments?${queueQuery(q.cursor)}`);
    q.counts = page.counts;
    if (reset) list.replaceChildren();
    list.append(...page.comments.map((c) => card(q, c)));
    q.cursor = page.nextCursor;
    more.hidden = !q.cursor;
    showCounts();
    if (reset || !q.selected) {
      // The comment a link named (once), else the first card.
      const named = linked.comment ? q.cards().find((c) => c.dataset.commentId === linked.comment) : undefined;
      linked.comment = null;
      q.select(named ?? q.cards()[0]);
    }
  }

  function switchTo(s: CommentStatus) {
    filters.status = s;
    saveFilters();
    void load(true).then(() => tabs.get(s)!.tab.focus());
  }

  function applyFilters() {
    Object.assign(filters, { site: siteSelect.value, thread: threadInput.value.trim(), q: search.value.trim(), sort: sort.value });
    saveFilters();
    void load(true);
  }

  async function signOut() {
    await call('/api/auth/logout', { method: 'POST' }).catch(() => {});
    signedOut();
  }

  listenForKeys(q);
  goLive(q);
  await load(true);
}
