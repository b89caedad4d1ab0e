import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment } from '../../src/contracts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { commentsApi, siteIn } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Pages through a thread; returns every page's comments in order. */
async function pageThrough(api: ReturnType<typeof commentsApi>, thread: string, limit: number, sort: 'oldest' | 'newest') {
  const pages: PublicComment[][] = [];
  let cursor: string | null = null;
  do {
    const query: Record<string, string | number> = { thread, limit, sort };
    if (cursor) query.cursor = cursor;
    const res: { body: { comments: PublicComment[]; nextCursor: string | null } } = await api.list(query).expect(200);
    pages.push(res.body.comments);
    cursor = res.body.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}

describe('GET /api/comments', () => {
  it('answers an unknown thread with an empty list', async () => {
    const site = await siteIn(t);
    const res = await commentsApi(t, site.id).list({ thread: 'never-commented' }).expect(200);
    expect(res.body).toEqual({ thread: { key: 'never-commented', title: null, url: null, closed: false, commentCount: 0, depthLimit: 3 }, comments: [], nextCursor: null });
  });

  it('answers 404 site_not_found for an unknown site', async () => {
    const res = await t.api.get('/api/comments').query({ site: 'nosuchsite', thread: 'x' }).expect(404);
    expect(res.body.error.code).toBe('site_not_found');
  });

  it('shows approved comments only, with the thread and its count', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const shown = await api.approved({ thread: 'mixed', threadTitle: 'Mixed', body: 'visible' });
    await api.post({ thread: 'mixed', body: 'waiting' }).expect(201);
    const res = await api.list({ thread: 'mixed' }).expect(200);
    expect(res.body.thread).toEqual({ key: 'mixed', title: 'Mixed', url: null, closed: false, commentCount: 1, depthLimit: 3 });
    expect(res.body.comments.map((c: PublicComment) => c.id)).toEqual([shown]);
    expect(res.body.comments[0].bodyHtml).toBe('<p>visible</p>');
  });

  it('pages through 23 threads of replies: every approved comment exactly once, in order, replies after their parents', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const tops: string[] = [];
    const parentOf = new Map<string, string>();
    for (let i = 0; i < 23; i++) {
      const top = await api.approved({ thread: 'long' });
      tops.push(top);
      if (i % 3 === 0) {
        const reply = await api.approved({ thread: 'long', parentId: top });
        parentOf.set(reply, top);
        const nested = await api.approved({ thread: 'long', parentId: reply });
        parentOf.set(nested, reply);
      }
      if (i % 5 === 0) await api.post({ thread: 'long', parentId: top }).expect(201); // pending reply: never shown
    }
    const total = tops.length + parentOf.size;

    for (const limit of [1, 4, 7, 23, 50]) {
      for (const sort of ['oldest', 'newest'] as const) {
        const pages = await pageThrough(api, 'long', limit, sort);
        const all = pages.flat();
        expect(all.map((c) => c.id).sort(), `limit ${limit} ${sort}`).toEqual([...tops, ...parentOf.keys()].sort());
        expect(new Set(all.map((c) => c.id)).size).toBe(total);
        for (const page of pages) {
          const topsOnPage = page.filter((c) => c.parentId === null);
          expect(topsOnPage.length).toBeLessThanOrEqual(limit);
          // Each reply comes after its parent, on the same page.
          page.forEach((c, i) => {
            if (c.parentId) expect(page.slice(0, i).map((p) => p.id)).toContain(c.parentId);
          });
        }
        const order = pages.flat().filter((c) => c.parentId === null).map((c) => c.id);
        expect(order).toEqual(sort === 'oldest' ? tops : [...tops].reverse());
      }
    }
    const first = await api.list({ thread: 'long' }).expect(200);
    expect(first.body.thread.commentCount).toBe(total);
    expect(first.body.nextCursor).toBeNull(); // 23 < default limit 50
  });

  it('hides approved replies whose parent is no longer visible', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const top = await api.approved({ thread: 'orphans' });
    const reply = await api.approved({ thread: 'orphans', parentId: top });
    const nested = await api.approved({ thread: 'orphans', parentId: reply });
    await t.db.comment.update({ where: { id: reply }, data: { status: 'rejected' } });
    const res = await api.list({ thread: 'orphans' }).expect(200);
    expect(res.body.comments.map((c: PublicComment) => c.id)).toEqual([top]);
    expect(res.body.comments.map((c: PublicComment) => c.id)).not.toContain(nested);
  });

  describe('rejects bad parameters with 400 validation_failed naming them', () => {
    it.each([
      [{ thread: 'x' }, 'site'],
      [{ site: 'SITE' }, 'thread'],
      [{ site: 'SITE', thread: 'x', limit: '0' }, 'limit'],
      [{ site: 'SITE', thread: 'x', limit: '101' }, 'limit'],
      [{ site: 'SITE', thread: 'x', limit: '2.5' }, 'limit'],
      [{ site: 'SITE', thread: 'x', limit: 'ten' }, 'limit'],
      [{ site: 'SITE', thread: 'x', sort: 'top' }, 'sort'],
      [{ site: 'SITE', thread: 'x', cursor: 'forged' }, 'cursor'],
      [{ site: 'SITE', thread: 'x'.repeat(513) }, 'thread'],
    ])('%j → %s', async (query, field) => {
      const site = await siteIn(t);
      const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === 'SITE' ? site.id : v]));
      const res = await t.api.get('/api/comments').query(q).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    });

    it('a repeated parameter', async () => {
      const site = await siteIn(t);
      const res = await t.api.get(`/api/comments?site=${site.id}&thread=a&thread=b`).expect(400);
      expect(res.body.error.fields).toEqual({ thread: 'Thread was given more than once.' });
    });

    it('a cursor from another thread, another sort, or altered by one character', async () => {
      const site = await siteIn(t);
      const api = commentsApi(t, site.id);
      for (let i = 0; i < 3; i++) await api.approved({ thread: 'cursors' });
      const { nextCursor } = (await api.list({ thread: 'cursors', limit: 1 }).expect(200)).body;
      expect(nextCursor).toEqual(expect.any(String));
      await api.list({ thread: 'other', limit: 1, cursor: nextCursor }).expect(400);
      await api.list({ thread: 'cursors', limit: 1, sort: 'newest', cursor: nextCursor }).expect(400);
      const flipped = nextCursor.slice(0, 10) + (nextCursor[10] === 'A' ? 'B' : 'A') + nextCursor.slice(11);
      await api.list({ thread: 'cursors', limit: 1, cursor: flipped }).expect(400);
      await api.list({ thread: 'cursors', limit: 1, cursor: nextCursor }).expect(200);
    });
  });
});

