// Domain events, published once their transaction has committed (never from
// inside one), for the parts of the system that react: the live forwarder
// (Socket.IO), metrics, mail. Names and payloads are declared once, here.
import { EventEmitter } from 'node:events';
import type { CommentStatus } from '../contracts.js';
import type { Logger } from '../log.js';

export interface CommentRef {
  readonly commentId: string;
  readonly siteId: string;
  readonly threadKey: string;
}

export interface ModeratorRef {
  readonly id: string;
  readonly name: string;
}

export interface DomainEvents {
  /** A reader posted a comment (any status, spam included). */
  'comment.created': CommentRef & { readonly status: CommentStatus };
  /** A moderator changed a comment's status. */
  'comment.moderated': CommentRef & {
    readonly status: CommentStatus;
    readonly previousStatus: CommentStatus;
    readonly moderatedBy: ModeratorRef;
    readonly moderatedAt: Date;
  };
  /** A comment's public fields changed (an erased author; later edits and likes). */
  'comment.updated': CommentRef & { readonly status: CommentStatus };
  /** A comment was deleted (its replies moved up a level): by a moderator, or by an operator at the command line (null). */
  'comment.deleted': CommentRef & { readonly previousStatus: CommentStatus; readonly deletedBy: ModeratorRef | null };
  /** A moderator's sites, role or password changed, or they were removed: their live connections follow at once. */
  'moderator.changed': { readonly moderatorId: string };
  /** A moderator signed out: that session's live connections end too. */
  'session.ended': { readonly sessionId: string };
}

export type DomainEventName = keyof DomainEvents;
type Handler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
  readonly #emitter = new EventEmitter();
  /** Handlers still running: a short-lived process (the CLI) waits for them before it exits. */
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {
    this.#emitter.setMaxListeners(50);
  }

  on<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    // A failing handler is logged; it never reaches the request that published the event.
    const listener = (payload: DomainEvents[K]) => {
      const run = Promise.resolve()
        .then(() => handler(payload))
        .catch((err: unknown) => this.log.error({ err, event: name }, 'domain event handler failed'))
        .finally(() => this.#running.delete(run));
      this.#running.add(run);
    };
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }

  /** Resolves once every handler started so far has finished. */
  async settled(): Promise<void> {
    while (this.#running.size) await Promise.all(this.#running);
  }

  /** Call only after the change it announces has committed. */
  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.#emitter.emit(name, payload);
  }
}
