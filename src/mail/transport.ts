// The SMTP connection (nodemailer), from SMTP_URL: a small pool of
// connections kept open between messages, each step under a timeout, and no
// resending of its own (the outbox decides about retries, so a message is
// never requeued behind its back). The URL holds a password: it is handed to
// nodemailer and never logged (nodemailer's own logger is off).
import type { Config } from '../config.js';
import { permanently } from '../outbox/outcome.js';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Closes the connections, those delivering a message too (which then fails and is tried again). */
  close(): void;
}

/**
 * smtp:// to another machine must upgrade with STARTTLS before it sends the
 * password and the messages: otherwise anyone on the path who strips the
 * server's STARTTLS offer reads both. A server on this machine (a local relay)
 * may speak plain SMTP, and `?requireTLS=false` says so for one elsewhere.
 * smtps:// is TLS from the first byte.
 */
export function requiresTls(smtpUrl: string): boolean {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:') return false;
  if (url.searchParams.get('requireTLS') === 'false') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return !(host === 'localhost' || host === '::1' || /^127\./.test(host));
}

export function createMailer(mail: NonNullable<Config['mail']>, opts: { maxConnections: number }): Mailer {
  const connect = async () => {
    const { createTransport } = await import('nodemailer');
    return createTransport({
      pool: true,
      url: mail.smtpUrl,
      requireTLS: requiresTls(mail.smtpUrl),
      maxConnections: opts.maxConnections,
      maxMessages: 100,
      maxRequeues: 0,
      idleTimeout: 30_000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      logger: false,
      debug: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  };
  let transport: ReturnType<typeof connect> | undefined;
  let closed = false;
  const open = () => (transport ??= connect());
  return {
    async send(m) {
      if (closed) throw new Error('the mailer is closed');
      const smtp = await open();
      try {
        await smtp.sendMail({ from: mail.from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: { ...m.headers } });
      } catch (err) {
        // 5xx: the server refuses for good (no such mailbox, a policy); 4xx and network failures may pass later.
        const code = (err as { responseCode?: unknown }).responseCode;
        throw typeof code === 'number' && code >= 500 && code < 600 && typeof err === 'object' && err !== null ? permanently(err) : err;
      }
    },
    close() {
      closed = true;
      void transport?.then((smtp) => smtp.close({ force: true }), () => undefined);
    },
  };
}
