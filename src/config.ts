// The only module that reads the environment. Every variable is parsed once,
// at start-up, into a frozen, typed Config; a bad value stops the process with
// one line per bad variable (see formatConfigErrors).
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be a postgres:// or postgresql:// URL with a host' },
);

const publicUrl = z
  .string()
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.pathname === '/' && !u.search && !u.hash;
      } catch {
        return false;
      }
    },
    { error: 'must be an http(s) origin such as https://comments.example.com (no path)' },
  )
  .transform((v) => new URL(v).origin);

/**
 * Express's `trust proxy`: false (default: use the socket address), true,
 * a hop count, or a comma-separated list of addresses/subnets/names
 * ("loopback", "10.0.0.0/8").
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === 'false' || v === '0' || v === '') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.every((s) => /^[0-9a-fA-F.:/]+$/.test(s) || ['loopback', 'linklocal', 'uniquelocal'].includes(s))) return list;
    ctx.addIssue({ code: 'custom', message: 'must be false, true, a hop count, or a comma-separated list of addresses' });
    return z.NEVER;
  });

/**
 * An SMTP server as a URL: smtp://user:password@host:587 (STARTTLS when the
 * server offers it) or smtps://… (TLS from the start, usually port 465). The
 * message never repeats the value: it holds a password.
 */
const smtpUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:password@mail.example.com:587' },
);

