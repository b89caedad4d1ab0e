// What a delivery (mail/deliver.ts, webhooks/deliver.ts) tells the outbox's
// worker: sent, nothing to send any more, or a failure (thrown), which may be
// marked as permanent; and how a failure is written down.
import type { OutboxItem } from './repository.js';

/** What a delivery reports: sent, or nothing to send any more (and why). A failure throws. */
export type Outcome = { readonly sent: true } | { readonly skipped: string };
export const SENT: Outcome = { sent: true };
export const skipped = (reason: string): Outcome => ({ skipped: reason });
/** Marks `err` as a failure that trying again would not mend: the item fails for good now. */
export const permanently = <E extends object>(err: E): E => Object.assign(err, { permanent: true });
export const isPermanent = (err: unknown) => typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;

/**
 * Sends one item. It should give up when `signal` aborts (its timeout, or a
 * shutdown). A failure that no retry can mend (an SMTP server's 5xx refusal
 * of the recipient) is thrown marked as permanent (`permanently`).
 */
export type Deliver = (item: OutboxItem, signal: AbortSignal) => Promise<Outcome>;

/**
 * A failure as it may be stored and logged: one line, no email address and
 * no URL (an SMTP answer may quote the recipient, a webhook URL may hold its
 * own secret), at most 300 characters.
 */
export function describeFailure(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; responseCode?: unknown; cause?: { code?: unknown; message?: unknown } };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  const text = [message, code && !message.includes(code) ? `(${code})` : ''].join(' ');
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url]')
    .replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/g, '[address]')
    .trim()
    .slice(0, 300);
}
