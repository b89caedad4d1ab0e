// The live part, loaded after the first render (it carries socket.io-client).
// It registers itself on window and is called by the widget.
import { io } from 'socket.io-client';
import type { ApprovedEvent, ClientToServerEvents, ServerToClientEvents } from '../../../src/contracts.js';
import type { Socket } from 'socket.io-client';

export interface LiveHandlers {
  approved(c: ApprovedEvent): void;
  removed(id: string): void;
  /** After a reconnect: fetch what was missed. */
  reconnected(): void;
  /** The connection is up (true) or lost (false). */
  live(on: boolean): void;
}

function connectLive(base: string, site: string, thread: string, on: LiveHandlers) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, { transports: ['websocket'] });
  let connectedOnce = false;
  socket.on('connect', () => {
    socket.emit('thread:join', { site, thread }, () => on.live(true));
    if (connectedOnce) on.reconnected();
    connectedOnce = true;
  });
  socket.on('disconnect', () => on.live(false));
  socket.on('comment:approved', (c) => c.thread === thread && on.approved(c));
  socket.on('comment:removed', (r) => r.thread === thread && on.removed(r.id));
}

(window as unknown as { parleyLive: typeof connectLive }).parleyLive = connectLive;
