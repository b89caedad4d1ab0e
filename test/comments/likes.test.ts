// Likes (DESIGN.md §11): one per author key per comment, on published
// comments only, counted on the comment, heard live by the thread's readers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment } from '../../src/contracts.js';
import { LIKES_PER_ADDRESS } from '../../src/comments/likes/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment, buildSite } from '../helpers/factories.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';
import { commentsApi, siteIn, SITE_ORIGIN } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const like = (id: string, token?: string) => {
  const req = t.api.post(`/api/comments/${id}/like`).set('Origin', SITE_ORIGIN);
  return token ? req.set('X-Parley-Author', token) : req;
};
const unlike = (id: string, token?: string) => {
  const req = t.api.delete(`/api/comments/${id}/like`).set('Origin', SITE_ORIGIN);
  return token ? req.set('X-Parley-Author', token) : req;
};

describe('POST and DELETE /api/comments/:id/like', () => {
  it('counts one like per author key: the same token again changes nothing, another token counts, an unlike takes one away', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const id = await api.approved({ thread: 'likes' });
    const alice = (await api.post({ thread: 'elsewhere' }).expect(201)).body.authorToken as string;
    const bob = (await api.post({ thread: 'elsewhere' }).expect(201)).body.authorToken as string;

    expect((await like(id, alice).expect(200)).body).toEqual({ likes: 1, liked: true });
    expect((await like(id, alice).expect(200)).body).toEqual({ likes: 1, liked: true });
    expect((await like(id, bob).expect(200)).body).toEqual({ likes: 2, liked: true });
    expect((await unlike(id, alice).expect(200)).body).toEqual({ likes: 1, liked: false });
    expect((await unlike(id, alice).expect(200)).body).toEqual({ likes: 1, liked: false });
    expect((await unlike(id, bob).expect(200)).body).toEqual({ likes: 0, liked: false });
    expect((await unlike(id, bob).expect(200)).body).toEqual({ likes: 0, liked: false }); // never below 0

    const shown = (await api.list({ thread: 'likes' }).expect(200)).body.comments as PublicComment[];
    expect(shown.map((c) => c.likes)).toEqual([0]);
  });

  it('mints an author key for a like without a token, and the same like with that token is the same like', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const id = await api.approved({ thread: 'new-key' });
    const first = (await like(id).expect(200)).body;
    expect(first).toEqual({ likes: 1, liked: true, authorToken: expect.any(String) });
    expect((await like(id, first.authorToken).expect(200)).body).toEqual({ likes: 1, liked: true });
    // A forged token, or one of another site, is no error: it is a new reader.
    expect((await like(id, 'forged.token').expect(200)).body).toEqual({ likes: 2, liked: true, authorToken: expect.any(String) });
    const other = await siteIn(t);
    const foreign = (await commentsApi(t, other.id).post().expect(201)).body.authorToken as string;
    expect((await like(id, foreign).expect(200)).body).toEqual({ likes: 3, liked: true, authorToken: expect.any(String) });
    // The token a like gave is the reader's token for posting, too: their pending comment shows to them.
    await api.post({ thread: 'new-key', body: 'mine, waiting' }, { 'X-Parley-Author': first.authorToken }).expect(201);
    const own = (await api.list({ thread: 'new-key' }, { 'X-Parley-Author': first.authorToken }).expect(200)).body.comments as Array<{ status?: string }>;
    expect(own.map((c) => c.status)).toEqual([undefined, 'pending']);
  });

  it('answers 404 not_found for a pending, spam, rejected, unknown or malformed comment', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const pending = (await api.post({ thread: 'hidden' }).expect(201)).body.comment.id as string;
    const spam = await api.approved({ thread: 'hidden' });
    await t.db.comment.update({ where: { id: spam }, data: { status: 'spam' } });
    const rejected = await api.approved({ thread: 'hidden' });
    await t.db.comment.update({ where: { id: rejected }, data: { status: 'rejected' } });
    for (const id of [pending, spam, rejected, '01900000-0000-7000-8000-000000000000', 'not-an-id']) {
      expect((await like(id).expect(404)).body.error.code, id).toBe('not_found');
      expect((await unlike(id).expect(404)).body.error.code, id).toBe('not_found');
    }
    expect(await t.db.commentLike.count({ where: { commentId: { in: [pending, spam, rejected] } } })).toBe(0);
  });

  it('refuses an origin the comment’s site does not allow (403 origin_not_allowed), and takes one with no Origin', async () => {
    const site = await siteIn(t);
    const id = await commentsApi(t, site.id).approved({ thread: 'origins' });
    const res = await t.api.post(`/api/comments/${id}/like`).set('Origin', 'https://evil.example').expect(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    await t.api.post(`/api/comments/${id}/like`).expect(200);
  });

  it('takes only a few likes of one comment from one address, however many keys it mints: a key costs nothing, an address does', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const id = await api.approved({ thread: 'stuffing' });
    const tokens: string[] = [];
    for (let i = 1; i <= LIKES_PER_ADDRESS; i++) {
      const res = (await like(id).expect(200)).body;
      expect(res.likes).toBe(i);
      tokens.push(res.authorToken);
    }
    const refused = await like(id).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: 'This comment has all the likes it can take from your network.' });
    expect(refused.headers['retry-after']).toBeDefined();
    // Those who did like it still can (their like is the same like); another comment is untouched.
    expect((await like(id, tokens[0]).expect(200)).body).toEqual({ likes: LIKES_PER_ADDRESS, liked: true });
    const other = await api.approved({ thread: 'stuffing-2' });
    expect((await like(other).expect(200)).body.likes).toBe(1);
    // An unlike frees its place.
    await unlike(id, tokens[1]).expect(200);
    expect((await like(id).expect(200)).body.likes).toBe(LIKES_PER_ADDRESS);
  });

  it('changes the thread’s version: a page fetched before a like is not 304 after it', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const id = await api.approved({ thread: 'etag' });
    const before = await api.list({ thread: 'etag' }).expect(200);
    const etag = String(before.headers.etag);
    await api.list({ thread: 'etag' }).set('If-None-Match', etag).expect(304);
    await like(id).expect(200);
    const after = await api.list({ thread: 'etag' }).set('If-None-Match', etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.body.comments[0].likes).toBe(1);
  });
});

