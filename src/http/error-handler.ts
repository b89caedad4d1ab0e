// The one place errors become HTTP answers. Known domain errors keep their
// code and status; body-parser's errors are the client's fault and say so;
// anything else is logged and answered as a bare 500 with no details.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { isDatabaseUnavailable } from '../db/client.js';
import { AppError, errorBody, internalError, invalidJson, noSuchRoute, payloadTooLarge, unavailable, undecodablePath, unreadableBody, unsupportedEncoding } from '../errors.js';

/** Errors thrown by express.json() and friends carry `type` and `status`. */
function fromBodyParser(err: unknown): AppError | undefined {
  switch ((err as { type?: unknown })?.type) {
    case 'entity.parse.failed':
      return invalidJson();
    case 'entity.too.large':
      return payloadTooLarge();
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return unsupportedEncoding();
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return unreadableBody();
    default:
      return undefined;
  }
}

/**
 * Left in res.locals by a route whose error answers any page may read (the
 * readers' CORS, comments/cors.ts): the origin to let read this answer, if
 * it is an error.
 */
export interface ReadableErrors {
  errorsReadableBy?: string;
}

function letRead(res: Response) {
  const origin = (res.locals as ReadableErrors).errorsReadableBy;
  if (origin !== undefined) res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id' });
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known =
    err instanceof AppError
      ? err
      : (fromBodyParser(err) ?? (isDatabaseUnavailable(err) ? unavailable() : err instanceof URIError ? undecodablePath() : undefined));
  if (res.headersSent) {
    req.log.error({ err }, 'error after the response started');
    res.destroy();
    return;
  }
  if (known) {
    if (known.code === 'unavailable') {
      req.log.warn({ err: { message: (err as Error).message } }, 'database unavailable');
      res.set('Retry-After', '5');
    }
    letRead(res);
    const { retryAfter } = known.details;
    if (typeof retryAfter === 'number') res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    res.status(known.status).json(errorBody(known));
    return;
  }
  req.log.error({ err }, 'unexpected error');
  letRead(res);
  res.status(500).json(errorBody(internalError()));
};

export const notFoundHandler: RequestHandler = (_req, res) => {
  letRead(res);
  res.status(404).json(errorBody(noSuchRoute()));
};
