// The live part, loaded after the first render (it carries socket.io-client).
// It registers itself on window.parleyLive (declared in live-bridge.ts) and is called by the widget.
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../src/contracts.js';
import type { ConnectLive } from './live-bridge.js';

const connectLive: ConnectLive = (base, site, thread, on) => {
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
  socket.on('comment:updated', (c) => c.thread === thread && on.updated(c));
};

window.parleyLive = connectLive;