describe('likes, live', () => {
  it('reach the thread’s other readers as comment:updated with the new count', async () => {
    const s = await startTestServer();
    try {
      const site = (await buildSite(s.db, { allowedOrigins: [SITE_ORIGIN], mode: 'post' })).id;
      const id = (await s.api.post('/api/comments').send(aComment({ site, thread: 'live' })).expect(201)).body.comment.id as string;
      const r = s.socket('/', { Origin: SITE_ORIGIN });
      await connected(r);
      expect(await join(r, { site, thread: 'live' })).toEqual({ ok: true });
      const updated = next(r, 'comment:updated');
      await s.api.post(`/api/comments/${id}/like`).set('Origin', SITE_ORIGIN).expect(200);
      expect(await updated).toMatchObject({ id, likes: 1, thread: 'live', edited: false });
    } finally {
      await s.close();
    }
  });
});

describe('the likes limit per address', () => {
  it('answers 429 rate_limited with Retry-After past LIKES_PER_MINUTE_PER_ADDRESS', async () => {
    const limited = await createTestApp({ env: { LIKES_PER_MINUTE_PER_ADDRESS: '2' } });
    try {
      const site = await siteIn(limited);
      const id = await commentsApi(limited, site.id).approved({ thread: 'limit' });
      await limited.api.post(`/api/comments/${id}/like`).expect(200);
      await limited.api.delete(`/api/comments/${id}/like`).expect(200);
      const res = await limited.api.post(`/api/comments/${id}/like`).expect(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Reading is another budget.
      await commentsApi(limited, site.id).list({ thread: 'limit' }).expect(200);
    } finally {
      await limited.close();
    }
  });
});
