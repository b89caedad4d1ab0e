// A reader's own comment (DESIGN.md §11): its author — the browser holding
// the token it was posted with — may change or delete it for 10 minutes.
// An edit runs the content rules again; anyone else finds no such comment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment } from '../../src/contracts.js';
import { createTestApp, movableClock, type TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { as, ORIGIN, sessionCookie, signIn } from '../helpers/moderation.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';
import { commentsApi, siteIn, SITE_ORIGIN } from './helpers.js';

const clock = movableClock();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: clock.now, env: { PUBLIC_URL: ORIGIN } });
});
afterAll(() => t.close());

const MINUTE = 60_000;

/** A site publishing at once unless a rule holds (default: 2 links hold), and a comment its author posted there. */
async function published(settings: { disallowedWords?: string[]; moderationWords?: string[] } = {}, thread = 'edits') {
  const site = await siteIn(t, { mode: 'post' });
  if (Object.keys(settings).length) await t.db.site.update({ where: { id: site.id }, data: settings });
  const api = commentsApi(t, site.id);
  const res = await api.post({ thread, body: 'First draft' }).expect(201);
  expect(res.body.comment.status).toBe('approved');
  return { site, api, id: res.body.comment.id as string, token: res.body.authorToken as string };
}

const patch = (id: string, body: unknown, token?: string) => {
  const req = t.api.patch(`/api/comments/${id}`).set('Origin', SITE_ORIGIN);
  return (token ? req.set('X-Parley-Author', token) : req).send(body as object);
};
const remove = (id: string, token?: string) => {
  const req = t.api.delete(`/api/comments/${id}`).set('Origin', SITE_ORIGIN);
  return token ? req.set('X-Parley-Author', token) : req;
};

