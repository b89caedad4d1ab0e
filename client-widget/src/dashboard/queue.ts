// The queue page: filters (behind a "Filters" button on a phone), status tabs
// with their counts, the selection row (its bulk buttons only while something
// is selected, never the current tab's status), the status line with Undo,
// the cards or what an empty view means, paging; keys and live updates wired to it.
import type { CommentStatus, ModerationQueue, ModeratorProfile } from '../../../src/contracts.js';
import { announcer, h } from '../shared/dom.js';
import { act } from './actions.js';
import { call, failure } from './api.js';
import { card } from './card.js';
import { filters, linked, queueQuery, saveFilters } from './filters.js';
import { listenForKeys, showKeys } from './keys.js';
import { ACTIONS, EMPTY, TABS } from './labels.js';
import { goLive } from './live.js';
import { queueState } from './queue-state.js';
import type { Shell } from './shell.js';
import { dropUndo, undoButton } from './undo.js';

export async function queueView(me: ModeratorProfile, { view, tools }: Shell) {
  let sites: Array<{ id: string; name: string }> = [];
  try {
    sites = (await call<{ sites: Array<{ id: string; name: string }> }>('/api/moderation/sites')).sites;
  } catch {
    // Unreachable for now (connection.ts says so) or signed out: the filters offer "All sites" until the next visit.
  }
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const say = announcer(status, 30);
  const tabs = new Map<CommentStatus, { tab: HTMLButtonElement; count: HTMLSpanElement }>();
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Comments by status' });
  for (const [s, label] of TABS) {
    const count = h('span', { class: 'count' }, '0');
    const tab = h('button', { type: 'button', role: 'tab', id: `tab-${s}`, 'aria-controls': 'panel', onclick: () => switchTo(s) }, `${label} `, count);
    tabs.set(s, { tab, count });
    tablist.append(tab);
  }
  // Arrow keys move between tabs, as in any tab list.
  tablist.addEventListener('keydown', (e) => {
    const order = TABS.map(([s]) => s);
    const i = order.indexOf(filters.status);
    const to = e.key === 'ArrowRight' ? order[(i + 1) % order.length] : e.key === 'ArrowLeft' ? order[(i + order.length - 1) % order.length] : null;
    if (to) {
      e.preventDefault();
      switchTo(to);
    }
  });
  const siteSelect = h('select', { id: 'f-site' }, h('option', { value: '' }, 'All sites'), ...sites.map((s) => h('option', { value: s.id }, s.name)));
  const threadInput = h('input', { id: 'f-thread', type: 'search', placeholder: 'thread key' });
  const search = h('input', { id: 'f-q', type: 'search', placeholder: 'words, name or email' });
  const sort = h('select', { id: 'f-sort' }, h('option', { value: 'newest' }, 'Newest first'), h('option', { value: 'oldest' }, 'Oldest first'));
  siteSelect.value = filters.site;
  threadInput.value = filters.thread;
  search.value = filters.q;
  sort.value = filters.sort;
  const list = h('div', { class: 'cards' });
  const empty = h('div', { class: 'empty', hidden: true });
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => void load(false) }, 'Load more');
  const panel = h('section', { role: 'tabpanel', id: 'panel' }, list, empty, more);
  const selectedNote = h('span', { class: 'bulk' });
  const all = h('input', { type: 'checkbox', id: 'sel-all' });
  all.addEventListener('change', () => {
    for (const box of list.querySelectorAll<HTMLInputElement>('article input[type=checkbox]')) {
      box.checked = all.checked;
      box.dispatchEvent(new Event('change'));
    }
  });
  const bulkButtons = ACTIONS.map(([s, label]) => {
    const b = h('button', { type: 'button', hidden: true, onclick: () => q.chosen.size && void act(q, [...q.chosen], s) }, `${label} selected`);
    return [s, b] as const;
  });
  const selectAll = h('span', { class: 'selall' }, all, h('label', { for: 'sel-all' }, 'Select all on this page'));
  const filterForm = h(
    'form',
    { class: 'filters', id: 'filters', role: 'search', 'aria-label': 'Filters', onsubmit: (e: Event) => (e.preventDefault(), applyFilters()) },
    h('label', { for: 'f-site' }, 'Site'),
    siteSelect,
    h('label', { for: 'f-thread' }, 'Thread'),
    threadInput,
    h('label', { for: 'f-q' }, 'Search'),
    search,
    h('label', { for: 'f-sort' }, 'Order'),
    sort,
    h('button', { type: 'submit' }, 'Apply'),
  );
  const filtering = () => !!(filters.site || filters.thread || filters.q);
  const filterToggle = h('button', { type: 'button', class: 'filter-toggle', 'aria-expanded': 'false', 'aria-controls': 'filters', onclick: () => toggleFilters() }, 'Filters');
  function toggleFilters(open = filterForm.classList.contains('open') === false) {
    filterForm.classList.toggle('open', open);
    filterToggle.setAttribute('aria-expanded', String(open));
    if (open) siteSelect.focus();
  }
  const bulkRow = h('div', { class: 'bulkrow' }, selectAll, ...bulkButtons.map(([, b]) => b), selectedNote, filterToggle);
  tools.replaceChildren(h('button', { type: 'button', class: 'keys', onclick: showKeys }, 'Keys (?)'));
  view.replaceChildren(filterForm, tablist, bulkRow, h('div', { class: 'statusbar' }, status, undoButton()), panel);
  for (const el of [siteSelect, sort]) el.addEventListener('change', applyFilters);

  const q = queueState({ me, list, say, showCounts });

  function showCounts() {
    for (const [s, { tab, count }] of tabs) {
      count.textContent = String(q.counts[s]);
      tab.setAttribute('aria-selected', String(s === filters.status));
      tab.tabIndex = s === filters.status ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${filters.status}`);
    const n = q.chosen.size;
    selectedNote.textContent = n ? `${n} selected${document.documentElement.classList.contains('kbd') ? ': Shift+A, Shift+R or Shift+S acts on them.' : '.'}` : '';
    for (const [s, b] of bulkButtons) b.hidden = !n || s === filters.status;
    const cards = q.cards().length;
    if (!cards) all.checked = false;
    selectAll.hidden = !cards;
    filterToggle.textContent = filtering() ? 'Filters (on)' : 'Filters';
    // An empty view says what it means, in words.
    empty.hidden = cards > 0;
    if (!cards) {
      const label = TABS.find(([s]) => s === filters.status)![1].toLowerCase();
      const site = filters.site ? (sites.find((x) => x.id === filters.site)?.name ?? filters.site) : '';
      empty.replaceChildren(
        h('p', {}, filters.q || filters.thread ? `No ${label} comments match this search${site ? ` on ${site}` : ''}.` : `${site ? `${site}: ` : ''}${EMPTY[filters.status]}`),
        filtering() ? h('button', { type: 'button', onclick: clearFilters }, 'Clear filters') : '',
      );
    }
  }

  /** Fetches the view (`reset`: from its start); answers whether it could. */
  async function load(reset: boolean, keep: string | null = null): Promise<boolean> {
    let page: ModerationQueue;
    if (reset) q.early = [];
    panel.setAttribute('aria-busy', 'true');
    try {
      page = await call<ModerationQueue>(`/api/moderation/comments?${queueQuery(reset ? null : q.cursor)}`);
    } catch (err) {
      const why = failure(err);
      if (why) say(`Not loaded: ${why}`);
      return false;
    } finally {
      panel.removeAttribute('aria-busy');
    }
    const early = q.early ?? [];
    q.early = null;
    if (reset) {
      q.chosen.clear();
      all.checked = false;
      list.replaceChildren();
    }
    q.counts = page.counts;
    list.append(...page.comments.map((c) => card(q, c)));
    // A comment that arrived live during the fetch, and that the page did not have yet, stays.
    for (const el of early) {
      if (q.cards().some((c) => c !== el && c.dataset.commentId === el.dataset.commentId)) continue;
      q.counts[filters.status]++;
      if (filters.sort === 'newest') list.prepend(el);
      else list.append(el);
    }
    q.cursor = page.nextCursor;
    more.hidden = !q.cursor;
    showCounts();
    if (reset || !q.selected) {
      // The comment a link named (once), else the one selected before, else the first card.
      const wanted = linked.comment ?? keep;
      const named = wanted ? q.cards().find((c) => c.dataset.commentId === wanted) : undefined;
      linked.comment = null;
      q.select(named ?? q.cards()[0]);
    }
    return true;
  }

  /** A view change: what the status line said about the last one no longer applies. */
  function changed() {
    say('');
    dropUndo();
    saveFilters();
  }

  /** Shows the view `change` describes; if it cannot be fetched (the server is away), the filters stay those of the cards on screen. */
  async function show(change: Partial<typeof filters>) {
    const before = { ...filters };
    Object.assign(filters, change);
    changed();
    if (await load(true)) return true;
    Object.assign(filters, before);
    saveFilters();
    showCounts();
    return false;
  }

  function switchTo(s: CommentStatus) {
    void show({ status: s }).then(() => tabs.get(filters.status)!.tab.focus());
  }

  function applyFilters() {
    void show({ site: siteSelect.value, thread: threadInput.value.trim(), q: search.value.trim(), sort: sort.value });
  }

  function clearFilters() {
    siteSelect.value = '';
    threadInput.value = '';
    search.value = '';
    applyFilters();
  }

  listenForKeys(q);
  // After a reconnection: the same view, fetched again, the same card selected if it is still here.
  goLive(q, () => void load(true, q.selected?.dataset.commentId ?? null));
  await load(true);
}
