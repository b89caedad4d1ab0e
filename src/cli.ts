// `npm run cli -- <command>`: administration from a terminal or a script.
// Stdout carries exactly one JSON document; everything else goes to stderr.
// Exit codes: 0 done, 2 bad arguments (one line on stderr), 1 anything else.
import { statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pino } from 'pino';
import { ConfigError, formatConfigErrors, loadConfig, passwordFromEnv } from './config.js';
import { connectDatabase, type DatabaseRuntime } from './db/connect.js';
import type { Database } from './db/client.js';
import { AppError } from './errors.js';
import { createLogger } from './log.js';
import { listModerators } from './moderators/repository.js';
import { assignSite, changePassword, createModerator, removeModerator } from './moderators/service.js';
import { listSites } from './sites/repository.js';
import { SITE_UPDATE_OPTIONS, siteChangeFromFlags } from './sites/flags.js';
import { createSite, setThreadClosed, siteSettings, updateSiteSettings } from './sites/service.js';
import { EraseRequest, ExportRequest } from './privacy/schema.js';
import { erasePersonalData, exportPersonalData } from './privacy/service.js';
import { parseOrThrow } from './validation.js';
import { EventBus } from './events/bus.js';
import { clusterOutlet } from './realtime/cluster-outlet.js';
import { forwardEvents } from './realtime/forwarder.js';
import { deriveKeys, type Keys } from './security/keys.js';
import { exportSite } from './backup/export.js';
import { importParley } from './backup/restore.js';
import { reportProgress } from './imports/progress.js';
import { importWordPress } from './imports/service.js';
import { resolveSecret } from './security/secret.js';
import { webhookSecret } from './webhooks/signature.js';

class UsageError extends Error {}

/** What a command works with. Domain events it publishes reach every running server's live connections. */
export interface CliContext {
  readonly db: Database['db'];
  readonly database: Database;
  readonly keys: Keys;
  readonly events: EventBus;
}

interface Command {
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** The option a lone positional argument stands for (`site:update ID` is `site:update --site ID`). */
  readonly positional?: string;
  /** It writes its JSON document to stdout itself, as it goes (a backup can be large). */
  readonly streams?: true;
  run(ctx: CliContext, values: Record<string, string | boolean | string[] | undefined>): Promise<unknown>;
}

