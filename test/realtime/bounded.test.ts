// The live path under load stays bounded: a new comment is announced from
// what its POST held (no read back), and a lone instance sends its
// broadcasts to its own sockets without a NOTIFY through PostgreSQL.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';
import { QUIET_AFTER_MS } from '../../src/realtime/broadcast.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
let cookie: string;
let started: number;

beforeAll(async () => {
  s = await startTestServer();
  // Its live part counts from here (attached inside startTestServer).
  started = Date.now();
  site = (await buildSite(s.db, { mode: 'pre' })).id;
  const m = await buildModerator(s.db, { role: 'admin' });
  cookie = sessionCookie(await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200));
});
afterAll(() => s.close());

describe('the live path', () => {
  it('announces a new comment to moderators exactly as their API shows it', async () => {
    const moderator = s.socket('/moderation', { Origin: s.origin, Cookie: cookie });
    await connected(moderator);
    const created = next(moderator, 'comment:created');
    const posted = await s.api
      .post('/api/comments')
      .send(aComment({ site, thread: 'same', threadTitle: 'Same', threadUrl: 'https://news.example/same', website: 'https://w.example/', body: 'Two links https://a.example https://b.example' }))
      .expect(201);
    const live = await created;
    const queue = await s.api.get('/api/moderation/comments').query({ status: 'pending', site }).set('Cookie', cookie).expect(200);
    expect(live).toEqual(queue.body.comments.find((c: { id: string }) => c.id === posted.body.comment.id));
    expect(live).toMatchObject({ heldReasons: ['links', 'premoderation'], thread: { key: 'same', title: 'Same', url: 'https://news.example/same' } });
    moderator.disconnect();
  });

  it('sends no NOTIFY for a broadcast once it has heard no other instance for 10 s', async () => {
    // Just started, it notifies anyway: another instance may not have been heard yet.
    await new Promise((r) => setTimeout(r, Math.max(0, QUIET_AFTER_MS + 500 - (Date.now() - started))));
    const listener = new pg.Client({ connectionString: s.url });
    await listener.connect();
    const broadcasts: unknown[] = [];
    listener.on('notification', (n) => {
      const message = JSON.parse(n.payload ?? '{}') as { type?: number };
      if (message.type === 3) broadcasts.push(message);
    });
    await listener.query('LISTEN "socket.io#/"');
    await listener.query('LISTEN "socket.io#/moderation"');
    try {
      const reader = s.socket('/');
      await connected(reader);
      await join(reader, { site, thread: 'alone' });
      const moderator = s.socket('/moderation', { Origin: s.origin, Cookie: cookie });
      await connected(moderator);
      const created = next(moderator, 'comment:created');
      const id = (await s.api.post('/api/comments').send(aComment({ site, thread: 'alone' })).expect(201)).body.comment.id as string;
      await created;
      const approved = next(reader, 'comment:approved');
      await s.api.post(`/api/moderation/comments/${id}/status`).set('Origin', s.origin).set('Cookie', cookie).send({ status: 'approved' }).expect(200);
      // Delivered here, and nothing went through the database to do it.
      expect((await approved).id).toBe(id);
      await new Promise((r) => setTimeout(r, 300));
      expect(broadcasts).toEqual([]);
      reader.disconnect();
      moderator.disconnect();
    } finally {
      await listener.end();
    }
  });
});
