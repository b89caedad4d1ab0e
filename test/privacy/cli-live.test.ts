// An erasure run from the CLI (a process without Socket.IO) reaches readers
// connected to a running server at once: the anonymised comment replaces the
// old one, a deleted one goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../helpers/app.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { CLI, cleanEnv, run } from '../helpers/processes.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
let cookie: string;
beforeAll(async () => {
  s = await startTestServer();
  site = (await buildSite(s.db)).id;
  const m = await buildModerator(s.db, { role: 'admin' });
  const login = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200);
  cookie = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
});
afterAll(() => s.close());

async function approvedComment(email: string) {
  const posted = await s.api.post('/api/comments').send(aComment({ site, thread: 'cli-live', email, name: 'Real Name', website: 'https://real.example' })).expect(201);
  const id = posted.body.comment.id as string;
  await s.api.post(`/api/moderation/comments/${id}/status`).set('Origin', s.origin).set('Cookie', cookie).send({ status: 'approved' }).expect(200);
  return id;
}

const cli = (...args: string[]) => run(CLI, args, cleanEnv({ DATABASE_URL: s.url, PARLEY_SECRET: TEST_SECRET }));

describe('privacy:erase from the CLI, with a reader following the thread', () => {
  it('sends comment:updated with the anonymised comment', async () => {
    const id = await approvedComment('Erase.Me@example.com');
    const reader = s.socket('/');
    await connected(reader);
    expect(await join(reader, { site, thread: 'cli-live' })).toEqual({ ok: true });
    const updated = next(reader, 'comment:updated', 5_000);
    const result = await cli('privacy:erase', '--email', 'erase.me@EXAMPLE.com');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ erased: 1 });
    expect(await updated).toMatchObject({ id, authorName: 'Anonymous', authorWebsite: null, thread: 'cli-live' });
  });

  it('sends comment:removed with --delete-content', async () => {
    const id = await approvedComment('delete.me@example.com');
    const reader = s.socket('/');
    await connected(reader);
    await join(reader, { site, thread: 'cli-live' });
    const removed = next(reader, 'comment:removed', 5_000);
    const result = await cli('privacy:erase', '--email', 'delete.me@example.com', '--delete-content');
    expect(result.code, result.stderr).toBe(0);
    expect(await removed).toEqual({ id, thread: 'cli-live' });
  });
});