const commands: Record<string, Command> = {
  'site:create': {
    usage: 'site:create --name NAME --origin https://a.example [--origin …] [--mode pre|post|trusted]',
    options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, mode: { type: 'string' } },
    async run({ db }, v) {
      const site = await createSite({ db }, { name: str(v.name, '--name'), allowedOrigins: (v.origin as string[] | undefined) ?? [], mode: v.mode as 'pre' });
      return { id: site.id };
    },
  },
  'site:list': {
    usage: 'site:list',
    options: {},
    async run({ db, keys }) {
      const sites = await listSites(db);
      return {
        sites: sites.map((s) => ({
          id: s.id,
          name: s.name,
          allowedOrigins: s.allowedOrigins,
          mode: s.mode,
          createdAt: s.createdAt.toISOString(),
          webhookUrl: s.webhookUrl,
          // Signs the site's webhook calls (README: Webhooks); null while it has none.
          webhookSecret: s.webhookUrl ? webhookSecret(keys, s.id) : null,
        })),
      };
    },
  },
  'site:update': {
    usage:
      'site:update ID [--name N] [--mode pre|post|trusted] [--max-links N] [--moderation-words "a,b"] [--disallowed-words "c,d"] [--depth N] [--flood-seconds N] [--close-after-days N|never] [--webhook URL|none] [--origin URL …] [--add-origin URL …]   (ID or --site ID; --origin replaces the list, --add-origin adds to it)',
    options: SITE_UPDATE_OPTIONS,
    positional: 'site',
    async run({ db, keys }, v) {
      const id = str(v.site, 'the site id (site:update ID)');
      const current = v['add-origin'] ? (await siteSettings({ db }, id)).site.allowedOrigins : [];
      return updateSiteSettings({ db, keys }, id, siteChangeFromFlags(v, current));
    },
  },
  'thread:close': {
    usage: 'thread:close --site ID --thread KEY   new comments are refused (403 thread_closed)',
    options: { site: { type: 'string' }, thread: { type: 'string' } },
    run: ({ db }, v) => setThreadClosed({ db }, { site: str(v.site, '--site'), thread: str(v.thread, '--thread') }, true),
  },
  'thread:open': {
    usage: "thread:open --site ID --thread KEY   reopens a thread closed by hand (not one older than the site's closeAfterDays)",
    options: { site: { type: 'string' }, thread: { type: 'string' } },
    run: ({ db }, v) => setThreadClosed({ db }, { site: str(v.site, '--site'), thread: str(v.thread, '--thread') }, false),
  },
  'moderator:create': {
    usage: 'moderator:create --email E [--name N] (--site ID [--site ID2 …] | --admin)   password from PARLEY_PASSWORD or stdin',
    options: { email: { type: 'string' }, name: { type: 'string' }, site: { type: 'string', multiple: true }, admin: { type: 'boolean' } },
    async run({ db }, v) {
      const email = str(v.email, '--email');
      const password = await readPassword();
      const moderator = await createModerator(
        { db },
        { email, name: v.name as string | undefined, password, role: v.admin ? 'admin' : 'moderator', siteIds: (v.site as string[] | undefined) ?? [] },
      );
      return { id: moderator.id };
    },
  },
  'moderator:password': {
    usage: 'moderator:password --email E   new password from PARLEY_PASSWORD or stdin; ends their sessions',
    options: { email: { type: 'string' } },
    async run({ db, events }, v) {
      const email = str(v.email, '--email');
      return changePassword({ db, events }, email, await readPassword());
    },
  },
  'moderator:remove': {
    usage: 'moderator:remove --email E',
    options: { email: { type: 'string' } },
    run: ({ db, events }, v) => removeModerator({ db, events }, str(v.email, '--email')),
  },
  'site:assign': {
    usage: 'site:assign --site ID --email E [--remove]   give a moderator a site to work (or take it away)',
    options: { site: { type: 'string' }, email: { type: 'string' }, remove: { type: 'boolean' } },
    run: ({ db, events }, v) => assignSite({ db, events }, str(v.email, '--email'), str(v.site, '--site'), { remove: v.remove === true }),
  },
  'moderator:list': {
    usage: 'moderator:list',
    options: {},
    async run({ db }) {
      const moderators = await listModerators(db);
      return {
        moderators: moderators.map((m) => ({ id: m.id, email: m.email, name: m.name, role: m.role, sites: m.sites.map((s) => s.siteId), createdAt: m.createdAt.toISOString() })),
      };
    },
  },
  'privacy:export': {
    usage: 'privacy:export --email E   every comment by that email, on every site, in every status (the JSON holds personal data)',
    options: { email: { type: 'string' } },
    run: (ctx, v) => exportPersonalData(ctx, parseOrThrow(ExportRequest, { email: str(v.email, '--email') }).email, { by: null }),
  },
  'privacy:erase': {
    usage: 'privacy:erase --email E [--delete-content]   name "Anonymous", email, website and digests cleared (or the comments deleted, replies kept)',
    options: { email: { type: 'string' }, 'delete-content': { type: 'boolean' } },
    run: (ctx, v) =>
      erasePersonalData(ctx, parseOrThrow(EraseRequest, { email: str(v.email, '--email') }).email, { by: null, deleteContent: v['delete-content'] === true }),
  },
  'import:wordpress': {
    usage: 'import:wordpress --site ID FILE.xml   comments of a WordPress export (WXR); a second run imports nothing twice',
    options: { site: { type: 'string' }, file: { type: 'string' } },
    positional: 'file',
    run({ database, keys }, v) {
      const siteId = str(v.site, '--site');
      const file = importFile(v.file, 'FILE.xml (the WordPress export)');
      return importWordPress({ pool: database.pool, keys }, { siteId, file, progress: progressOf('import', file) });
    },
  },
  export: {
    usage: 'export --site ID > backup.json   the site, its threads and comments, emails decrypted (personal data: keep it safe)',
    options: { site: { type: 'string' } },
    positional: 'site',
    streams: true,
    run: ({ database, keys }, v) => exportSite({ pool: database.pool, keys }, str(v.site, '--site'), process.stdout),
  },
  'import:parley': {
    usage: 'import:parley FILE   restores an export (the site keeps its id; emails encrypted under this PARLEY_SECRET)',
    options: { file: { type: 'string' } },
    positional: 'file',
    run({ database, keys }, v) {
      const file = importFile(v.file, 'FILE (an export)');
      return importParley({ pool: database.pool, keys }, { file, progress: progressOf('restore', file) });
    },
  },
};

