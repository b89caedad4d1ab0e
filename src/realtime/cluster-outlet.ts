// Live events from a process without a Socket.IO server (the CLI): it writes
// the same messages @socket.io/postgres-adapter's instances send each other
// to the adapter's NOTIFY channel, so every running server delivers them to
// its own sockets. The message shapes are socket.io-adapter's cluster
// protocol (ClusterAdapter.onMessage); test/realtime/cli-live.test.ts fails
// if an upgrade changes them.
import { encode } from '@msgpack/msgpack';
import type pg from 'pg';
import { MODERATION_NAMESPACE, READERS_NAMESPACE } from '../contracts.js';
import type { LiveOutlet } from './outlet.js';

/** socket.io-adapter's sender id for emitters: never taken for a server of the cluster. */
const EMITTER_UID = 'emitter';
/** The adapter's defaults (createAdapter options in realtime/server.ts keep them). */
const CHANNEL_PREFIX = 'socket.io';
const ATTACHMENTS_TABLE = 'socket_io_attachments';
/** NOTIFY payloads stop at 8,000 bytes; larger messages go through the attachments table, as the adapter does. */
const PAYLOAD_THRESHOLD = 8_000;
const MessageType = { BROADCAST: 3, DISCONNECT_SOCKETS: 6, SERVER_SIDE_EMIT: 9 } as const;
/** Socket.IO's EVENT packet type. */
const EVENT_PACKET = 2;

type Sql = Pick<pg.Pool, 'query'>;

async function publish(sql: Sql, nsp: string, type: number, data: unknown): Promise<void> {
  const message = { uid: EMITTER_UID, nsp, type, data };
  const channel = `${CHANNEL_PREFIX}#${nsp}`;
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) <= PAYLOAD_THRESHOLD) {
    await sql.query('SELECT pg_notify($1, $2)', [channel, payload]);
    return;
  }
  const { rows } = await sql.query<{ id: string }>(`INSERT INTO ${ATTACHMENTS_TABLE} (payload) VALUES ($1) RETURNING id`, [Buffer.from(encode(message))]);
  await sql.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ uid: EMITTER_UID, type, attachmentId: rows[0]!.id })]);
}

const namespace = (to: 'readers' | 'moderation') => (to === 'readers' ? READERS_NAMESPACE : MODERATION_NAMESPACE);

export function clusterOutlet(sql: Sql): LiveOutlet {
  return {
    emit(to, rooms, event, payload) {
      const nsp = namespace(to);
      return publish(sql, nsp, MessageType.BROADCAST, {
        packet: { type: EVENT_PACKET, data: [event, payload], nsp },
        opts: { rooms: typeof rooms === 'string' ? [rooms] : [...rooms], except: [], flags: {} },
      });
    },
    disconnect(room) {
      return publish(sql, MODERATION_NAMESPACE, MessageType.DISCONNECT_SOCKETS, { opts: { rooms: [room], except: [] }, close: true });
    },
    moderatorChanged(moderatorId) {
      return publish(sql, MODERATION_NAMESPACE, MessageType.SERVER_SIDE_EMIT, { packet: ['moderator:changed', moderatorId] });
    },
  };
}
