// Counters that follow the domain events (events/bus.ts): what readers
// posted and what moderators decided, counted where it is announced, after
// its commit. Each instance counts what happened on it.
import type { EventBus } from '../events/bus.js';
import type { Metrics } from './registry.js';

export function countDomainEvents(events: EventBus, metrics: Metrics): () => void {
  const offs = [
    // A comment's first held reason is the rule that decided (moderation/rules: spam rules first, then holds in order).
    events.on('comment.created', (e) => metrics.commentCreated(e.status, e.comment.heldReasons[0] ?? 'none')),
    // Published once per changed comment: a bulk change counts each, a change to the same status none.
    events.on('comment.moderated', (e) => metrics.moderationAction(e.status)),
    // An author's removal of their own comment is not a moderation action.
    events.on('comment.deleted', (e) => (e.byAuthor ? undefined : metrics.moderationAction('deleted'))),
  ];
  return () => offs.forEach((off) => off());
}
