// Where the forwarder sends live events. In a server it is this instance's
// Socket.IO namespaces (the PostgreSQL adapter carries each emit to the other
// instances); in the CLI, which runs no Socket.IO server, it is the adapter's
// NOTIFY channel itself (cluster-outlet.ts). Either way every instance's
// sockets hear it.
import type { ServerToClientEvents } from '../contracts.js';

export type LiveEvent = keyof ServerToClientEvents;
export type LivePayload<E extends LiveEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface LiveOutlet {
  /** Emit to the sockets in these rooms of the readers' (`/`) or moderators' namespace, on every instance. */
  emit<E extends LiveEvent>(to: 'readers' | 'moderation', rooms: string | readonly string[], event: E, payload: LivePayload<E>): void | Promise<void>;
  /** Close every connection in this room of the moderators' namespace, on every instance. */
  disconnect(room: string): void | Promise<void>;
  /** A moderator's rights changed: every instance re-reads them for that moderator's connections. */
  moderatorChanged(moderatorId: string): void | Promise<void>;
}

/** The moderators' namespace's server-to-server events. */
export interface ClusterEvents {
  'moderator:changed': (moderatorId: string) => void;
}
