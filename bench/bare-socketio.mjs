// The floor for the fan-out benchmark: a bare Socket.IO server (no adapter,
// no database) that broadcasts a payload of a given size to one room.
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url?.startsWith('/broadcast')) {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      io.to('room').emit('broadcast', JSON.parse(body));
      res.end('ok');
    });
    return;
  }
  res.statusCode = 404;
  res.end();
});
const io = new Server(server, { transports: ['websocket'], serveClient: false });
io.on('connection', (socket) =>
  socket.on('join', (_room, ack) => {
    void socket.join('room');
    ack?.();
  }),
);
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('bare ready'));