function str(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

/** A file to import: there, and a file (a bad path is a bad argument). */
function importFile(value: unknown, what: string): string {
  const file = str(value, what);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${file}: no such file`);
  if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
  return file;
}

/** Progress on stderr: a bar on a terminal, a line now and then otherwise. */
const progressOf = (label: string, file: string) => reportProgress(process.stderr, { label, totalBytes: statSync(file).size });

async function readPassword(): Promise<string> {
  const fromEnv = passwordFromEnv();
  if (fromEnv !== undefined) return fromEnv;
  if (process.stdin.isTTY) return promptHidden('Password: ');
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new UsageError('no password: set PARLEY_PASSWORD or pipe it on stdin');
  return password;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(new UsageError('cancelled')));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    const done = (finish: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      finish();
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

function usage(): string {
  return `usage: npm run cli -- <command>\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // Asked for, the usage is the answer (stdout, exit 0); missing, it explains a bad call (stderr, exit 2).
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (!name) {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}" (try: npm run cli -- help)`);
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    const parsed = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: command.positional !== undefined });
    values = parsed.values as typeof values;
    if (command.positional && parsed.positionals.length) {
      if (parsed.positionals.length > 1 || values[command.positional] !== undefined) throw new Error(`give the ${command.positional} once`);
      values[command.positional] = parsed.positionals[0];
    }
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} — usage: ${command.usage}`);
  }

  // Logs go to stderr (stdout is for the JSON answer): readable when stderr is a terminal.
  const config = loadConfig(undefined, undefined, process.stderr.isTTY === true);
  // Only what matters: warnings and errors unless LOG_LEVEL asks for more.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, pino.destination(2), config.logFormat);
  let runtime: DatabaseRuntime | undefined;
  try {
    runtime = await connectDatabase(config, log, { role: 'cli' });
    const keys = deriveKeys(resolveSecret(config));
    const events = new EventBus(log);
    // What a command announces reaches the running servers' live connections (realtime/cluster-outlet.ts).
    forwardEvents({ events, db: runtime.database.db, sql: runtime.database.pool, keys, live: clusterOutlet(runtime.database.pool) });
    const ctx: CliContext = { db: runtime.database.db, database: runtime.database, keys, events };
    const result = await command.run(ctx, values);
    // What the command announced reaches the servers before the database closes.
    await events.settled();
    if (!command.streams) process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await runtime?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) process.stderr.write(`parley: ${err.message}\n`);
    else if (err instanceof ConfigError) process.stderr.write(`${formatConfigErrors(err)}\n`);
    else if (err instanceof AppError) {
      const fields = (err.details.fields ?? {}) as Record<string, string>;
      process.stderr.write(`parley: ${Object.values(fields).join(' ') || err.message}\n`);
    } else process.stderr.write(`parley: ${(err as Error).message}\n`);
    process.exit(err instanceof UsageError || err instanceof AppError ? 2 : 1);
  },
);
