// A real SMTP server on 127.0.0.1 (smtp-server from npm) that keeps what it
// receives, and a small reader of the raw messages: headers (unfolded, RFC
// 2047 words decoded), the text and HTML parts (quoted-printable or base64).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO addresses. */
  readonly to: string[];
  readonly raw: string;
  /** Lower-cased names; the first of each. */
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface SmtpOptions {
  /** Listen here (e.g. a port a test first kept closed); default: any free port. */
  port?: number;
  /** Require AUTH with these (over plain text, as a local relay may). */
  auth?: { user: string; pass: string };
  /** Refuse recipients whose address matches, quoting the address (as real servers do). */
  refuse?: RegExp;
}

export async function startSmtpServer(opts: SmtpOptions = {}) {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (opts.refuse?.test(address.address)) {
        const err = new Error(`<${address.address}>: Recipient address rejected: mailbox unavailable`) as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        waiters.forEach((w) => w());
        cb();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: opts.auth ? `smtp://${opts.auth.user}:${opts.auth.pass}@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`,
    messages,
    /** Messages to `address`. */
    to: (address: string) => messages.filter((m) => m.to.includes(address)),
    /** Resolves once `check` holds over the messages; rejects after `ms`. */
    waitFor(check: (all: ReceivedMail[]) => boolean, ms = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const done = () => {
          if (!check(messages)) return;
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          reject(new Error(`not within ${ms} ms; received: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ') || 'nothing'}`));
        }, ms);
        waiters.add(done);
        done();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(i + 1).trim()));
  }
  return headers;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), adjacent ones joined. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function split(raw: string): { head: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  return at < 0 ? { head: raw, body: '' } : { head: raw.slice(0, at), body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** The text/plain and text/html parts, looking into nested multiparts. */
function parts(headers: Map<string, string>, body: string, found: { text: string; html: string }) {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const { head, body: partBody } = split(chunk.replace(/^\r?\n/, ''));
      parts(parseHeaders(head), partBody.replace(/\r?\n$/, ''), found);
    }
  } else if (/^text\/html/i.test(type)) found.html = decodeBody(headers, body);
  else if (/^text\/plain/i.test(type)) found.text = decodeBody(headers, body);
}

export function parseMail(raw: string, to: string[]): ReceivedMail {
  const { head, body } = split(raw);
  const headers = parseHeaders(head);
  const found = { text: '', html: '' };
  parts(headers, body, found);
  return { to, raw, headers, subject: headers.get('subject') ?? '', text: found.text, html: found.html };
}

/** The unsubscribe URL a message's List-Unsubscribe header names. */
export function unsubscribeLink(m: ReceivedMail): URL {
  const value = m.headers.get('list-unsubscribe');
  const url = value && /^<([^>]+)>$/.exec(value)?.[1];
  if (!url) throw new Error(`no List-Unsubscribe URL in: ${value}`);
  return new URL(url);
}