describe('PATCH /api/comments/:id', () => {
  it('changes the text within the window: readers see the new text, marked edited', async () => {
    const { api, id, token } = await published();
    const res = await patch(id, { body: 'Second *thoughts*' }, token).expect(200);
    expect(res.body.comment).toMatchObject({ id, status: 'approved', edited: true, avatar: null });
    expect(res.body.comment.bodyHtml).toContain('Second');
    const shown = (await api.list({ thread: 'edits' }).expect(200)).body.comments as PublicComment[];
    expect(shown.find((c) => c.id === id)).toMatchObject({ edited: true, bodyHtml: res.body.comment.bodyHtml });
    const stored = await t.db.comment.findUniqueOrThrow({ where: { id } });
    expect(stored.body).toBe('Second *thoughts*');
    expect(stored.editedAt).not.toBeNull();
  });

  it('sends a published comment back to moderation when the new text has too many links: gone for readers, pending to its author', async () => {
    const { api, id, token } = await published({}, 'links');
    const res = await patch(id, { body: 'See https://a.example https://b.example https://c.example' }, token).expect(200);
    expect(res.body.comment).toMatchObject({ id, status: 'pending', edited: true });
    expect((await api.list({ thread: 'links' }).expect(200)).body.comments).toEqual([]);
    const mine = (await api.list({ thread: 'links' }, { 'X-Parley-Author': token }).expect(200)).body.comments;
    expect(mine.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[id, 'pending']]);
    const stored = await t.db.comment.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ status: 'pending', heldReasons: ['links'], moderatedAt: null });
  });

  it('makes a comment spam when the new text has a disallowed word, and shows its author "pending" as ever', async () => {
    const { api, id, token } = await published({ disallowedWords: ['casino'] }, 'spammy');
    const res = await patch(id, { body: 'Visit my Casino' }, token).expect(200);
    expect(res.body.comment.status).toBe('pending');
    expect((await api.list({ thread: 'spammy' }).expect(200)).body.comments).toEqual([]);
    expect(await t.db.comment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'spam', heldReasons: ['disallowed_words'] });
  });

  it('keeps a pending comment pending, showing its author the new text, and moderators the new body', async () => {
    const site = await siteIn(t); // pre-moderated
    const api = commentsApi(t, site.id);
    const posted = (await api.post({ thread: 'waiting', body: 'Before' }).expect(201)).body;
    const res = await patch(posted.comment.id, { body: 'After' }, posted.authorToken).expect(200);
    expect(res.body.comment).toMatchObject({ status: 'pending', edited: true, bodyHtml: '<p>After</p>' });
    const mine = (await api.list({ thread: 'waiting' }, { 'X-Parley-Author': posted.authorToken }).expect(200)).body.comments;
    expect(mine).toMatchObject([{ id: posted.comment.id, status: 'pending', bodyHtml: '<p>After</p>' }]);
    const admin = as(t, await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email));
    const queue = (await admin.get(`/api/moderation/comments?site=${site.id}&status=pending`).expect(200)).body.comments;
    expect(queue).toMatchObject([{ id: posted.comment.id, status: 'pending', bodyHtml: '<p>After</p>', edited: true, heldReasons: ['premoderation'] }]);
  });

  it('answers 403 edit_window_closed after 10 minutes', async () => {
    const { id, token } = await published({}, 'late');
    clock.advance(10 * MINUTE + 1_000);
    try {
      const res = await patch(id, { body: 'Too late' }, token).expect(403);
      expect(res.body.error).toEqual({ code: 'edit_window_closed', message: expect.stringMatching(/10 minutes/) });
      expect((await remove(id, token).expect(403)).body.error.code).toBe('edit_window_closed');
    } finally {
      clock.advance(-(10 * MINUTE + 1_000));
    }
    expect((await t.db.comment.findUniqueOrThrow({ where: { id } })).body).toBe('First draft');
  });

  it('answers 403 edit_locked once a moderator has edited the comment: the moderator’s words stand; the author may still delete it', async () => {
    const { api, id, token } = await published({}, 'corrected');
    const admin = as(t, await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email));
    await admin.patch(`/api/moderation/comments/${id}`).send({ body: 'A remark, its phone number taken out' }).expect(200);
    const res = await patch(id, { body: 'A remark, call 555-0100' }, token).expect(403);
    expect(res.body.error).toEqual({ code: 'edit_locked', message: expect.stringMatching(/moderator has edited/) });
    const shown = (await api.list({ thread: 'corrected' }).expect(200)).body.comments as PublicComment[];
    expect(shown.map((c) => c.bodyHtml)).toEqual(['<p>A remark, its phone number taken out</p>']);
    await remove(id, token).expect(204);
    expect(await t.db.comment.findUnique({ where: { id } })).toBeNull();
  });

  it('answers 404 not_found to another author key, a forged token, no token and an unknown id, as alike as can be', async () => {
    const { site, id } = await published({}, 'others');
    const stranger = (await commentsApi(t, site.id).post({ thread: 'others' }).expect(201)).body.authorToken as string;
    const answers = [
      await patch(id, { body: 'Hijacked' }, stranger).expect(404),
      await patch(id, { body: 'Hijacked' }, 'forged').expect(404),
      await patch(id, { body: 'Hijacked' }).expect(404),
      await patch('01900000-0000-7000-8000-000000000000', { body: 'Hijacked' }, stranger).expect(404),
      await patch('not-an-id', { body: 'Hijacked' }, stranger).expect(404),
      await remove(id, stranger).expect(404),
      await remove(id).expect(404),
    ];
    expect(new Set(answers.map((r) => JSON.stringify(r.body)))).toEqual(new Set([JSON.stringify({ error: { code: 'not_found', message: 'No such comment.' } })]));
    expect((await t.db.comment.findUniqueOrThrow({ where: { id } })).body).toBe('First draft');
  });

  it('validates the body as a new comment’s: 400 validation_failed on body', async () => {
    const { id, token } = await published({}, 'bad-body');
    for (const body of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(10_001) }, {}, { body: 42 }]) {
      const res = await patch(id, body, token).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toEqual(['body']);
    }
    await t.api.patch(`/api/comments/${id}`).set('X-Parley-Author', token).set('Content-Type', 'text/plain').send('hello').expect(415);
  });

  it('answers 409 duplicate_comment for the very words of another of the author’s comments in the thread', async () => {
    const { api, token } = await published({}, 'twice');
    const email = 'twice@example.com';
    await api.post({ thread: 'twice', email, body: 'Said once' }, { 'X-Parley-Author': token }).expect(201);
    const second = (await api.post({ thread: 'twice', email, body: 'Said differently' }, { 'X-Parley-Author': token }).expect(201)).body.comment.id as string;
    expect((await patch(second, { body: 'Said once' }, token).expect(409)).body.error.code).toBe('duplicate_comment');
  });

  it('counts an author’s edits against the address’s comment budget (429 rate_limited)', async () => {
    const limited = await createTestApp({ env: { POSTS_PER_MINUTE_PER_ADDRESS: '2' } });
    try {
      const site = await siteIn(limited, { mode: 'post' });
      const posted = (await commentsApi(limited, site.id).post({ thread: 'budget' }).expect(201)).body;
      const edit = () => limited.api.patch(`/api/comments/${posted.comment.id}`).set('X-Parley-Author', posted.authorToken).send({ body: 'Again' });
      await edit().expect(200);
      const res = await edit().expect(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('refuses an origin the comment’s site does not allow (403 origin_not_allowed)', async () => {
    const { id, token } = await published({}, 'origin');
    const res = await t.api.patch(`/api/comments/${id}`).set('Origin', 'https://evil.example').set('X-Parley-Author', token).send({ body: 'x' }).expect(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
  });
});

describe('DELETE /api/comments/:id', () => {
  it('removes the author’s comment within the window; its replies move up a level; an audit entry says the author did it', async () => {
    const { api, id, token } = await published({}, 'deleting');
    const reply = (await api.post({ thread: 'deleting', parentId: id }).expect(201)).body.comment.id as string;
    const nested = (await api.post({ thread: 'deleting', parentId: reply }).expect(201)).body.comment.id as string;
    await remove(id, token).expect(204);
    const shown = (await api.list({ thread: 'deleting' }).expect(200)).body.comments as PublicComment[];
    expect(shown.map((c) => [c.id, c.parentId])).toEqual([
      [reply, null],
      [nested, reply],
    ]);
    expect(await t.db.comment.findUnique({ where: { id } })).toBeNull();
    expect(await t.db.auditEntry.findMany({ where: { commentId: id } })).toMatchObject([{ action: 'author_delete', moderatorId: null, fromStatus: 'approved', toStatus: null }]);
    await remove(id, token).expect(404);
  });

  it('removes a pending comment too', async () => {
    const site = await siteIn(t);
    const posted = (await commentsApi(t, site.id).post({ thread: 'pending-delete' }).expect(201)).body;
    await remove(posted.comment.id, posted.authorToken).expect(204);
    expect(await t.db.comment.findUnique({ where: { id: posted.comment.id } })).toBeNull();
  });
});

describe('own edits and deletes, live', () => {
  it('reach the thread’s readers: an edit as comment:updated, a held edit and a delete as comment:removed', async () => {
    const s = await startTestServer();
    try {
      const site = (await buildSite(s.db, { allowedOrigins: [SITE_ORIGIN], mode: 'post' })).id;
      const postOne = async () => (await s.api.post('/api/comments').send(aComment({ site, thread: 'live' })).expect(201)).body as { comment: { id: string }; authorToken: string };
      const r = s.socket('/', { Origin: SITE_ORIGIN });
      await connected(r);
      expect(await join(r, { site, thread: 'live' })).toEqual({ ok: true });

      const a = await postOne();
      const updated = next(r, 'comment:updated');
      await s.api.patch(`/api/comments/${a.comment.id}`).set('X-Parley-Author', a.authorToken).send({ body: 'Better words' }).expect(200);
      expect(await updated).toMatchObject({ id: a.comment.id, edited: true, bodyHtml: '<p>Better words</p>', thread: 'live' });

      const held = next(r, 'comment:removed');
      await s.api.patch(`/api/comments/${a.comment.id}`).set('X-Parley-Author', a.authorToken).send({ body: 'https://a.example https://b.example https://c.example' }).expect(200);
      expect(await held).toEqual({ id: a.comment.id, thread: 'live' });

      const b = await postOne();
      const removed = next(r, 'comment:removed');
      await s.api.delete(`/api/comments/${b.comment.id}`).set('X-Parley-Author', b.authorToken).expect(204);
      expect(await removed).toEqual({ id: b.comment.id, thread: 'live' });
    } finally {
      await s.close();
    }
  });

  it('reach moderators as comment:edited with the new words, and the audit trail records the edit: a card is never approved on words it does not show', async () => {
    const s = await startTestServer();
    try {
      const site = (await buildSite(s.db, { allowedOrigins: [SITE_ORIGIN] })).id; // pre-moderated: it waits
      const admin = await buildModerator(s.db, { role: 'admin' });
      const login = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: admin.email, password: TEST_PASSWORD }).expect(200);
      const m = s.socket('/moderation', { Origin: s.origin, Cookie: sessionCookie(login) });
      await connected(m);
      const posted = (await s.api.post('/api/comments').send(aComment({ site, thread: 'queue', body: 'A harmless remark' })).expect(201)).body;
      const edited = next(m, 'comment:edited');
      await s.api.patch(`/api/comments/${posted.comment.id}`).set('X-Parley-Author', posted.authorToken).send({ body: 'Buy now at https://spam.example' }).expect(200);
      expect(await edited).toMatchObject({ id: posted.comment.id, status: 'pending', edited: true, bodyHtml: expect.stringContaining('spam.example'), authorEmail: expect.any(String) });
      const trail = await s.db.auditEntry.findMany({ where: { commentId: posted.comment.id } });
      expect(trail).toEqual([expect.objectContaining({ action: 'author_edit', moderatorId: null, fromStatus: 'pending', toStatus: 'pending' })]);
    } finally {
      await s.close();
    }
  });
});
