// What a WordPress post and its comments become in Parley (README "Moving
// comments in and out"). Pure functions: no database, no file.
//
// - A post or page is a thread whose key is its link's path, as the widget
//   takes it from the page's canonical URL; a link with a query string (plain
//   permalinks, "/?p=123") keeps it in the key, since every such page has the
//   path "/" (those pages need data-thread set to that key).
// - Statuses: 1 → approved, 0 → pending, spam → spam, trash → rejected;
//   anything else (post-trashed…) is skipped. Pingbacks, trackbacks and other
//   non-comment types are skipped, as are comments on anything but posts and
//   pages (attachments, products…).
// - A reply to a skipped comment goes under the nearest ancestor that is
//   imported, else to the top level.
import type { CommentStatus } from '../contracts.js';
import { bodyFromHtml } from '../comments/render-html.js';
import { isHttpUrl, length } from '../http/fields.js';
import { cleanMultiline, cut, plainLine } from './text.js';
import type { IncomingComment, ThreadIn } from './writer.js';
import type { WxrChannel, WxrComment, WxrPost } from './wxr.js';

export const SKIP_REASONS = ['pingback', 'trackback', 'otherType', 'status', 'postType', 'noThread', 'noId', 'noDate', 'empty', 'duplicate'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export type Skipped = Record<SkipReason, number>;
export const noneSkipped = (): Skipped => Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Skipped;

/** What planning posts counts: comments left out, by reason, and replies made top-level (their parent is left out). */
export interface Tally {
  skipped: Skipped;
  movedToTop: number;
}

const STATUSES: Record<string, CommentStatus> = { '1': 'approved', '0': 'pending', spam: 'spam', trash: 'rejected' };
const POST_TYPES = new Set(['post', 'page']);
const MAX_KEY = 512;
export const ANONYMOUS = 'Anonymous';

/**
 * Which blog the comments come from, as imported_comments remembers it: its
 * address without scheme or "www." (so a move to https, or an export taken
 * again later, is the same source).
 */
export function sourceOf(channel: WxrChannel): string {
  const address = channel.blogUrl || channel.link;
  let name = address;
  try {
    const url = new URL(address);
    name = `${url.host}${url.pathname}`;
  } catch {
    // not a URL: the text itself
  }
  name = name.toLowerCase().replace(/^www\./, '').replace(/\/+$/, '');
  return cut(`wordpress:${name}`, 200);
}

/** The thread key the widget would use on that page: the link's path (and query, if it has one). */
export function threadKeyOf(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const key = url.pathname + url.search;
  return length(key) <= MAX_KEY ? key : undefined;
}

/** "2024-01-31 09:15:00" (UTC when from a *_gmt field); WordPress writes zeros for none. */
export function wpDate(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return ms > 0 ? new Date(ms) : undefined;
}

/** The GMT date, else the blog's local one taken as UTC (old exports have zeros in the GMT field). */
const dateOf = (gmt: string, local: string) => wpDate(gmt) ?? wpDate(local);

const emailOf = (value: string) => {
  const email = value.trim();
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
};

const websiteOf = (value: string) => {
  const url = value.trim();
  return url && isHttpUrl(url) && length(url) <= 200 ? url : null;
};

export interface PlannedPost {
  thread: ThreadIn;
  comments: IncomingComment[];
}

/** Why a comment is left out, if it is (the body is cleaned later, and may still be empty). */
function reasonToSkip(c: WxrComment): SkipReason | undefined {
  if (!/^\d{1,20}$/.test(c.id)) return 'noId';
  const type = c.type.trim().toLowerCase();
  if (type === 'pingback' || type === 'trackback') return type;
  if (type !== '' && type !== 'comment') return 'otherType';
  if (!STATUSES[c.approved.trim()]) return 'status';
  if (!dateOf(c.dateGmt, c.date)) return 'noDate';
  return undefined;
}

/**
 * A post's thread and the comments to import, with what is left out counted
 * in `tally`; undefined when nothing of the post is imported. Needs
 * loadHtmlRenderer() resolved (bodies are cleaned here).
 */
export function planPost(post: WxrPost, tally: Tally): PlannedPost | undefined {
  const { skipped } = tally;
  if (!post.comments.length) return undefined;
  if (!POST_TYPES.has(post.type.trim().toLowerCase())) {
    skipped.postType += post.comments.length;
    return undefined;
  }
  const parentOf = new Map(post.comments.map((c) => [c.id, c.parent.trim() || '0']));
  const kept = new Map<string, { c: WxrComment; body: string }>();
  for (const c of post.comments) {
    const reason = reasonToSkip(c);
    const body = reason ? '' : cleanMultiline(bodyFromHtml(c.content));
    if (reason || !body) skipped[reason ?? 'empty']++;
    else kept.set(c.id, { c, body });
  }
  if (!kept.size) return undefined;
  const key = threadKeyOf(post.link);
  if (!key) {
    skipped.noThread += kept.size;
    return undefined;
  }

  /** The nearest ancestor that is imported here, or one this post does not hold (an earlier run may have brought it in). */
  const parentRefOf = (c: WxrComment): string | null => {
    const seen = new Set<string>([c.id]);
    let ref = parentOf.get(c.id)!;
    while (ref !== '0' && !kept.has(ref) && parentOf.has(ref) && !seen.has(ref)) {
      seen.add(ref);
      ref = parentOf.get(ref)!;
    }
    return ref === '0' || seen.has(ref) ? null : ref;
  };

  const comments: IncomingComment[] = [];
  for (const { c, body } of kept.values()) {
    const parentRef = parentRefOf(c);
    if (parentRef === null && parentOf.get(c.id) !== '0') tally.movedToTop++;
    comments.push({
      ref: c.id,
      parentRef,
      threadKey: key,
      tiebreak: Number(c.id) || 0,
      status: STATUSES[c.approved.trim()]!,
      authorName: plainLine(c.author, 100) || ANONYMOUS,
      email: emailOf(c.email),
      website: websiteOf(c.url),
      ip: c.ip.trim() || null,
      userAgent: null,
      body,
      heldReasons: [],
      createdAt: dateOf(c.dateGmt, c.date)!,
      moderatedAt: null,
    });
  }
  const firstComment = comments.reduce((min, c) => Math.min(min, c.createdAt.getTime()), Infinity);
  const published = dateOf(post.dateGmt, post.date);
  return {
    thread: {
      key,
      title: plainLine(post.title, 300) || null,
      url: length(post.link.trim()) <= 2048 ? post.link.trim() : null,
      closed: post.commentStatus.trim() === 'closed',
      // The site's closeAfterDays counts from here, as WordPress counts from the post's date.
      createdAt: published && published.getTime() < firstComment ? published : new Date(firstComment),
    },
    comments,
  };
}
