// The CLI's way to reach live connections: messages written to the Socket.IO
// adapter's channel by a process without a Socket.IO server are delivered by
// every running instance, small ones through NOTIFY and large ones through
// the attachments table. This fails if an adapter upgrade changes its protocol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { clusterOutlet } from '../../src/realtime/cluster-outlet.js';
import { ADMINS_ROOM, threadRoom } from '../../src/realtime/rooms.js';
import { buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';
import { sessionCookie } from '../helpers/moderation.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
beforeAll(async () => {
  s = await startTestServer();
  site = (await buildSite(s.db)).id;
});
afterAll(() => s.close());

const comment = (bodyHtml: string) => ({
  id: '01900000-0000-7000-8000-000000000001',
  parentId: null,
  authorName: 'Anonymous',
  authorWebsite: null,
  avatar: 'seed',
  bodyHtml,
  createdAt: new Date().toISOString(),
  likes: 0,
  edited: false,
  badge: null,
  thread: 'outlet',
});

describe('the cluster outlet (another process, no Socket.IO server)', () => {
  it.each([
    ['a small event, through NOTIFY', 100],
    ['an event over 8,000 bytes, through the attachments table', 30_000],
  ])('reaches a reader of the thread: %s', async (_what, size) => {
    const reader = s.socket('/');
    await connected(reader);
    expect(await join(reader, { site, thread: 'outlet' })).toEqual({ ok: true });
    // Its own pool, as the CLI has.
    const other = openDatabase(s.url, { poolSize: 1, log: createLogger('silent') });
    try {
      const updated = next(reader, 'comment:updated', 3_000);
      await clusterOutlet(other.pool).emit('readers', threadRoom(site, 'outlet'), 'comment:updated', comment(`<p>${'x'.repeat(size)}</p>`));
      expect((await updated).bodyHtml).toHaveLength(size + 7);
    } finally {
      await other.close();
    }
  });

  it('closes the connections of a room on the moderators namespace', async () => {
    const m = await buildModerator(s.db, { role: 'admin' });
    const login = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200);
    const cookie = sessionCookie(login);
    const admin = s.socket('/moderation', { Origin: s.origin, Cookie: cookie });
    await connected(admin);
    const other = openDatabase(s.url, { poolSize: 1, log: createLogger('silent') });
    try {
      const gone = new Promise((resolve) => admin.once('disconnect', resolve));
      await clusterOutlet(other.pool).disconnect(ADMINS_ROOM);
      expect(await gone).toBe('io server disconnect');
    } finally {
      await other.close();
    }
  });
});
