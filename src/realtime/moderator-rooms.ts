// Which rooms a moderator's connection is in follows what the moderator may
// see now, not what they could see when they connected: a moderator removed
// from a site must stop hearing its comments (emails included) at once.
// Rights are read afresh when a connection opens, whenever a moderator's
// sites, role or password change (a 'moderator:changed' message reaches every
// instance), and by a periodic sweep that also ends expired sessions.
import type { Socket } from 'socket.io';
import { liveSessions, type SignedIn } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Sql } from '../comments/repository.js';
import { ADMINS_ROOM, sessionRoom, siteRoom } from './rooms.js';

export const roomsFor = (signedIn: SignedIn): string[] => [
  sessionRoom(signedIn.sessionId),
  ...(signedIn.scope.all ? [ADMINS_ROOM] : signedIn.scope.siteIds.map(siteRoom)),
];

type ModeratorSocket = Socket<Record<string, never>, never, never, { signedIn: SignedIn }>;

/** Re-reads the rights behind these connections and moves each to the rooms it may be in now (or closes it). */
export async function followRights(deps: { sql: Sql; config: Config }, sockets: readonly ModeratorSocket[]): Promise<void> {
  if (sockets.length === 0) return;
  const live = await liveSessions(deps.sql, deps.config, [...new Set(sockets.map((s) => s.data.signedIn.sessionId))]);
  for (const socket of sockets) {
    if (!socket.connected) continue;
    const now = live.get(socket.data.signedIn.sessionId);
    if (!now) {
      socket.disconnect(true);
      continue;
    }
    socket.data.signedIn = { ...socket.data.signedIn, ...now };
    const wanted = new Set(roomsFor(socket.data.signedIn));
    for (const room of socket.rooms) if (room !== socket.id && !wanted.has(room)) void socket.leave(room);
    void socket.join([...wanted]);
  }
}
