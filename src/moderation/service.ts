// Moderators work the queue (DESIGN.md §6). Every change is guarded (it
// happens only if the comment is still in the status the moderator saw),
// commits together with its audit entry, and is announced after the commit.
import type { SignedIn } from '../auth/sessions.js';
import type { BulkResult, CommentStatus, ModerationComment, ModerationQueue } from '../contracts.js';
import type { Db } from '../db/client.js';
import { AppError, commentNotFound, notFound, statusChanged, validationFailed } from '../errors.js';
import type { EventBus, ModeratorRef } from '../events/bus.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import type { Sql } from '../comments/repository.js';
import { inTransaction } from '../db/transaction.js';
import type { Pool } from 'pg';
import { emailDigest } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { z } from 'zod';
import { forModerator } from './presenter.js';
import { decisionContext } from './context.js';
import { findSite } from '../sites/repository.js';
import * as queue from './repository.js';
import type { QueueQuery, ThreadCorrection } from './schema.js';
import { siteAllows, type OwnOrigin } from '../http/origin.js';

export interface ModerationDeps {
  readonly db: Db;
  /** Status changes run here, in plain SQL (they must not load Prisma: db/client.ts). */
  readonly sql: Pool;
  readonly keys: Keys;
  readonly events: EventBus;
  readonly origin: OwnOrigin;
  /** Mail is on (SMTP_URL): an approval queues the notifications its readers asked for. */
  readonly mail?: boolean | undefined;
}

const moderatorRef = (who: SignedIn): ModeratorRef => ({ id: who.moderator.id, name: who.moderator.name });

export async function listQueue(deps: ModerationDeps, who: SignedIn, q: QueueQuery): Promise<ModerationQueue> {
  if (q.site && !queue.siteInScope(who.scope, q.site)) throw notFound('No such site.');
  // An exact email matches through its digest (emails are stored encrypted); any other text searches body and name.
  const search = q.q === undefined ? undefined : z.email().safeParse(q.q).success ? { emailDigest: emailDigest(deps.keys, q.q) } : { text: q.q };
  const filter: queue.QueueFilter = { scope: who.scope, site: q.site, thread: q.thread, search };
  const scope = { status: q.status, site: q.site, thread: q.thread, q: q.q, sort: q.sort };
  const after = q.cursor ? decodeCursor(deps.keys, q.cursor, scope) : undefined;
  const [rows, counts] = await Promise.all([
    queue.queuePage(deps.db, filter, { status: q.status, order: q.sort === 'oldest' ? 'asc' : 'desc', after, limit: q.limit + 1 }),
    queue.countByStatus(deps.db, filter),
  ]);
  const page = rows.slice(0, q.limit);
  const context = await decisionContext(deps.sql, page.map((c) => c.id));
  return {
    comments: page.map((c) => forModerator(deps.keys, c, context.get(c.id))),
    nextCursor: rows.length > q.limit ? encodeCursor(deps.keys, scope, page.at(-1)!.id) : null,
    counts,
  };
}

export type Change = { comment: queue.ModerationView; previousStatus: CommentStatus; changed: boolean; at: Date };

/** One guarded change (one statement; inside a transaction for a bulk change); throws not_found or status_changed. */
async function changeOne(sql: Sql, who: SignedIn, id: string, to: CommentStatus, from: CommentStatus | undefined, mail: boolean): Promise<Change> {
  const at = new Date();
  const row = await queue.changeStatus(sql, { scope: who.scope, id, to, from, moderatorId: who.moderator.id, at, mail });
  if (!row) throw commentNotFound();
  const { changed, ...before } = row;
  if (from && before.status !== from) throw statusChanged(before.status);
  if (!changed) return { comment: before, previousStatus: before.status, changed: false, at };
  const after = { ...before, status: to, moderatedAt: at, moderatedBy: { id: who.moderator.id, name: who.moderator.name } };
  return { comment: after, previousStatus: before.status, changed: true, at };
}

/** A status change, announced after its commit (also a reply's implicit approval of its parent: authoring/service.ts). */
export function announceChange(deps: ModerationDeps, who: SignedIn, change: Change, comment = forModerator(deps.keys, change.comment)) {
  if (!change.changed) return;
  return deps.events.publish('comment.moderated', {
    comment,
    commentId: change.comment.id,
    siteId: change.comment.thread.site.id,
    threadKey: change.comment.thread.key,
    status: change.comment.status,
    previousStatus: change.previousStatus,
    moderatedBy: moderatorRef(who),
    moderatedAt: change.at,
  });
}

export async function setStatus(deps: ModerationDeps, who: SignedIn, id: string, to: CommentStatus, from?: CommentStatus): Promise<ModerationComment> {
  const change = await changeOne(deps.sql, who, id, to, from, deps.mail === true);
  // Read after the change: the author's history counts the comment's new status.
  const context = await decisionContext(deps.sql, [id]);
  const comment = forModerator(deps.keys, change.comment, context.get(id));
  await announceChange(deps, who, change, comment);
  return comment;
}

export async function bulkSetStatus(deps: ModerationDeps, who: SignedIn, ids: string[], to: CommentStatus, from?: CommentStatus): Promise<BulkResult> {
  const changes: Change[] = [];
  // All or nothing: one transaction; a comment that is gone or changed meanwhile is answered as such, not an abort.
  const results = await inTransaction(deps.sql, async (tx) => {
    const out: BulkResult['results'] = [];
    for (const id of ids) {
      try {
        const change = await changeOne(tx, who, id, to, from, deps.mail === true);
        changes.push(change);
        out.push({ id, status: change.comment.status });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        out.push({ id, error: { code: err.code } });
      }
    }
    return out;
  });
  for (const change of changes) await announceChange(deps, who, change);
  return { results };
}

export async function deleteComment(deps: ModerationDeps, who: SignedIn, id: string): Promise<void> {
  const deleted = await deps.db.$transaction(async (tx) => {
    const c = await queue.findInScope(tx, who.scope, id);
    if (!c) throw commentNotFound();
    await queue.recordAudit(tx, { commentId: id, siteId: c.thread.site.id, moderatorId: who.moderator.id, action: 'delete', from: c.status, to: null });
    await queue.deleteKeepingReplies(tx, c);
    return c;
  });
  await deps.events.publish('comment.deleted', {
    commentId: id,
    siteId: deleted.thread.site.id,
    threadKey: deleted.thread.key,
    previousStatus: deleted.status,
    deletedBy: moderatorRef(who),
  });
}


/** Corrects an article's title or URL; the URL must be on one of the site's origins (or the server's own), as for readers. */
export async function correctThread(deps: ModerationDeps, who: SignedIn, input: ThreadCorrection) {
  if (!queue.siteInScope(who.scope, input.site)) throw notFound('No such site.');
  const site = await findSite(deps.db, input.site);
  if (!site || !(await queue.findThread(deps.db, input.site, input.thread))) throw notFound('No such thread.');
  if (input.url && !siteAllows(site, new URL(input.url).origin, deps.origin))
    throw validationFailed({ url: "The article's URL must be on one of the site's origins." });
  const thread = await queue.correctThread(deps.db, input.site, input.thread, { ...(input.title ? { title: input.title } : {}), ...(input.url ? { url: input.url } : {}) });
  return { thread };
}