/** `Name <address>` or a bare address, on one line. */
const mailFrom = z
  .string()
  .trim()
  .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, { error: 'must be an address such as Parley <parley@example.com> or parley@example.com' });

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer from ${min} to ${max}` })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `must be an integer from ${min} to ${max}` }).max(max, { error: `must be an integer from ${min} to ${max}` }));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().min(1).optional(),
  PARLEY_DATA_DIR: z.string().min(1, { error: 'must not be empty' }).default('./.parley'),
  PARLEY_SECRET: z.string().min(32, { error: 'must be at least 32 characters (try: openssl rand -hex 32)' }).optional(),
  PUBLIC_URL: publicUrl.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }).optional(),
  TRUST_PROXY: trustProxy.default(false),
  PARLEY_DEMO: boolean.optional(),
  SESSION_IDLE_HOURS: integer(1, 24 * 30).default(12),
  SESSION_MAX_DAYS: integer(1, 365).default(7),
  MAX_SOCKETS_PER_ADDRESS: integer(1, 100_000).default(50),
  HANDSHAKES_PER_MINUTE: integer(1, 100_000).default(60),
  POSTS_PER_MINUTE_PER_ADDRESS: integer(0, 1_000_000).default(30),
  READS_PER_MINUTE_PER_ADDRESS: integer(0, 1_000_000).default(1200),
  LIKES_PER_MINUTE_PER_ADDRESS: integer(0, 1_000_000).default(60),
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters (try: openssl rand -hex 32)' }).optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: mailFrom.optional(),
});

export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  /** Absolute path; holds the embedded database and the generated secret. */
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'external'; readonly url: string; readonly poolSize: number }
    | { readonly kind: 'embedded'; readonly poolSize: number };
  readonly http: { readonly port: number; readonly host: string | undefined; readonly trustProxy: boolean | number | readonly string[] };
  /** The server's own origin when it is known up front (PUBLIC_URL). */
  readonly publicUrl: string | undefined;
  /** From PARLEY_SECRET; when absent the embedded default generates and keeps one in dataDir. */
  readonly secret: string | undefined;
  readonly logLevel: LogLevel;
  /** pretty: readable lines for a person at a terminal; json: one JSON object per line, for log collectors. */
  readonly logFormat: LogFormat;
  /** Create the demo site and moderator and serve /demo. */
  readonly demo: boolean;
  /** Moderator sessions end after this much inactivity, and at the latest after maxAge. */
  readonly sessions: { readonly idleMs: number; readonly maxAgeMs: number };
  /** Per client address, on each instance: open live connections, and new ones per minute. */
  readonly realtime: { readonly maxSocketsPerAddress: number; readonly handshakesPerMinute: number };
  /**
   * Requests per client address and minute on the readers' API, over all
   * instances together (http/request-limits.ts): POST /api/comments (and a
   * reader's own edits and deletes), the readers' GETs, and likes. 0 turns a limit off.
   */
  readonly limits: { readonly postsPerMinute: number; readonly readsPerMinute: number; readonly likesPerMinute: number };
  /** GET /metrics: with a token, only `Authorization: Bearer <token>` may read it; without, anyone who reaches it. */
  readonly metrics: { readonly token: string | undefined };
  /**
   * Mail (src/mail/): the SMTP server (its URL holds a password: never log
   * it) and the From address. Undefined without SMTP_URL: no mail is queued or sent.
   */
  readonly mail: { readonly smtpUrl: string; readonly from: string } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws ConfigError listing every bad variable.
 * `terminal`: stdout is a terminal (a person watching), which makes readable
 * logs the default; anywhere else (a service manager, a container, a pipe) JSON.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), terminal = process.stdout.isTTY === true): Config {
  // An empty variable counts as unset, as in most twelve-factor tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${String(issue.path[0])}: ${issue.message}`);
    throw new ConfigError(dedupe(problems));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  // A generated secret only makes sense beside an embedded database: with a
  // shared one, every instance must use the same key or emails become unreadable.
  if (!e.PARLEY_SECRET && (production || e.DATABASE_URL))
    problems.push(`PARLEY_SECRET: required when ${e.DATABASE_URL ? 'DATABASE_URL is set' : 'NODE_ENV=production'} (try: openssl rand -hex 32)`);
  if (production && !e.DATABASE_URL) problems.push('DATABASE_URL: required when NODE_ENV=production');
  // The server's own origin is never guessed from a request (Host can be anything): production names it.
  if (production && !e.PUBLIC_URL) problems.push('PUBLIC_URL: required when NODE_ENV=production (the origin browsers use, e.g. https://comments.example.com)');
  if (problems.length) throw new ConfigError(problems);

  return deepFreeze({
    env: e.NODE_ENV,
    dataDir: path.resolve(cwd, e.PARLEY_DATA_DIR),
    database: e.DATABASE_URL
      ? { kind: 'external', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'embedded', poolSize: e.DATABASE_POOL_SIZE },
    http: { port: e.PORT, host: e.HOST, trustProxy: e.TRUST_PROXY },
    publicUrl: e.PUBLIC_URL,
    secret: e.PARLEY_SECRET,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (terminal ? 'pretty' : 'json'),
    demo: e.PARLEY_DEMO ?? !e.DATABASE_URL,
    sessions: { idleMs: e.SESSION_IDLE_HOURS * 3_600_000, maxAgeMs: e.SESSION_MAX_DAYS * 86_400_000 },
    realtime: { maxSocketsPerAddress: e.MAX_SOCKETS_PER_ADDRESS, handshakesPerMinute: e.HANDSHAKES_PER_MINUTE },
    limits: { postsPerMinute: e.POSTS_PER_MINUTE_PER_ADDRESS, readsPerMinute: e.READS_PER_MINUTE_PER_ADDRESS, likesPerMinute: e.LIKES_PER_MINUTE_PER_ADDRESS },
    metrics: { token: e.METRICS_TOKEN },
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? `Parley <parley@${new URL(e.PUBLIC_URL ?? 'http://localhost').hostname}>` } : undefined,
  } satisfies Config);
}

/** One line per problem, each naming its variable, for stderr. */
export function formatConfigErrors(err: ConfigError): string {
  return err.problems.map((p) => `Invalid configuration: ${p}`).join('\n');
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A password handed to the CLI through the environment (never argv, which
 * other users can read in the process list).
 */
export const passwordFromEnv = (env: NodeJS.ProcessEnv = process.env): string | undefined => env.PARLEY_PASSWORD || undefined;
