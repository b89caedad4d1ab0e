// The moderators' dashboard (DESIGN.md §9): sign in, then a live queue worked
// from the keyboard. Plain DOM; every author-supplied string goes in as text,
// only the server-sanitized bodyHtml is parsed as HTML.
import { io, type Socket } from 'socket.io-client';
import type {
  BulkResult,
  ClientToServerEvents,
  CommentStatus,
  ModerationComment,
  ModerationQueue,
  ModeratorProfile,
  ServerToClientEvents,
} from '../../../src/contracts.js';
import { ago, h } from '../widget/dom.js';

const app = document.getElementById('app')!;
const TABS: Array<[CommentStatus, string]> = [
  ['pending', 'Pending'],
  ['approved', 'Approved'],
  ['spam', 'Spam'],
  ['rejected', 'Rejected'],
];
const ACTIONS: Array<[CommentStatus, string, string]> = [
  ['approved', 'Approve', 'a'],
  ['rejected', 'Reject', 'r'],
  ['spam', 'Spam', 's'],
];
const PAST: Record<CommentStatus, string> = { approved: 'Approved', rejected: 'Rejected', spam: 'Marked as spam', pending: 'Returned to pending' };
const REASONS: Record<string, string> = {
  premoderation: 'pre-moderated',
  first_comment: 'first comment',
  links: 'links',
  words: 'watched word',
  disallowed_words: 'banned word',
  banned: 'banned author',
  honeypot: 'honeypot',
  form_token: 'no form token',
  too_fast: 'too fast',
};

/** Filters survive a sign-out or an expired session (sessionStorage). */
const filters = Object.assign(
  { status: 'pending' as CommentStatus, site: '', thread: '', q: '', sort: 'newest' },
  JSON.parse(sessionStorage.getItem('parley:filters') ?? '{}') as object,
);
const saveFilters = () => sessionStorage.setItem('parley:filters', JSON.stringify(filters));

function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el as HTMLElement).isContentEditable;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string; currentStatus?: CommentStatus } },
  ) {
    super(body.error?.message ?? `HTTP ${status}`);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  const body = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') {
    signInView('Your session has ended: sign in again.');
    throw new HttpError(401, body);
  }
  if (!res.ok) throw new HttpError(res.status, body);
  return body as T;
}

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

function signInView(reason = '') {
  socket?.disconnect();
  socket = undefined;
  document.onkeydown = null;
  const email = h('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' }, reason);
  const form = h(
    'form',
    { class: 'signin', 'aria-labelledby': 'signin-h', onsubmit: (e: Event) => void submit(e) },
    h('h1', { id: 'signin-h' }, 'Parley moderation'),
    h('p', {}, h('label', { for: 'email' }, 'Email'), email),
    h('p', {}, h('label', { for: 'password' }, 'Password'), password),
    error,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  async function submit(e: Event) {
    e.preventDefault();
    error.textContent = '';
    try {
      const { moderator } = await call<{ moderator: ModeratorProfile }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ email: email.value, password: password.value }) });
      void queueView(moderator);
    } catch (err) {
      const e = err as HttpError;
      error.textContent =
        e.status === 429 ? 'Too many failed attempts: wait a few minutes, then try again.' : e.status === 401 ? 'The email or password is not right.' : e.message;
    }
  }
  app.replaceChildren(form);
  email.focus();
}

