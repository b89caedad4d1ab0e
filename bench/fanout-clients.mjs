// A separate process holding N Socket.IO reader connections (WebSocket) in one
// room, reporting to its parent over IPC: when all are in the room, and when
// the last of them received the broadcast (wall-clock ms).
import { io } from 'socket.io-client';

const [url, count, mode, site, thread] = [process.argv[2], Number(process.argv[3]), process.argv[4], process.argv[5], process.argv[6]];
const EVENT = mode === 'parley' ? 'comment:approved' : 'broadcast';
const sockets = [];
let joined = 0;
let received = 0;
let first = 0;

function onJoined() {
  joined++;
  if (joined === count) process.send({ type: 'ready' });
}

for (let i = 0; i < count; i++) {
  // As readers arrive: from many addresses (40 per loopback address), within Parley's per-address limits.
  const localAddress = `127.1.${Math.floor(i / 40) % 250}.${1 + Math.floor(i / 10_000)}`;
  const s = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress });
  s.on('connect', () => {
    if (mode === 'parley') s.emit('thread:join', { site, thread }, (ack) => (ack?.ok ? onJoined() : process.send({ type: 'error', error: ack })));
    else s.emit('join', thread, onJoined);
  });
  s.on('connect_error', (err) => process.send({ type: 'error', error: err.message }));
  // A reader lost after joining would leave a round waiting for ever: say so at once.
  s.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') process.send({ type: 'error', error: `a reader was disconnected: ${reason}` });
  });
  s.on(EVENT, () => {
    const now = performance.timeOrigin + performance.now();
    if (received === 0) first = now;
    received++;
    if (received === count) process.send({ type: 'delivered', first, last: now });
  });
  sockets.push(s);
  // Pace the connects a little: a thundering herd measures the accept queue, not the fan-out.
  if (i % 200 === 199) await new Promise((r) => setTimeout(r, 50));
}

process.on('message', (m) => {
  if (m === 'reset') {
    received = 0;
    process.send({ type: 'reset' }); // the parent waits for this before the next round: no delivery of it is counted before the reset
  }
  if (m === 'exit') {
    sockets.forEach((s) => s.disconnect());
    process.exit(0);
  }
});
