// The one place errors become HTTP answers. Known domain errors keep their
// code and status; body-parser's errors are the client's fault and say so;
// anything else is logged and answered as a bare 500 with no details.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorBody } from '../contracts.js';
import { isDatabaseUnavailable } from '../db/client.js';
import { AppError, unavailable } from '../errors.js';

/** Errors thrown by express.json() and friends carry `type` and `status`. */
function fromBodyParser(err: unknown): AppError | undefined {
  const type = (err as { type?: unknown })?.type;
  switch (type) {
    case 'entity.parse.failed':
      return new AppError('invalid_json', 400, 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('payload_too_large', 413, 'The request body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 415, 'The request body must be UTF-8 JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('validation_failed', 400, 'The request body could not be read.');
    default:
      return undefined;
  }
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = err instanceof AppError ? err : (fromBodyParser(err) ?? (isDatabaseUnavailable(err) ? unavailable() : undefined));
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
    const body: ErrorBody = { error: { code: known.code, message: known.message, ...known.details } };
    res.status(known.status).json(body);
    return;
  }
  req.log.error({ err }, 'unexpected error');
  const body: ErrorBody = { error: { code: 'internal_error', message: 'Something went wrong on our side.' } };
  res.status(500).json(body);
};

export const notFoundHandler: RequestHandler = (_req, res) => {
  const body: ErrorBody = { error: { code: 'not_found', message: 'No such page or endpoint.' } };
  res.status(404).json(body);
};
