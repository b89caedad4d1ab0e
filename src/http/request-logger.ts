// One log line per finished request (at debug unless it failed or was slow),
// with a request id that is also returned as X-Request-Id (taken from the caller when it looks like one). Only the
// path is logged: query strings can carry search terms and emails.
//
// Written here rather than with pino-http: that middleware builds a child
// logger and serializers for every request even when the level drops the
// line, which cost ~20% of the readers' API throughput in `npm run bench`.
// Here the child logger is made only when a handler logs through req.log.
//
// The same 'finish' listener hands each request's latency to the metrics
// (metrics/registry.ts), so measuring costs no middleware of its own.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../log.js';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** A request slower than this is worth a line whatever its answer. */
export const SLOW_REQUEST_MS = 1_000;
/** Probes and scrapes, every few seconds: measured, not logged. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Told of every finished request: how long it took from arrival to the end of its answer. */
export type RequestObserver = (req: Request, res: Response, seconds: number) => void;

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id, also sent back as X-Request-Id. */
    id: string;
    /** A logger that tags every line with the request id. */
    log: Logger;
  }
}

export function requestLogger(log: Logger, observe?: RequestObserver): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, get: () => (child ??= log.child({ reqId: id })) });

    const path = (req.originalUrl ?? req.url).split('?')[0]!;
    const quiet = QUIET_PATHS.has(path);
    if (quiet && !observe) return next();
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      observe?.(req, res, ms / 1000);
      if (quiet) return;
      const slow = ms > SLOW_REQUEST_MS;
      // A request that went well is a debug line: at info, a busy server's
      // terminal (and log bill) is one line per request, burying what matters.
      const level = res.statusCode >= 500 ? 'error' : slow ? 'warn' : res.statusCode >= 400 ? 'info' : 'debug';
      if (!log.isLevelEnabled(level)) return;
      log[level](
        { req: { id, method: req.method, path }, res: { statusCode: res.statusCode }, responseTime: Math.round(ms), ...(slow ? { slow } : {}) },
        'request completed',
      );
    });
    next();
  };
}
