// The messages Parley sends, as plain text and simple HTML. Everything a
// reader wrote (names, titles, comment text) goes into the HTML escaped, and
// into a subject on one line. Comment text is quoted from `body` (as
// written), shortened: a mail is a pointer to the page, not a copy of it.
// No message names anyone's email address.
import { excerpt, oneLine } from '../comments/excerpt.js';

export interface Composed {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const DIGEST_EXCERPT = 200;

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
const quote = (text: string) => `<blockquote style="margin:.5em 0;padding-left:.75em;border-left:3px solid #ccc;color:#333">${escapeHtml(text)}</blockquote>`;
const page = (body: string) =>
  `<!doctype html><html><body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1b1b1f">${body}</body></html>`;

function footer(unsubscribe: { url: string; why: string; what: string }) {
  return {
    text: `\n--\n${unsubscribe.why}\nTo stop ${unsubscribe.what}: ${unsubscribe.url}\n`,
    html: `<hr><p style="color:#5b5b66;font-size:.9em">${escapeHtml(unsubscribe.why)} ${link(unsubscribe.url, `Unsubscribe`)} to stop ${escapeHtml(unsubscribe.what)}.</p>`,
  };
}

export interface DigestEntry {
  readonly id: string;
  readonly authorName: string;
  /** The thread's title, else its key. */
  readonly thread: string;
  readonly body: string;
  /** Where a moderator opens it (the dashboard). */
  readonly link: string;
}

/** The moderators' digest: new comments awaiting moderation on one site. */
export function digestMessage(d: { siteName: string; entries: readonly DigestEntry[]; more: number; queueLink: string; unsubscribeUrl: string }): Composed {
  const total = d.entries.length + d.more;
  const subject = `${total} new ${total === 1 ? 'comment' : 'comments'} awaiting moderation on ${oneLine(d.siteName)}`;
  const end = footer({ url: d.unsubscribeUrl, why: 'You get this as a moderator of this site (at most one message every 5 minutes).', what: 'these messages' });
  const moreLine = d.more > 0 ? `…and ${d.more} more.` : '';
  const text = [
    `${subject}:`,
    '',
    ...d.entries.flatMap((e) => [`${oneLine(e.authorName)} on "${oneLine(e.thread)}":`, `  ${excerpt(e.body, DIGEST_EXCERPT)}`, `  Moderate: ${e.link}`, '']),
    ...(moreLine ? [moreLine, ''] : []),
    `The queue: ${d.queueLink}`,
    end.text,
  ].join('\n');
  const html = page(
    `<p>${escapeHtml(subject)}:</p><ul>${d.entries
      .map((e) => `<li><p><strong>${escapeHtml(oneLine(e.authorName))}</strong> on “${escapeHtml(oneLine(e.thread))}”</p>${quote(excerpt(e.body, DIGEST_EXCERPT))}<p>${link(e.link, 'Moderate')}</p></li>`)
      .join('')}</ul>${moreLine ? `<p>${escapeHtml(moreLine)}</p>` : ''}<p>${link(d.queueLink, 'Open the queue')}</p>${end.html}`,
  );
  return { subject, text, html };
}

export interface ThreadRef {
  readonly siteName: string;
  /** The thread's title, else its key. */
  readonly thread: string;
  /** The comment on the article (`URL#comment-ID`), when the article's URL is known. */
  readonly link: string | null;
}

/** To a reader who asked to be told: someone replied to their comment, and the reply is published. */
export function replyMessage(r: ThreadRef & { replyAuthor: string; replyBody: string; unsubscribeUrl: string }): Composed {
  const subject = `${oneLine(r.replyAuthor)} replied to your comment on “${oneLine(r.thread)}”`;
  const end = footer({ url: r.unsubscribeUrl, why: `You asked ${oneLine(r.siteName)} to tell you of replies to your comments.`, what: 'all reply notifications to this address' });
  const text = [`${subject}:`, '', excerpt(r.replyBody), '', ...(r.link ? [`Read it and answer: ${r.link}`] : []), end.text].join('\n');
  const html = page(`<p>${escapeHtml(subject)}:</p>${quote(excerpt(r.replyBody))}${r.link ? `<p>${link(r.link, 'Read it and answer')}</p>` : ''}${end.html}`);
  return { subject, text, html };
}

/** To a reader who asked to be told: their comment, held for moderation, is now published. */
export function approvedMessage(a: ThreadRef & { body: string; unsubscribeUrl: string }): Composed {
  const subject = `Your comment on “${oneLine(a.thread)}” is published`;
  const end = footer({ url: a.unsubscribeUrl, why: `You asked ${oneLine(a.siteName)} to tell you about your comments.`, what: 'all notifications to this address' });
  const text = [`${subject}:`, '', excerpt(a.body), '', ...(a.link ? [`See it: ${a.link}`] : []), end.text].join('\n');
  const html = page(`<p>${escapeHtml(subject)}:</p>${quote(excerpt(a.body))}${a.link ? `<p>${link(a.link, 'See it')}</p>` : ''}${end.html}`);
  return { subject, text, html };
}
