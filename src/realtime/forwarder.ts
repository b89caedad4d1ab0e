// Domain events → Socket.IO rooms, one small handler per event. Payloads go
// through the same presenters as HTTP: a reader's socket only ever gets a
// PublicComment, a moderator's only comments of their sites.
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { forReader } from '../comments/presenter.js';
import { forModerator } from '../moderation/presenter.js';
import { moderationInclude } from '../moderation/repository.js';
import type { Keys } from '../security/keys.js';
import { moderatorsOf, sessionRoom, threadRoom } from './rooms.js';
import type { Realtime } from './server.js';

export function forwardEvents(deps: { events: EventBus; db: Db; keys: Keys; realtime: Realtime }): () => void {
  const { events, db, keys, realtime } = deps;
  const load = (id: string) => db.comment.findUnique({ where: { id }, include: moderationInclude });

  const offs = [
    events.on('comment.created', async (e) => {
      const comment = await load(e.commentId);
      if (!comment) return;
      realtime.moderation.to(moderatorsOf(e.siteId)).emit('comment:created', forModerator(keys, comment));
      if (comment.status === 'approved') realtime.readers.to(threadRoom(e.siteId, e.threadKey)).emit('comment:approved', { ...forReader(comment), thread: e.threadKey });
    }),

    events.on('comment.moderated', async (e) => {
      realtime.moderation.to(moderatorsOf(e.siteId)).emit('comment:moderated', {
        id: e.commentId,
        status: e.status,
        previousStatus: e.previousStatus,
        moderatedBy: e.moderatedBy,
        moderatedAt: e.moderatedAt.toISOString(),
      });
      const room = threadRoom(e.siteId, e.threadKey);
      if (e.status === 'approved' && e.previousStatus !== 'approved') {
        const comment = await load(e.commentId);
        if (comment?.status === 'approved') realtime.readers.to(room).emit('comment:approved', { ...forReader(comment), thread: e.threadKey });
      } else if (e.previousStatus === 'approved' && e.status !== 'approved') {
        // Readers never saw the others: nothing to take away.
        realtime.readers.to(room).emit('comment:removed', { id: e.commentId, thread: e.threadKey });
      }
    }),

    events.on('comment.deleted', (e) => {
      realtime.moderation.to(moderatorsOf(e.siteId)).emit('comment:deleted', { id: e.commentId, deletedBy: e.deletedBy });
      if (e.previousStatus === 'approved') realtime.readers.to(threadRoom(e.siteId, e.threadKey)).emit('comment:removed', { id: e.commentId, thread: e.threadKey });
    }),

    // Through the adapter: the session's sockets on every instance.
    events.on('session.ended', (e) => {
      realtime.moderation.in(sessionRoom(e.sessionId)).disconnectSockets(true);
    }),
  ];
  return () => offs.forEach((off) => off());
}
