// Structured logs (pino): JSON lines for collectors, or readable lines for a
// person at a terminal (LOG_FORMAT; config.ts picks by where stdout goes).
// Secrets and personal data never reach a log: the redaction list below covers
// every place they could appear, and it applies before either format.
import { createRequire } from 'node:module';
import { pino, type Logger, type DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './config.js';

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

export function createLogger(level: LogLevel, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  return pino(
    {
      level,
      base: { service: 'parley' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // A connection string carries the database password.
      serializers: { err: pino.stdSerializers.err },
    },
    format === 'pretty' ? readableLines(destination) : destination,
  );
}

/** A request's line, readable: "GET /api/comments 200 12 ms". */
function requestLine(line: Record<string, unknown>, messageKey: string): string {
  const req = line.req as { method?: string; path?: string } | undefined;
  const res = line.res as { statusCode?: number } | undefined;
  if (!req?.method || !res?.statusCode) return String(line[messageKey] ?? '');
  return `${req.method} ${req.path} ${res.statusCode} ${String(line.responseTime)} ms${line.slow ? ' (slow)' : ''}`;
}

/**
 * pino-pretty, in the process and synchronous (no worker thread: a line is on
 * the terminal before the process exits). Loaded only when asked for: JSON,
 * the production default, never pays for it.
 */
function readableLines(destination?: DestinationStream): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const fd = (destination as { fd?: number } | undefined)?.fd ?? 1;
  return pretty({
    destination: fd,
    sync: true,
    colorize: pretty.isColorSupported && (fd === 1 ? process.stdout.isTTY : process.stderr.isTTY) === true,
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    ignore: 'pid,hostname,service,req,res,responseTime,slow',
    messageFormat: requestLine,
  });
}
