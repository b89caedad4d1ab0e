// Live updates over the /moderation socket: new comments, decisions and
// deletions by other moderators, whether the connection is up, and the end of
// the session (the server drops a signed-out or expired session's connection).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../src/contracts.js';
import { call, sessionEnded } from './api.js';
import { app } from './app.js';
import { card } from './card.js';
import { filters, matches } from './filters.js';
import { PAST } from './labels.js';
import type { Queue } from './queue-state.js';

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

export function goLive(q: Queue) {
  const { me, list } = q;
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
    if (!matches(c)) return;
    q.move(null, null, c.status);
    if (c.status === filters.status) {
      const el = card(q, c);
      // Keep the card being read where it is on screen.
      const { selected } = q;
      const anchor = selected?.getBoundingClientRect().top;
      if (filters.sort === 'newest') list.prepend(el);
      else if (!q.cursor) list.append(el);
      if (selected && anchor !== undefined) window.scrollBy(0, selected.getBoundingClientRect().top - anchor);
      if (!selected) q.select(el);
      q.say(`New comment by ${c.authorName}.`);
    }
    q.showCounts();
  });
  socket.on('comment:moderated', (m) => {
    if (m.moderatedBy.id === me.id) return; // our own action: already shown
    const here = filters.status === m.previousStatus;
    if (here) q.move(m.id, null, null);
    q.move(null, m.previousStatus, m.status, true);
    q.showCounts();
    if (here) q.say(`${PAST[m.status]} by ${m.moderatedBy.name}`);
  });
  socket.on('comment:deleted', (d) => {
    // deletedBy null: an operator's data erasure run from the command line.
    if (d.deletedBy?.id !== me.id && q.move(d.id, filters.status, null, true)) {
      q.showCounts();
      q.say(d.deletedBy ? `Deleted by ${d.deletedBy.name}` : 'Deleted (data erasure)');
    }
  });
  // The server ends a signed-out or expired session's connection: check, then sign in again.
  const recheck = () => void call('/api/auth/me').catch(sessionEnded);
  socket.on('disconnect', (reason) => reason === 'io server disconnect' && recheck());
  socket.on('connect_error', recheck);
}

export function stopLive() {
  socket?.disconnect();
  socket = undefined;
}
