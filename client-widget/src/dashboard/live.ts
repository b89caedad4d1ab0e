// Live updates over the /moderation socket: new comments, decisions and
// deletions by other moderators. A lost connection is only that: the view
// stays, the header says "Reconnecting…" (connection.ts), and once the socket
// is back the queue is fetched again to catch up on what happened meanwhile
// (the cluster's adapter does not replay missed events, DESIGN.md §2). Only
// the server's answer 401 ends the session.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, CommentStatus, ServerToClientEvents } from '../../../src/contracts.js';
import { card, shownComment } from './card.js';
import { socketIs, whenBack } from './connection.js';
import { filters, matches } from './filters.js';
import { PAST, TABS } from './labels.js';
import type { Queue } from './queue-state.js';

const TAB_NAME = Object.fromEntries(TABS) as Record<CommentStatus, string>;

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

/** `catchUp`: fetch the view again, after a reconnection. */
export function goLive(q: Queue, catchUp: () => void) {
  const { me, list } = q;
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io('/moderation', { transports: ['websocket'] });
  socket = s;
  socketIs('connecting');
  let missed = false;
  // The socket will not try again by itself (the server dropped it, or refused it): once the server answers, and the session is still good, connect again.
  const retryWhenBack = () => whenBack(() => setTimeout(() => socket === s && !s.connected && s.connect(), 500));
  s.on('connect', () => {
    socketIs('up');
    if (missed) catchUp();
    missed = false;
  });
  s.on('disconnect', (reason) => {
    if (socket !== s) return;
    missed = true;
    socketIs('down');
    if (reason === 'io server disconnect') retryWhenBack();
  });
  s.on('connect_error', () => {
    if (socket !== s) return;
    missed = true;
    socketIs('down');
    if (!s.active) retryWhenBack();
  });
  s.on('comment:created', (c) => {
    if (!matches(c)) return;
    q.move(null, null, c.status);
    if (c.status === filters.status) {
      const el = card(q, c);
      // Keep the card being read where it is on screen.
      const { selected } = q;
      const anchor = selected?.getBoundingClientRect().top;
      if (filters.sort === 'newest') list.prepend(el);
      else if (!q.cursor) list.append(el);
      q.early?.push(el);
      if (selected && anchor !== undefined) window.scrollBy(0, selected.getBoundingClientRect().top - anchor);
      if (!selected) q.select(el);
      // This moderator's own reply: the form said so already.
      if (!(c.badge === 'moderator' && c.authorName === me.name)) q.say(`New comment by ${c.authorName}.`);
    }
    q.showCounts();
  });
  s.on('comment:moderated', (m) => {
    if (m.moderatedBy.id === me.id) return; // our own action: already shown
    const here = filters.status === m.previousStatus;
    if (here) q.move(m.id, null, null);
    q.move(null, m.previousStatus, m.status, true);
    q.showCounts();
    if (here) q.say(`${PAST[m.status]} by ${m.moderatedBy.name}`);
  });
  // Someone (this moderator too, in another tab, or the comment's author) edited a comment's text: its card shows the new text.
  s.on('comment:edited', ({ previousStatus, ...c }) => {
    const el = list.querySelector<HTMLElement>(`article[data-comment-id="${c.id}"]`);
    if (previousStatus) {
      // Its author's edit moved it (a rule holds the new words): it leaves this tab, or arrives in it.
      q.move(el ? c.id : null, previousStatus, c.status, true);
      if (!el && c.status === filters.status && matches(c)) list.prepend(card(q, c));
      q.showCounts();
      if (el) q.say(`Edited by its author: now ${TAB_NAME[c.status]}.`);
      return;
    }
    if (!el) return;
    Object.assign(shownComment.get(el) ?? {}, c);
    el.querySelector('.body')!.innerHTML = c.bodyHtml;
    el.querySelector<HTMLElement>('.tag.edited')!.hidden = !c.edited;
  });
  s.on('comment:deleted', (d) => {
    // deletedBy null: an operator's data erasure run from the command line.
    if (d.deletedBy?.id !== me.id && q.move(d.id, filters.status, null, true)) {
      q.showCounts();
      q.say(d.deletedBy ? `Deleted by ${d.deletedBy.name}` : d.byAuthor ? 'Deleted by its author' : 'Deleted (data erasure)');
    }
  });
}

export function stopLive() {
  const s = socket;
  socket = undefined;
  s?.disconnect();
  socketIs('none');
}
