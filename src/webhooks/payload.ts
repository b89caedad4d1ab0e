// The JSON a site's webhook receives. One body that Slack and Discord
// incoming webhooks take as it is (Slack reads `text`, Discord `content`;
// each ignores the other's field and the rest), and that any other receiver
// reads through its structured fields. Never an email address: the author
// is a name. Reader-written text cannot ping a channel or fake a link:
// Slack's control characters are escaped in `text`, Discord's markdown in
// `content`, and Discord is told to resolve no mention at all.
import { excerpt, oneLine } from '../comments/excerpt.js';
import type { CommentStatus } from '../contracts.js';
import { dashboardLink } from '../dashboard/links.js';
import type { WebhookFacts } from './repository.js';

export type WebhookEvent = 'comment.created' | 'comment.approved';
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['comment.created', 'comment.approved'];

export interface WebhookPayload {
  event: WebhookEvent;
  /** For Slack (mrkdwn). */
  text: string;
  /** For Discord (markdown, ≤ 2,000 characters). */
  content: string;
  /** Discord: ping nobody, whatever the text says. */
  allowed_mentions: { parse: [] };
  site: { id: string; name: string };
  thread: { key: string; title: string | null; url: string | null };
  comment: {
    id: string;
    parentId: string | null;
    /** At the event: pending or approved for comment.created, approved for comment.approved. */
    status: CommentStatus;
    authorName: string;
    excerpt: string;
    /** As written (the page shows it sanitized). */
    body: string;
    createdAt: string;
    /** On the article, when its URL is known. */
    url: string | null;
  };
  /** Where a moderator opens it in the dashboard. */
  moderationUrl: string;
}

/** Slack: &, < and > are its control characters (links, mentions like <!channel>). */
const slack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Discord: a backslash before the characters of emphasis, code, spoilers, masked links and mentions (the text stays on one line, so no heading, list or quote starts in it). */
const discord = (s: string) => s.replace(/[\\*_~`|[\]<@]/g, '\\$&');

const DISCORD_MAX = 2_000;

export function webhookPayload(event: WebhookEvent, status: CommentStatus, f: WebhookFacts, origin: string): WebhookPayload {
  const moderationUrl = dashboardLink(origin, f.siteId, f.id);
  const thread = oneLine(f.threadTitle ?? f.threadKey);
  const author = oneLine(f.authorName);
  const site = oneLine(f.siteName);
  const quoted = excerpt(f.body);
  const headline =
    event === 'comment.approved' ? 'Comment approved' : status === 'pending' ? 'New comment awaiting moderation' : 'New comment published';
  const text = `${headline} on *${slack(site)}*: *${slack(author)}* on “${slack(thread)}”\n>${slack(quoted)}\n<${slack(moderationUrl)}|Open in Parley>`;
  const content = `${headline} on **${discord(site)}**: **${discord(author)}** on “${discord(thread)}”\n> ${discord(quoted)}\n${moderationUrl}`;
  return {
    event,
    text,
    content: [...content].length > DISCORD_MAX ? `${[...content].slice(0, DISCORD_MAX - 1).join('')}…` : content,
    allowed_mentions: { parse: [] },
    site: { id: f.siteId, name: f.siteName },
    thread: { key: f.threadKey, title: f.threadTitle, url: f.threadUrl },
    comment: {
      id: f.id,
      parentId: f.parentId,
      status,
      authorName: f.authorName,
      excerpt: quoted,
      body: f.body,
      createdAt: f.createdAt.toISOString(),
      url: f.threadUrl ? `${f.threadUrl}#comment-${f.id}` : null,
    },
    moderationUrl,
  };
}
