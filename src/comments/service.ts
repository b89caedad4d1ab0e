// Readers post and read comments (DESIGN.md §5). Checks run in the order the
// contract fixes: fields (done at the edge) → site and thread → duplicate →
// request limit and flood → auto-moderation (moderation/rules) → store. The
// request limit is counted at the edge (http/request-limits) and refused here.
// A comment the rules catch as spam is stored as spam and answered like any
// other: 201, "pending" to its author.
import { createHash } from 'node:crypto';
import type { CommentSort, CommentsPage, Counts, FormToken, PostedComment, Preview } from '../contracts.js';
import { isUniqueViolation } from '../db/client.js';
import { duplicateComment, noSiteWithId, originNotAllowedFor, postingTooFast, threadClosed, tooManyRequests, validationFailed } from '../errors.js';
import { siteAllows, type OwnOrigin } from '../http/origin.js';
import { avatarSeed, emailDigest, encryptEmail, ipDigest } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import type { EventBus } from '../events/bus.js';
import type { Enqueued } from '../outbox/repository.js';
import { isThreadClosed } from '../sites/closing.js';
import type { SiteLookup } from '../sites/lookup.js';
import { newForModerator } from '../moderation/presenter.js';
import { moderate } from '../moderation/rules/index.js';
import { forAuthor, forReader } from './presenter.js';
import type { RefusedOrigin } from './refused-origins.js';
import { bodyFingerprint, loadRenderer, renderBody } from './render.js';
import * as comments from './repository.js';
import { knownThreadId, rememberThreadId } from './thread-ids.js';
import type { Pool } from 'pg';
import type { CommentsQuery, NewComment, PreviewRequest } from './schema.js';
import { assemblePage, pageCursor, pageStart } from './page.js';
import { authorKeyDigest, formTokenAge, issueAuthorToken, issueFormToken, mintAuthorKey, readAuthorToken } from './tokens.js';

export interface CommentsDeps {
  /** The pg pool Prisma runs on: the readers' hot paths use SQL directly (see repository.ts). */
  readonly sql: Pool;
  readonly keys: Keys;
  readonly sites: SiteLookup;
  readonly events: EventBus;
  readonly origin: OwnOrigin;
  /** Mail is on (SMTP_URL): an approved reply queues a notification to the parent's author when they asked for one. */
  readonly mail?: boolean | undefined;
  /** The clock (milliseconds since the epoch) that an author's 10-minute edit window is measured by; tests move it. */
  readonly now?: (() => number) | undefined;
  /** Told of each request refused for its origin (the log: refused-origins.ts). */
  readonly refusedOrigin?: RefusedOrigin | undefined;
}

/** Who is asking, as far as the edge can tell. */
export interface Reader {
  /** The Origin header, when a browser sent one. */
  readonly origin: string | undefined;
  readonly ip: string;
  readonly userAgent: string | undefined;
  readonly authorToken: string | undefined;
  /** Set when the address is over its request limit (http/request-limits): seconds to wait. */
  readonly overLimit?: number | undefined;
}

export const MESSAGES = {
  pending: 'Your comment is awaiting moderation.',
  approved: 'Your comment has been published.',
} as const;

/** The site a request names, or its comment is on; 404 when unknown, 403 when the reader's Origin is not one of its own. */
export async function siteFor(deps: CommentsDeps, siteId: string, reader: Reader) {
  const site = await deps.sites.get(siteId);
  // Both messages say what to fix: the readers' API answers them to any page (cors.ts), for its owner.
  if (!site) throw noSiteWithId(siteId);
  if (reader.origin !== undefined && !siteAllows(site, reader.origin, deps.origin)) {
    deps.refusedOrigin?.(site.id, reader.origin);
    throw originNotAllowedFor(site.id, reader.origin);
  }
  return site;
}