describe('GET /api/comments?sort=best', () => {
  const like = async (id: string, token?: string) => {
    const req = t.api.post(`/api/comments/${id}/like`);
    return (await (token ? req.set('X-Parley-Author', token) : req).expect(200)).body as { authorToken?: string };
  };

  it('orders top-level comments by likes, then oldest first, with replies under them as ever; its cursor pages through them all once', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const tops: string[] = [];
    for (let i = 0; i < 7; i++) tops.push(await api.approved({ thread: 'best' }));
    const reply = await api.approved({ thread: 'best', parentId: tops[0] });
    // Likes: tops[3] 3, tops[5] 2, tops[1] 2, the others 0 (reply 5: replies do not rank).
    const readers = await Promise.all(Array.from({ length: 5 }, async () => (await like(reply)).authorToken!));
    for (const [top, n] of [[tops[3]!, 3], [tops[5]!, 2], [tops[1]!, 2]] as const) for (let i = 0; i < n; i++) await like(top, readers[i]);

    const expected = [tops[3], tops[1], tops[5], tops[0], tops[2], tops[4], tops[6]];
    const all = (await api.list({ thread: 'best', sort: 'best' }).expect(200)).body.comments as PublicComment[];
    expect(all.filter((c) => c.parentId === null).map((c) => c.id)).toEqual(expected);
    expect(all.map((c) => c.id).indexOf(reply)).toBe(all.map((c) => c.id).indexOf(tops[0]!) + 1);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { comments: PublicComment[]; nextCursor: string | null } } = await api
        .list({ thread: 'best', sort: 'best', limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...res.body.comments.filter((c) => c.parentId === null).map((c) => c.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);
    expect(pages).toBe(4);
  });

  it('takes a best cursor only for best pages of the same thread', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    for (let i = 0; i < 3; i++) await api.approved({ thread: 'best-cursor' });
    const cursor = (await api.list({ thread: 'best-cursor', sort: 'best', limit: 1 }).expect(200)).body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const res = await api.list({ thread: 'best-cursor', sort: 'oldest', cursor }).expect(400);
    expect(res.body.error.fields).toEqual({ cursor: expect.stringMatching(/another list/) });
  });
});

describe('GET /api/counts', () => {
  it('counts approved comments (replies included) for every key asked, unknown keys 0', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const top = await api.approved({ thread: 'counted' });
    await api.approved({ thread: 'counted', parentId: top });
    await api.post({ thread: 'counted' }).expect(201); // pending: not counted
    const res = await t.api.get(`/api/counts?site=${site.id}&thread=counted&thread=unknown-key`).expect(200);
    expect(res.body).toEqual({ counts: { counted: 2, 'unknown-key': 0 } });
  });

  it('needs 1 to 100 keys and a known site', async () => {
    const site = await siteIn(t);
    expect((await t.api.get(`/api/counts?site=${site.id}`).expect(400)).body.error.fields).toEqual({ thread: 'Give 1 to 100 thread keys.' });
    const many = Array.from({ length: 101 }, (_, i) => `thread=k${i}`).join('&');
    expect((await t.api.get(`/api/counts?site=${site.id}&${many}`).expect(400)).body.error.fields).toHaveProperty('thread');
    expect((await t.api.get('/api/counts?site=nosuchsite&thread=a').expect(404)).body.error.code).toBe('site_not_found');
  });
});