async function queueView(me: ModeratorProfile) {
  const sites = (await call<{ sites: Array<{ id: string; name: string }> }>('/api/moderation/sites')).sites;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const say = (text: string) => {
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 30);
  };
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
  const help = h(
    'dialog',
    { 'aria-labelledby': 'keys-h' },
    h('h2', { id: 'keys-h' }, 'Keyboard shortcuts'),
    h(
      'dl',
      {},
      ...[
        ['j / k', 'next / previous comment'],
        ['a, r, s', 'approve, reject, mark as spam'],
        ['x', 'add to or remove from the selection'],
        ['Shift+A, Shift+R, Shift+S', 'act on the selection'],
        ['?', 'this list'],
      ].flatMap(([k, v]) => [h('dt', {}, k!), h('dd', {}, v!)]),
    ),
    h('button', { type: 'button', onclick: () => help.close() }, 'Close'),
  );
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
    ...ACTIONS.map(([s, label]) => h('button', { type: 'button', onclick: () => chosen.size && void act([...chosen], s) }, `${label} selected`)),
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

  let counts: Record<CommentStatus, number> = { pending: 0, approved: 0, rejected: 0, spam: 0 };
  let cursor: string | null = null;
  let selected: HTMLElement | null = null;
  const chosen = new Set<string>();
  const cards = () => [...list.querySelectorAll<HTMLElement>('article[data-comment-id]')];

  function showCounts() {
    for (const [s, { tab, count }] of tabs) {
      count.textContent = String(counts[s]);
      tab.setAttribute('aria-selected', String(s === filters.status));
      tab.tabIndex = s === filters.status ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${filters.status}`);
    bulkBar.textContent = chosen.size ? `${chosen.size} selected: Shift+A, Shift+R or Shift+S acts on them.` : '';
  }

  const typing = () => isTextField(document.activeElement);

  function select(card: HTMLElement | null | undefined) {
    selected?.removeAttribute('aria-current');
    selected = card ?? null;
    if (selected) {
      selected.setAttribute('aria-current', 'true');
      selected.scrollIntoView({ block: 'nearest' });
      // Focus follows the selection (screen readers read the card), unless the moderator is typing.
      if (!typing() && !help.open) selected.focus({ preventScroll: true });
    }
  }

  function card(c: ModerationComment): HTMLElement {
    const body = h('div', { class: 'body' });
    body.innerHTML = c.bodyHtml;
    const check = h('input', { type: 'checkbox', id: `sel-${c.id}`, 'aria-label': `Select comment by ${c.authorName}` });
    check.addEventListener('change', () => {
      if (check.checked) chosen.add(c.id);
      else chosen.delete(c.id);
      showCounts();
    });
    const threadLabel = c.thread.title || c.thread.key;
    const el = h(
      'article',
      { 'data-comment-id': c.id, 'aria-labelledby': `by-${c.id}`, tabindex: '-1', onclick: () => select(el) },
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
        ...c.heldReasons.map((r) => h('span', { class: 'badge' }, REASONS[r] ?? r)),
      ),
      body,
      h(
        'p',
        { class: 'actions' },
        ...ACTIONS.filter(([s]) => s !== c.status).map(([s, label]) => h('button', { type: 'button', onclick: () => void act([c.id], s) }, label)),
        h('button', { type: 'button', class: 'danger', onclick: () => void remove(c.id) }, 'Delete'),
      ),
    );
    return el;
  }

  async function load(reset: boolean) {
    if (reset) {
      cursor = null;
      chosen.clear();
      all.checked = false;
    }
    const params = new URLSearchParams({ status: filters.status, sort: filters.sort });
    for (const k of ['site', 'thread', 'q'] as const) if (filters[k]) params.set(k, filters[k]);
    if (filters.thread && !filters.site) params.delete('thread');
    if (cursor) params.set('cursor', cursor);
    const page = await call<ModerationQueue>(`/api/moderation/comments?${params}`);
    counts = page.counts;
    if (reset) list.replaceChildren();
    list.append(...page.comments.map(card));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    showCounts();
    if (reset || !selected) select(cards()[0]);
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

  /** A card leaves the view; the next one (else the previous) is selected. */
  function leave(id: string) {
    const el = list.querySelector<HTMLElement>(`article[data-comment-id="${id}"]`);
    if (!el) return false;
    const all = cards();
    const i = all.indexOf(el);
    if (el === selected) select(all[i + 1] ?? all[i - 1]);
    el.remove();
    chosen.delete(id);
    return true;
  }

  async function act(ids: string[], to: CommentStatus) {
    const from = filters.status;
    if (ids.length === 1) {
      try {
        await call(`/api/moderation/comments/${ids[0]}/status`, { method: 'POST', body: JSON.stringify({ status: to, from }) });
        if (leave(ids[0]!)) {
          counts[from]--;
          counts[to]++;
        }
        say(`${PAST[to]}.`);
      } catch (err) {
        const e = err as HttpError;
        if (e.body.error?.code === 'status_changed') {
          if (leave(ids[0]!)) counts[from]--;
          if (e.body.error.currentStatus) counts[e.body.error.currentStatus]++;
          say(`Someone else decided first: this comment is now ${e.body.error.currentStatus}. Nothing was changed.`);
        } else if (e.status !== 401) say(`Not changed: ${e.message}`);
      }
    } else {
      const { results } = await call<BulkResult>('/api/moderation/comments/bulk', { method: 'POST', body: JSON.stringify({ ids, status: to, from }) });
      let changed = 0;
      for (const r of results) {
        if ('status' in r && leave(r.id)) {
          counts[from]--;
          counts[to]++;
          changed++;
        }
      }
      say(`${PAST[to]}: ${changed} of ${ids.length} comments.${changed < ids.length ? ' The others had been changed by someone else.' : ''}`);
    }
    showCounts();
  }

  async function remove(id: string) {
    if (!confirm('Delete this comment for good? Its replies stay, one level up.')) return;
    try {
      await call(`/api/moderation/comments/${id}`, { method: 'DELETE' });
      if (leave(id)) counts[filters.status]--;
      say('Deleted.');
    } catch (err) {
      if ((err as HttpError).status !== 401) say(`Not deleted: ${(err as Error).message}`);
    }
    showCounts();
  }

  async function signOut() {
    await call('/api/auth/logout', { method: 'POST' }).catch(() => {});
    signInView();
  }

  document.onkeydown = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    // Keys work whenever focus is not in a text field (a focused checkbox or button is fine).
    if (help.open || e.ctrlKey || e.metaKey || e.altKey || isTextField(t)) return;
    const all = cards();
    const i = selected ? all.indexOf(selected) : -1;
    const key = e.key;
    const action = ACTIONS.find(([, , k]) => k === key.toLowerCase());
    if (key === 'j') select(all[Math.min(i + 1, all.length - 1)]);
    else if (key === 'k') select(all[Math.max(i - 1, 0)]);
    else if (key === 'x' && selected) {
      const box = selected.querySelector<HTMLInputElement>('input[type=checkbox]')!;
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change'));
    } else if (key === '?') help.showModal();
    else if (action && e.shiftKey) {
      if (chosen.size) void act([...chosen], action[0]);
    } else if (action && selected && selected.dataset.commentId && action[0] !== filters.status) void act([selected.dataset.commentId], action[0]);
    else return;
    e.preventDefault();
  };

  // Live: new comments, and decisions by other moderators.
  socket = io('/moderation', { transports: ['websocket'] });
  // Whether updates arrive live, for the moderator (and for tests: main[data-live]).
  const liveNote = app.querySelector<HTMLElement>('.live')!;
  const setLive = (on: boolean) => {
    app.dataset.live = on ? 'on' : 'off';
    liveNote.textContent = on ? 'Live' : 'Reconnecting…';
  };
  socket.on('connect', () => setLive(true));
  socket.on('disconnect', () => setLive(false));
  socket.on('comment:created', (c) => {
    const matches = (!filters.site || c.site.id === filters.site) && (!filters.thread || c.thread.key === filters.thread) && !filters.q;
    if (!matches) return;
    counts[c.status]++;
    if (c.status === filters.status) {
      const el = card(c);
      // Keep the card being read where it is on screen.
      const anchor = selected?.getBoundingClientRect().top;
      if (filters.sort === 'newest') list.prepend(el);
      else if (!cursor) list.append(el);
      if (selected && anchor !== undefined) window.scrollBy(0, selected.getBoundingClientRect().top - anchor);
      if (!selected) select(el);
      say(`New comment by ${c.authorName}.`);
    }
    showCounts();
  });
  socket.on('comment:moderated', (m) => {
    if (m.moderatedBy.id === me.id) return; // our own action: already shown
    const left = filters.status === m.previousStatus && leave(m.id);
    counts[m.previousStatus] = Math.max(0, counts[m.previousStatus] - 1);
    counts[m.status]++;
    showCounts();
    if (left || filters.status === m.previousStatus) say(`${PAST[m.status]} by ${m.moderatedBy.name}`);
  });
  socket.on('comment:deleted', (d) => {
    // deletedBy null: an operator's data erasure run from the command line.
    if (d.deletedBy?.id !== me.id && leave(d.id)) {
      counts[filters.status] = Math.max(0, counts[filters.status] - 1);
      showCounts();
      say(d.deletedBy ? `Deleted by ${d.deletedBy.name}` : 'Deleted (data erasure)');
    }
  });
  // The server ends a signed-out or expired session's connection: check, then sign in again.
  const recheck = () => void call('/api/auth/me').catch(() => signInView('Your session has ended: sign in again.'));
  socket.on('disconnect', (reason) => reason === 'io server disconnect' && recheck());
  socket.on('connect_error', recheck);

  await load(true);
}

call<{ moderator: ModeratorProfile }>('/api/auth/me').then(
  ({ moderator }) => void queueView(moderator),
  () => {
    if (!app.querySelector('form.signin')) signInView();
  },
);