export async function postComment(deps: CommentsDeps, input: NewComment, reader: Reader): Promise<PostedComment> {
  const site = await siteFor(deps, input.site, reader);
  if (input.threadUrl && !siteAllows(site, new URL(input.threadUrl).origin, deps.origin))
    throw validationFailed({ threadUrl: "The article's URL must be on one of the site's origins." });
  const digest = emailDigest(deps.keys, input.email);
  const fingerprint = bodyFingerprint(input.body);
  // The browser's author key: the one its token of this site carries, else a new one (a foreign or forged token is ignored).
  const presentedKey = readAuthorToken(deps.keys, reader.authorToken, site.id);
  const authorKey = presentedKey ?? mintAuthorKey();
  const keyDigest = authorKeyDigest(deps.keys, authorKey);
  const addressDigest = ipDigest(deps.keys, reader.ip);
  // The thread, the duplicate check and what the flood limit and the rules
  // need to know of the author, in one statement (a reply's parent beside
  // it). Flood, as WordPress: the same email or address again within
  // floodSeconds. A returning author (trusted mode) is proven by the email
  // *and* the key of an approved comment, never by the email alone. The
  // checks then run in the contract's order.
  const [{ thread: existing, duplicate, facts }, parent] = await Promise.all([
    comments.threadForNewComment(deps.sql, input.thread, fingerprint, {
      siteId: site.id,
      emailDigest: digest,
      ipDigest: addressDigest,
      authorKeyDigest: site.mode === 'trusted' && presentedKey !== undefined ? keyDigest : null,
      floodSeconds: site.floodSeconds,
    }),
    input.parentId ? comments.findParent(deps.sql, input.parentId) : null,
  ]);
  if (existing && isThreadClosed(site, existing)) throw threadClosed();
  if (input.parentId) {
    if (!parent || !existing || parent.threadId !== existing.id || parent.status !== 'approved')
      throw validationFailed({ parentId: 'You can only reply to a published comment of this article.' });
    if (parent.depth >= site.depthLimit)
      throw validationFailed({ parentId: `Replies can only go ${site.depthLimit} levels deep; reply to an earlier comment instead.` });
  }
  if (duplicate) throw duplicateComment();
  if (reader.overLimit !== undefined) throw tooManyRequests(reader.overLimit);
  if (facts.secondsSinceLastPost !== null) throw postingTooFast(site.floodSeconds - facts.secondsSinceLastPost);
  await loadRenderer();
  const bodyHtml = renderBody(input.body);
  const decision = moderate(
    { body: input.body, bodyHtml, name: input.name, email: input.email, website: input.website, honeypot: input.honeypot },
    { ...facts, formTokenAge: formTokenAge(deps.keys, input.formToken, site.id) },
    site,
  );

  // What this comment causes to be sent goes into the outbox in its INSERT
  // (no statement of its own; none at all for most comments). A reply that
  // is published at once (post moderation) tells its parent's author now;
  // one that waits, when a moderator approves it (moderation/repository.ts).
  const outbox: Enqueued[] = [];
  if (site.webhookUrl && decision.status !== 'spam') outbox.push({ kind: 'webhook', topic: 'comment.created', payload: { status: decision.status } });
  if (deps.mail && decision.status === 'approved' && parent?.notify && parent.authorEmailDigest !== digest) outbox.push({ kind: 'mail', topic: 'reply' });

  // No transaction: creating the thread is idempotent (INSERT … ON CONFLICT
  // DO NOTHING), so a comment that then fails to insert leaves at most an
  // empty thread behind, and the single INSERT needs no BEGIN/COMMIT.
  const complete = existing && (existing.title || !input.threadTitle) && (existing.url || !input.threadUrl);
  const thread = complete ? existing : await comments.ensureThread(deps.sql, site.id, input.thread, input.threadTitle, input.threadUrl);
  let row: comments.PublicCommentRow;
  try {
    row = await comments.insertComment(deps.sql, {
      threadId: thread.id,
      parentId: parent?.id ?? null,
      rootId: parent ? (parent.rootId ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 1,
      authorName: input.name,
      authorEmailCipher: encryptEmail(deps.keys, input.email),
      authorEmailDigest: digest,
      authorKeyDigest: keyDigest,
      authorWebsite: input.website ?? null,
      avatarSeed: avatarSeed(deps.keys, site.id, digest),
      body: input.body,
      bodyHtml,
      bodyFingerprint: fingerprint,
      status: decision.status,
      heldReasons: decision.heldReasons,
      ipDigest: addressDigest,
      userAgent: reader.userAgent?.slice(0, 512) ?? null,
      notify: input.notify,
    }, { siteId: site.id, items: outbox });
  } catch (err) {
    // The same comment sent twice at once: the unique index decides.
    if (isUniqueViolation(err)) throw duplicateComment();
    throw err;
  }
  await deps.events.publish('comment.created', {
    commentId: row.id,
    siteId: site.id,
    threadKey: thread.key,
    status: row.status,
    comment: newForModerator(
      { ...row, heldReasons: decision.heldReasons },
      { body: input.body, authorEmail: input.email, thread: { key: thread.key, title: thread.title, url: thread.url }, site: { id: site.id, name: site.name } },
    ),
  });
  const comment = forAuthor(row);
  return { comment, message: MESSAGES[comment.status], authorToken: issueAuthorToken(deps.keys, site.id, authorKey) };
}

/**
 * An answer with its version: `body` is undefined when the reader already
 * holds this version (their If-None-Match), which the route answers 304.
 * Only answers every reader shares get one (none with an author token: it
 * adds the author's own pending comments).
 */
export interface Versioned<T> {
  readonly etag: string | undefined;
  readonly body: T | undefined;
}

/**
 * A thread page's version: what a reader sees of the thread changes only with
 * these (a trigger keeps `version`; the site's depth limit decides where the
 * widget offers Reply).
 */
const threadEtag = (thread: comments.ThreadRow | null, closed: boolean, depthLimit: number) =>
  thread ? `W/"${thread.version}.${closed ? 1 : 0}.${depthLimit}"` : `W/"none.${depthLimit}"`;

const PAGE_ORDER: Record<CommentSort, comments.PageOrder> = { oldest: 'asc', newest: 'desc', best: 'best' };

export async function listComments(deps: CommentsDeps, q: CommentsQuery, reader: Reader, known?: string): Promise<Versioned<CommentsPage>> {
  const site = await siteFor(deps, q.site, reader);
  const scope = { site: site.id, thread: q.thread, sort: q.sort };
  const order = PAGE_ORDER[q.sort];
  const after = q.cursor ? pageStart(deps.keys, q.cursor, scope, order) : undefined;
  const limit = q.limit ?? 50;
  // A page view is one statement when this process knows the thread's id,
  // two otherwise (the thread by key, then its page by id). A reader who sent
  // a version or asks for what they missed has the thread read first: a 304
  // reads nothing more.
  const knownId = known === undefined && !q.since ? knownThreadId(deps.sql, site.id, q.thread) : undefined;
  let read = knownId ? await comments.threadPage(deps.sql, { threadId: knownId, order, start: after, limit }) : undefined;
  if (!read?.thread) read = undefined; // not known here, or gone since (its site was deleted)
  const thread = read?.thread ?? (await comments.findThread(deps.sql, site.id, q.thread));
  if (thread && !read) rememberThreadId(deps.sql, thread);
  const closed = thread ? isThreadClosed(site, thread) : false;
  const etag = reader.authorToken === undefined ? threadEtag(thread, closed, site.depthLimit) : undefined;
  if (etag !== undefined && known === etag) return { etag, body: undefined };
  if (!thread) return { etag, body: { thread: { key: q.thread, title: null, url: null, closed: false, commentCount: 0, depthLimit: site.depthLimit }, comments: [], nextCursor: null } };
  const about = { key: thread.key, title: thread.title, url: thread.url, closed, commentCount: thread.approvedCount, depthLimit: site.depthLimit };

  if (q.since) {
    const missed = await comments.approvedSince(deps.sql, thread.id, q.since, limit);
    return { etag, body: { thread: about, comments: missed.map(forReader), nextCursor: null } };
  }
  // The author's own pending comments come once, with the first page.
  const key = readAuthorToken(deps.keys, reader.authorToken, site.id);
  const [{ tops, replies }, pending] = await Promise.all([
    read ?? comments.threadPage(deps.sql, { threadId: thread.id, order, start: after, limit }),
    key && !after ? comments.pendingOfAuthor(deps.sql, thread.id, authorKeyDigest(deps.keys, key)) : [],
  ]);
  const page = tops.slice(0, limit);

  const list = assemblePage(page, replies);

  return {
    etag,
    body: {
      thread: about,
      comments: [...list, ...pending.map(forAuthor)],
      nextCursor: tops.length > limit ? pageCursor(deps.keys, scope, order, page.at(-1)!) : null,
    },
  };
}

export async function countComments(deps: CommentsDeps, q: { site: string; thread: string[] }, reader: Reader, known?: string): Promise<Versioned<Counts>> {
  const site = await siteFor(deps, q.site, reader);
  const found = await comments.countApprovedByKey(deps.sql, site.id, q.thread);
  // The version of these counts: every asked thread's version.
  const etag = `W/"${createHash('sha1')
    .update(found.map((r) => `${r.key}\u0000${r.version}`).sort().join('\u0001'))
    .digest('base64url')
    .slice(0, 22)}"`;
  if (known === etag) return { etag, body: undefined };
  const byKey = new Map(found.map((r) => [r.key, r.n]));
  return { etag, body: { counts: Object.fromEntries(q.thread.map((k) => [k, byKey.get(k) ?? 0])) } };
}

/** The form token a page fetches when its comment form comes into view (DESIGN.md §5). */
export async function formTokenFor(deps: CommentsDeps, siteId: string, reader: Reader): Promise<FormToken> {
  const site = await siteFor(deps, siteId, reader);
  return { formToken: issueFormToken(deps.keys, site.id) };
}

/**
 * The body as it would be published (DESIGN.md §11): the same rendering as a
 * new comment's, checked like one (site, origin, the address's request
 * limit), and nothing stored.
 */
export async function previewBody(deps: CommentsDeps, input: PreviewRequest, reader: Reader): Promise<Preview> {
  await siteFor(deps, input.site, reader);
  if (reader.overLimit !== undefined) throw tooManyRequests(reader.overLimit);
  await loadRenderer();
  return { bodyHtml: renderBody(input.body) };
}
