// Structured JSON logs (pino). Secrets and personal data never reach a log:
// the redaction list below covers every place they could appear.
import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** Paths pino removes from every log line (including nested request logs). */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-parley-author"]',
  'res.headers["set-cookie"]',
  'password',
  'email',
  'authorEmail',
  'secret',
  'token',
  '*.password',
  '*.email',
  '*.authorEmail',
  '*.secret',
  '*.token',
  '*.passwordHash',
  '*.authorToken',
  '*.connectionString',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'parley' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // A connection string carries the database password.
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
