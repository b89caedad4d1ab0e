// Domain events → live events, one small handler per event. Payloads go
// through the same presenters as HTTP: a reader's socket only ever gets a
// PublicComment, a moderator's only comments of their sites. Each handler
// returns its sending, so a short-lived process (the CLI) can wait for it,
// and the bus (events/bus.ts) bounds how many run at once. Comments come in
// the events as presented; a new comment's decision context for moderators
// is one small read, and only a rare change (an erased author) reads the
// comment back.
import type { CommentStatus } from '../contracts.js';
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { forReader, publicPartOf } from '../comments/presenter.js';
import { findForPresentation } from '../moderation/repository.js';
import { decisionContext } from '../moderation/context.js';
import { forModerator } from '../moderation/presenter.js';
import type { Sql } from '../comments/repository.js';
import type { Keys } from '../security/keys.js';
import type { LiveOutlet } from './outlet.js';
import { moderatorsOf, sessionRoom, threadRoom } from './rooms.js';

export function forwardEvents(deps: { events: EventBus; db: Db; sql: Sql; keys: Keys; live: LiveOutlet }): () => void {
  const { events, db, sql, keys, live } = deps;
  const load = (id: string) => findForPresentation(db, id);
  const moderatorsSee = async (id: string, siteId: string, previousStatus: CommentStatus | undefined) => {
    const [row, context] = await Promise.all([load(id), decisionContext(sql, [id])]);
    if (!row) return;
    const moved = previousStatus !== undefined && previousStatus !== row.status ? { previousStatus } : {};
    await live.emit('moderation', moderatorsOf(siteId), 'comment:edited', { ...forModerator(keys, row, context.get(id)), ...moved });
  };

  const offs = [
    // Built from what the POST held; only its decision context (a reply's
    // parent, the author's record) is read, in one small statement, after the
    // reader's request has been answered.
    events.on('comment.created', async (e) => {
      const context = (await decisionContext(sql, [e.commentId])).get(e.commentId);
      await live.emit('moderation', moderatorsOf(e.siteId), 'comment:created', { ...e.comment, ...context });
      if (e.status === 'approved') await live.emit('readers', threadRoom(e.siteId, e.threadKey), 'comment:approved', { ...publicPartOf(e.comment), thread: e.threadKey });
    }),

    events.on('comment.moderated', async (e) => {
      await live.emit('moderation', moderatorsOf(e.siteId), 'comment:moderated', {
        id: e.commentId,
        status: e.status,
        previousStatus: e.previousStatus,
        moderatedBy: e.moderatedBy,
        moderatedAt: e.moderatedAt.toISOString(),
      });
      const room = threadRoom(e.siteId, e.threadKey);
      if (e.status === 'approved' && e.previousStatus !== 'approved') {
        await live.emit('readers', room, 'comment:approved', { ...publicPartOf(e.comment), thread: e.threadKey });
      } else if (e.previousStatus === 'approved' && e.status !== 'approved') {
        // Readers never saw the others: nothing to take away.
        await live.emit('readers', room, 'comment:removed', { id: e.commentId, thread: e.threadKey });
      }
    }),

    // Readers hear of a change to a comment they can see (its author's data erased, a like, an edit),
    // and lose one its author's edit sent back to moderation.
    events.on('comment.updated', async (e) => {
      // An author's edit: every dashboard redraws the card with the words a moderator would now approve.
      if (e.byAuthor) await moderatorsSee(e.commentId, e.siteId, e.previousStatus);
      const room = threadRoom(e.siteId, e.threadKey);
      if (e.status !== 'approved') {
        if (e.previousStatus === 'approved') await live.emit('readers', room, 'comment:removed', { id: e.commentId, thread: e.threadKey });
        return;
      }
      if (e.comment) return live.emit('readers', room, 'comment:updated', { ...publicPartOf(e.comment), thread: e.threadKey });
      const comment = await load(e.commentId);
      if (comment?.status === 'approved') await live.emit('readers', room, 'comment:updated', { ...forReader(comment), thread: e.threadKey });
    }),

    // Other dashboards redraw the card; readers see the new words if the comment is published.
    events.on('comment.edited', async (e) => {
      await live.emit('moderation', moderatorsOf(e.siteId), 'comment:edited', e.comment);
      if (e.status === 'approved') await live.emit('readers', threadRoom(e.siteId, e.threadKey), 'comment:updated', { ...publicPartOf(e.comment), thread: e.threadKey });
    }),

    events.on('comment.deleted', async (e) => {
      await live.emit('moderation', moderatorsOf(e.siteId), 'comment:deleted', { id: e.commentId, deletedBy: e.deletedBy, byAuthor: e.byAuthor === true });
      if (e.previousStatus === 'approved') await live.emit('readers', threadRoom(e.siteId, e.threadKey), 'comment:removed', { id: e.commentId, thread: e.threadKey });
    }),

    events.on('session.ended', (e) => live.disconnect(sessionRoom(e.sessionId))),

    events.on('moderator.changed', (e) => live.moderatorChanged(e.moderatorId)),
  ];
  return () => offs.forEach((off) => off());
}
