// Domain events, published once their transaction has committed (never from
// inside one), for the parts of the system that react: the live forwarder
// (Socket.IO), metrics, mail. Names and payloads are declared once, here.
import type { CommentStatus, ModerationComment, PublicComment } from '../contracts.js';
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
  /**
   * A reader posted a comment (any status, spam included). It comes as the
   * moderators see it, built from what the POST held: announcing it costs
   * no read.
   */
  'comment.created': CommentRef & { readonly status: CommentStatus; readonly comment: ModerationComment };
  /** A moderator changed a comment's status. */
  'comment.moderated': CommentRef & {
    readonly status: CommentStatus;
    /** As the moderators see it after the change. */
    readonly comment: ModerationComment;
    readonly previousStatus: CommentStatus;
    readonly moderatedBy: ModeratorRef;
    readonly moderatedAt: Date;
  };
  /** A moderator edited a comment's body: it comes as the moderators see it now. */
  'comment.edited': CommentRef & { readonly status: CommentStatus; readonly comment: ModerationComment };
  /**
   * A comment's public fields changed: an erased author, a like, its
   * author's edit. `comment`: as readers now see it, when the change already
   * read it (no read back). `previousStatus`: when the change also moved its
   * status (an edit the rules now hold), so readers lose a comment they saw.
   * `byAuthor`: its author edited it, so moderators must see the new words
   * (a card showing the old ones must not be approved as they were).
   */
  'comment.updated': CommentRef & { readonly status: CommentStatus; readonly previousStatus?: CommentStatus; readonly comment?: PublicComment; readonly byAuthor?: boolean };
  /**
   * A comment was deleted (its replies moved up a level): by a moderator, by
   * an operator at the command line (null), or by its author (null, `byAuthor`).
   */
  'comment.deleted': CommentRef & { readonly previousStatus: CommentStatus; readonly deletedBy: ModeratorRef | null; readonly byAuthor?: boolean };
  /** A moderator's sites, role or password changed, or they were removed: their live connections follow at once. */
  'moderator.changed': { readonly moderatorId: string };
  /** A moderator signed out: that session's live connections end too. */
  'session.ended': { readonly sessionId: string };
}

export type DomainEventName = keyof DomainEvents;
type Handler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

/** Handlers running at once; more wait in line (in publishing order). */
export const MAX_RUNNING = 64;
/** Events waiting in line; past this, publish() resolves only once there is room (back-pressure on the publisher). */
export const MAX_WAITING = 5_000;

type Job = () => Promise<void>;

/**
 * Handlers run after the publisher's transaction, off its request, in a
 * bounded line: at most MAX_RUNNING at once and MAX_WAITING waiting. A burst
 * of comments cannot pile up unbounded work (memory, late live events, a busy
 * core long after the load): when the line is full, the next publisher waits
 * for room before answering its request.
 */
export class EventBus {
  readonly #handlers = new Map<DomainEventName, Array<(payload: never) => void | Promise<void>>>();
  readonly #waiting: Job[] = [];
  readonly #room: Array<() => void> = [];
  #running = 0;
  readonly #idle: Array<() => void> = [];

  constructor(private readonly log: Logger) {}

  on<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    const list = this.#handlers.get(name) ?? [];
    list.push(handler as (payload: never) => void | Promise<void>);
    this.#handlers.set(name, list);
    return () => {
      const i = list.indexOf(handler as (payload: never) => void | Promise<void>);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Events waiting and handlers running: what a burst has left to do. */
  get backlog(): number {
    return this.#waiting.length + this.#running;
  }

  /** Resolves once every handler of every event published so far has finished. */
  async settled(): Promise<void> {
    if (this.backlog === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  /**
   * Call only after the change it announces has committed. Resolves at once,
   * or, when MAX_WAITING events already wait, once there is room: await it on
   * a path that can be flooded (a POST), so the flood slows down instead of
   * piling up.
   */
  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void> {
    for (const handler of this.#handlers.get(name) ?? []) {
      // A failing handler is logged; it never reaches the request that published the event.
      const run = () =>
        Promise.resolve()
          .then(() => (handler as Handler<K>)(payload))
          .catch((err: unknown) => this.log.error({ err, event: name }, 'domain event handler failed'));
      this.#waiting.push(run);
    }
    this.#pump();
    if (this.#waiting.length <= MAX_WAITING) return Promise.resolve();
    return new Promise((resolve) => this.#room.push(resolve));
  }

  #pump() {
    while (this.#running < MAX_RUNNING && this.#waiting.length) {
      const job = this.#waiting.shift()!;
      this.#running++;
      void job().finally(() => {
        this.#running--;
        this.#pump();
      });
    }
    while (this.#room.length && this.#waiting.length <= MAX_WAITING) this.#room.shift()!();
    if (this.backlog === 0) this.#idle.splice(0).forEach((resolve) => resolve());
  }
}
