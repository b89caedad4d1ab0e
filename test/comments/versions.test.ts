// Thread pages and counts carry a version (ETag) that changes exactly when
// something a reader can see changes, so a browser revalidating its copy gets
// 304 with no body; and a thread's count is kept on the thread (by a trigger),
// whoever changes a comment, never counted per request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModerator } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';
import type { TestApp } from '../helpers/app.js';
import { commentsApi, siteIn } from './helpers.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await moderationApp();
  cookie = await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email);
});
afterAll(() => t.close());

const moderate = (id: string, status: string) => as(t, cookie).post(`/api/moderation/comments/${id}/status`, { status }).expect(200);
const counted = async (thread: string) =>
  (await t.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.key = $1 AND c.status = 'approved'`, [thread])).rows[0]!.n;

describe('a thread page', () => {
  it('answers 304 to the current version, and a new one once readers would see a change', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const first = await api.list({ thread: 'v' }).expect(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.etag).toMatch(/^W\/".+"$/);
    const again = (etag: string) => api.list({ thread: 'v' }, { 'If-None-Match': etag });

    const pending = (await api.post({ thread: 'v' }).expect(201)).body.comment.id as string;
    const afterPost = await api.list({ thread: 'v' }).expect(200);
    const v1 = afterPost.headers.etag as string;
    // A pending comment changes nothing readers see.
    const post2 = await api.post({ thread: 'v' }).expect(201);
    const unchanged = await again(v1).expect(304);
    expect(unchanged.text).toBe('');

    await moderate(pending, 'approved');
    const approved = await again(v1).expect(200);
    expect(approved.body.thread.commentCount).toBe(1);
    const v2 = approved.headers.etag as string;
    expect(v2).not.toBe(v1);
    await again(v2).expect(304);

    // A title correction, a rejection and a deletion are changes too.
    await as(t, cookie).patch('/api/moderation/threads', { site: site.id, thread: 'v', title: 'Corrected' }).expect(200);
    const v3 = (await again(v2).expect(200)).headers.etag as string;
    await moderate(post2.body.comment.id, 'approved');
    await moderate(post2.body.comment.id, 'rejected');
    const v4 = (await again(v3).expect(200)).headers.etag as string;
    await as(t, cookie).delete(`/api/moderation/comments/${pending}`).expect(204);
    const gone = await again(v4).expect(200);
    expect(gone.body.thread.commentCount).toBe(0);
  });

  it('changes with the site’s depth limit, which says where readers may reply: a copy held from before is not 304', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    await api.post({ thread: 'deep' }).expect(201); // a thread that exists, and one nobody has started
    for (const thread of ['deep', 'not-started']) {
      const held = await api.list({ thread }).expect(200);
      expect(held.body.thread.depthLimit).toBe(3);
      await as(t, cookie).patch(`/api/admin/sites/${site.id}`, { depthLimit: 5 }).expect(200);
      const now = await api.list({ thread }, { 'If-None-Match': held.headers.etag as string }).expect(200);
      expect(now.body.thread.depthLimit).toBe(5);
      await as(t, cookie).patch(`/api/admin/sites/${site.id}`, { depthLimit: 3 }).expect(200);
    }
  });

  it('has no version for an author (their own pending comments are in it), and is never stored', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const token = (await api.post({ thread: 'mine' }).expect(201)).body.authorToken as string;
    const res = await api.list({ thread: 'mine' }, { 'X-Parley-Author': token }).expect(200);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.comments).toHaveLength(1);
  });
});

describe('counts', () => {
  it('answer 304 to the current version, and change with an approval in any of the threads asked', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const ask = (etag?: string) => t.api.get('/api/counts').query({ site: site.id, thread: ['c1', 'c2', 'none'] }).set(etag ? { 'If-None-Match': etag } : {});
    const id = (await api.post({ thread: 'c2' }).expect(201)).body.comment.id as string;
    const before = await ask().expect(200);
    expect(before.body.counts).toEqual({ c1: 0, c2: 0, none: 0 });
    await ask(before.headers.etag).expect(304);
    await moderate(id, 'approved');
    const after = await ask(before.headers.etag).expect(200);
    expect(after.body.counts).toEqual({ c1: 0, c2: 1, none: 0 });
  });
});

describe("a thread's count", () => {
  it('follows every change of status, a deletion and a reply moved up, as a count over its comments would', async () => {
    const site = await siteIn(t, { mode: 'post' });
    const api = commentsApi(t, site.id);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await api.post({ thread: 'count' }).expect(201)).body.comment.id as string);
    const reply = (await api.post({ thread: 'count', parentId: ids[0] }).expect(201)).body.comment.id as string;
    const shown = async () => (await api.list({ thread: 'count' }).expect(200)).body.thread.commentCount as number;
    expect(await shown()).toBe(5);
    await moderate(ids[1]!, 'spam');
    await moderate(ids[2]!, 'rejected');
    await moderate(ids[2]!, 'pending');
    await moderate(ids[1]!, 'approved');
    await as(t, cookie).delete(`/api/moderation/comments/${ids[0]}`).expect(204);
    expect(await shown()).toBe(await counted('count'));
    expect(await shown()).toBe(3);
    expect(reply).toBeTruthy();
  });
});
