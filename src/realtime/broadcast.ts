// Live events through the PostgreSQL adapter (@socket.io/postgres-adapter, a
// socket.io-adapter ClusterAdapterWithHeartbeat), awaited, and sent to the
// database only when another instance is there to hear them.
//
// nsp.to(room).emit() hands the adapter a broadcast and forgets it: the
// adapter's NOTIFY then waits in its small pool's queue, unbounded under a
// burst. Calling the adapter's broadcast ourselves gives a promise that the
// event bus's bounded line (events/bus.ts) can wait for. A lone instance
// sends no NOTIFY at all: the adapter's heartbeats know every instance alive
// (each announces itself when it starts and every 5 s; one silent for 10 s
// is forgotten). Those first announcements can go out before an instance's
// LISTEN is up and be missed, so an instance announces itself again after a
// second and three, and counts as alone only once it has heard no other for
// QUIET_AFTER_MS (from its start, too): an instance just started, or one whose
// LISTEN was just re-established, always notifies.
import type { Namespace } from 'socket.io';

/** socket.io-adapter's message types, and socket.io-parser's for an event. */
const INITIAL_HEARTBEAT = 1;
const BROADCAST = 3;
const EVENT = 2;
/** The adapter's heartbeat timeout: silent this long, an instance counts as gone. */
export const QUIET_AFTER_MS = 10_000;

interface Packet {
  type: number;
  data: unknown[];
  nsp: string;
}
interface BroadcastOptions {
  rooms: Set<string>;
  except: Set<string>;
  flags: Record<string, never>;
}
interface ClusterAdapter {
  readonly nodesMap?: Map<string, number>;
  publish(message: { type: number }): void;
  broadcast(packet: Packet, opts: BroadcastOptions): Promise<void> | void;
  publishAndReturnOffset(message: { type: number }): Promise<string | undefined>;
}

const adapterOf = (nsp: Namespace) => nsp.adapter as unknown as ClusterAdapter;

/** Other instances alive, as the adapter's heartbeats tell. */
export const otherInstances = (nsp: Namespace) => adapterOf(nsp).nodesMap?.size ?? 0;

/** Broadcasts of this namespace go to the database only while another instance may hear them. */
export function quietWhenAlone(nsp: Namespace): void {
  const adapter = adapterOf(nsp);
  const publish = adapter.publishAndReturnOffset.bind(adapter);
  let heardOther = Date.now();
  const alone = () => {
    if (otherInstances(nsp) > 0) heardOther = Date.now();
    return Date.now() - heardOther > QUIET_AFTER_MS;
  };
  adapter.publishAndReturnOffset = (message) => (message.type === BROADCAST && alone() ? Promise.resolve(undefined) : publish(message));
  for (const ms of [1_000, 3_000]) setTimeout(() => adapter.publish({ type: INITIAL_HEARTBEAT }), ms).unref();
}

/** nsp.to(rooms).emit(event, payload), resolving once the other instances have been sent it. */
export async function broadcast(nsp: Namespace, rooms: readonly string[], event: string, payload: unknown): Promise<void> {
  await adapterOf(nsp).broadcast({ type: EVENT, data: [event, payload], nsp: nsp.name }, { rooms: new Set(rooms), except: new Set(), flags: {} });
}
