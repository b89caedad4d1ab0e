// The HTTP server's lifecycle: bind (failing clearly when the port is taken),
// answer 503 until the application is ready, and drain on shutdown.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { errorBody, starting } from '../errors.js';

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use: stop the other program or set PORT to a free port.`);
    this.name = 'PortInUseError';
  }
}

const notReady: RequestListener = (_req, res) => {
  res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '1', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(errorBody(starting())));
};

export interface HttpServer {
  readonly server: http.Server;
  readonly port: number;
  /** Hand requests to the application (until then they get 503). */
  serve(listener: RequestListener): void;
  /** Stop accepting, let in-flight requests finish, cut what remains after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

export async function listen(port: number, host?: string): Promise<HttpServer> {
  let handler = notReady;
  const server = http.createServer((req, res) => handler(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err));
    server.listen({ port, host }, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    serve(listener) {
      handler = listener;
    },
    close(graceMs) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        // A keep-alive socket whose request just finished would otherwise hold
        // close() open until its keep-alive timeout: close sockets as they go idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
