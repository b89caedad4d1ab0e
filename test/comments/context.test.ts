// A permalink's page (DESIGN.md §11): GET /api/comments/:id/context answers
// the thread page that holds a comment, starting at its top-level ancestor,
// and the widget reads on from there with GET /api/comments as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentsPage, PublicComment } from '../../src/contracts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { commentsApi, siteIn, SITE_ORIGIN } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const context = (id: string, query: Record<string, string | number>) => t.api.get(`/api/comments/${id}/context`).query(query).set('Origin', SITE_ORIGIN);
const tops = (comments: PublicComment[]) => comments.filter((c) => c.parentId === null).map((c) => c.id);

describe('GET /api/comments/:id/context', () => {
  it('starts the page at the comment’s top-level ancestor, with replies, and its nextCursor reads on as a thread page', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await api.approved({ thread: 'permalinks', threadTitle: 'Permalinks' }));
    // ids[5] is on page 3 with 2 per page; it has a reply, and that reply one of its own.
    const reply = await api.approved({ thread: 'permalinks', parentId: ids[5] });
    const nested = await api.approved({ thread: 'permalinks', parentId: reply });

    const res = await context(ids[5]!, { site: site.id, limit: 2 }).expect(200);
    const page = res.body as CommentsPage;
    expect(page.thread).toEqual({ key: 'permalinks', title: 'Permalinks', url: null, closed: false, commentCount: 10, depthLimit: 3 });
    expect(page.comments.map((c) => c.id)).toEqual([ids[5], reply, nested, ids[6]]);
    expect(page.nextCursor).toEqual(expect.any(String));

    const rest = await api.list({ thread: 'permalinks', limit: 2, cursor: page.nextCursor! }).expect(200);
    expect(tops(rest.body.comments)).toEqual([ids[7]]);
    expect(rest.body.nextCursor).toBeNull();

    // A reply's page starts at its root, the same page.
    const ofReply = (await context(nested, { site: site.id, limit: 2 }).expect(200)).body as CommentsPage;
    expect(ofReply.comments.map((c) => c.id)).toEqual(page.comments.map((c) => c.id));
    // The last comment's page has no next one.
    expect((await context(ids[7]!, { site: site.id, limit: 2 }).expect(200)).body.nextCursor).toBeNull();
  });

  it('answers 404 not_found for a pending, unknown or malformed comment, and one under a hidden parent', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const pending = (await api.post({ thread: 'hidden' }).expect(201)).body.comment.id as string;
    const top = await api.approved({ thread: 'hidden' });
    const orphan = await api.approved({ thread: 'hidden', parentId: top });
    await t.db.comment.update({ where: { id: top }, data: { status: 'rejected' } });
    for (const id of [pending, orphan, top, '01900000-0000-7000-8000-000000000000', 'not-an-id']) {
      expect((await context(id, { site: site.id }).expect(404)).body.error.code, id).toBe('not_found');
    }
  });

  it('does not find a comment of another site, and checks the origin against the comment’s site', async () => {
    const site = await siteIn(t);
    const other = await siteIn(t, { allowedOrigins: ['https://other.example'] });
    const id = await commentsApi(t, site.id).approved({ thread: 'mine' });
    expect((await context(id, { site: other.id }).expect(404)).body.error.code).toBe('not_found');
    expect((await context(id, { site: 'nosuchsite' }).expect(404)).body.error.code).toBe('not_found');
    const foreign = await t.api.get(`/api/comments/${id}/context`).query({ site: site.id }).set('Origin', 'https://other.example').expect(403);
    expect(foreign.body.error.code).toBe('origin_not_allowed');
  });

  it('needs its site and a valid limit (400 validation_failed)', async () => {
    const site = await siteIn(t);
    const id = await commentsApi(t, site.id).approved({ thread: 'params' });
    expect((await context(id, {}).expect(400)).body.error.fields).toEqual({ site: expect.any(String) });
    expect((await context(id, { site: site.id, limit: 0 }).expect(400)).body.error.fields).toEqual({ limit: expect.any(String) });
  });
});
