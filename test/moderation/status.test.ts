import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../src/events/bus.js';
import type { TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';

let t: TestApp;
let moderator: { id: string; name: string };
let mod: ReturnType<typeof as>;
let site: { id: string };
beforeAll(async () => {
  t = await moderationApp();
  site = await buildSite(t.db);
  const m = await buildModerator(t.db, { role: 'moderator', siteIds: [site.id], name: 'Marta' });
  moderator = { id: m.id, name: m.name };
  mod = as(t, await signIn(t, m.email));
});
afterAll(() => t.close());

const post = async (overrides: Record<string, unknown> = {}) =>
  (await t.api.post('/api/comments').send(aComment({ site: site.id, thread: 'status', ...overrides })).expect(201)).body.comment.id as string;
const publicIds = async (thread = 'status') =>
  (await t.api.get('/api/comments').query({ site: site.id, thread }).expect(200)).body.comments.map((c: { id: string }) => c.id);
const setStatus = (id: string, body: object) => mod.post(`/api/moderation/comments/${id}/status`, body);

describe('changing a status', () => {
  it('approve publishes the comment to readers; reject and spam take it away', async () => {
    const id = await post();
    expect(await publicIds()).not.toContain(id);
    const approved = await setStatus(id, { status: 'approved' }).expect(200);
    expect(approved.body).toMatchObject({ id, status: 'approved', moderatedBy: moderator, moderatedAt: expect.any(String) });
    expect(await publicIds()).toContain(id);
    await setStatus(id, { status: 'rejected' }).expect(200);
    expect(await publicIds()).not.toContain(id);
    await setStatus(id, { status: 'approved' }).expect(200);
    await setStatus(id, { status: 'spam' }).expect(200);
    expect(await publicIds()).not.toContain(id);
  });

  it('records who changed what, from which status to which', async () => {
    const id = await post();
    await setStatus(id, { status: 'approved' }).expect(200);
    await setStatus(id, { status: 'rejected' }).expect(200);
    const audit = await t.db.auditEntry.findMany({ where: { commentId: id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.action, a.fromStatus, a.toStatus, a.moderatorId, a.siteId])).toEqual([
      ['status', 'pending', 'approved', moderator.id, site.id],
      ['status', 'approved', 'rejected', moderator.id, site.id],
    ]);
  });

  it('with `from`, refuses (409 status_changed) when someone else changed it first', async () => {
    const id = await post();
    await setStatus(id, { status: 'spam' }).expect(200);
    const res = await setStatus(id, { status: 'approved', from: 'pending' }).expect(409);
    expect(res.body.error).toEqual({ code: 'status_changed', message: expect.any(String), currentStatus: 'spam' });
    expect((await t.db.comment.findUniqueOrThrow({ where: { id } })).status).toBe('spam');
  });

  it('lets exactly one of two racing moderators win, with one audit entry', async () => {
    const id = await post();
    const results = await Promise.all([setStatus(id, { status: 'approved', from: 'pending' }), setStatus(id, { status: 'rejected', from: 'pending' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await t.db.auditEntry.count({ where: { commentId: id } })).toBe(1);
    const winner = results.find((r) => r.status === 200)!.body.status;
    expect(results.find((r) => r.status === 409)!.body.error.currentStatus).toBe(winner);
  });

  it('announces a change after it commits, and nothing for a refused one', async () => {
    const seen: Array<DomainEvents['comment.moderated']> = [];
    const off = t.events.on('comment.moderated', (e) => void seen.push(e));
    try {
      const id = await post();
      await setStatus(id, { status: 'approved', from: 'pending' }).expect(200);
      await setStatus(id, { status: 'spam', from: 'pending' }).expect(409);
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([
        {
          commentId: id,
          siteId: site.id,
          threadKey: 'status',
          status: 'approved',
          previousStatus: 'pending',
          moderatedBy: moderator,
          moderatedAt: expect.any(Date),
          // As the moderators' API answers it: the live path reads nothing back.
          comment: expect.objectContaining({ id, status: 'approved', moderatedBy: moderator }),
        },
      ]);
      const audit = await t.db.auditEntry.findFirstOrThrow({ where: { commentId: id } });
      expect(audit.toStatus).toBe('approved');
    } finally {
      off();
    }
  });

  it('is a 404 for an unknown or malformed id', async () => {
    await setStatus('01900000-0000-7000-8000-000000000000', { status: 'approved' }).expect(404);
    await setStatus('not-an-id', { status: 'approved' }).expect(404);
    expect((await setStatus(await post(), { status: 'published' }).expect(400)).body.error.fields).toHaveProperty('status');
  });
});

describe('bulk changes', () => {
  it('change 50 comments in one request, each answered, and counts follow', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await post({ thread: 'bulk' }));
    const stale = ids[0]!;
    await setStatus(stale, { status: 'spam' }).expect(200);
    const res = await mod.post('/api/moderation/comments/bulk', { ids: [...ids, '01900000-0000-7000-8000-000000000000'], status: 'approved', from: 'pending' }).expect(200);
    expect(res.body.results).toHaveLength(51);
    expect(res.body.results[0]).toEqual({ id: stale, error: { code: 'status_changed' } });
    expect(res.body.results.slice(1, 50).every((r: { status?: string }) => r.status === 'approved')).toBe(true);
    expect(res.body.results[50]).toEqual({ id: '01900000-0000-7000-8000-000000000000', error: { code: 'not_found' } });
    const queue = await mod.get(`/api/moderation/comments?site=${site.id}&thread=bulk&status=approved&limit=100`).expect(200);
    expect(queue.body.counts).toEqual({ pending: 0, approved: 49, rejected: 0, spam: 1 });
    expect((await t.api.get('/api/comments').query({ site: site.id, thread: 'bulk', limit: 100 })).body.thread.commentCount).toBe(49);
  });

  it('takes 1 to 200 ids', async () => {
    await mod.post('/api/moderation/comments/bulk', { ids: [], status: 'approved' }).expect(400);
    const many = Array.from({ length: 201 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    await mod.post('/api/moderation/comments/bulk', { ids: many, status: 'approved' }).expect(400);
  });
});

describe('deleting', () => {
  it('removes the comment, keeps its replies one level up, and keeps the audit entry without content', async () => {
    const top = await post({ thread: 'del' });
    await setStatus(top, { status: 'approved' }).expect(200);
    const reply = await post({ thread: 'del', parentId: top });
    await setStatus(reply, { status: 'approved' }).expect(200);
    const nested = await post({ thread: 'del', parentId: reply });
    await setStatus(nested, { status: 'approved' }).expect(200);

    await mod.delete(`/api/moderation/comments/${top}`).expect(204);

    expect(await t.db.comment.findUnique({ where: { id: top } })).toBeNull();
    const rows = await t.db.comment.findMany({ where: { id: { in: [reply, nested] } }, orderBy: { depth: 'asc' } });
    expect(rows.map((r) => [r.id, r.parentId, r.rootId, r.depth])).toEqual([
      [reply, null, null, 1],
      [nested, reply, reply, 2],
    ]);
    expect(await publicIds('del')).toEqual([reply, nested]);
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { commentId: top, action: 'delete' } });
    expect(audit).toMatchObject({ fromStatus: 'approved', toStatus: null, moderatorId: moderator.id });
    await mod.delete(`/api/moderation/comments/${top}`).expect(404);
  });

  it('of a reply moves its own replies up to its parent', async () => {
    const top = await post({ thread: 'del2' });
    await setStatus(top, { status: 'approved' }).expect(200);
    const middle = await post({ thread: 'del2', parentId: top });
    await setStatus(middle, { status: 'approved' }).expect(200);
    const leaf = await post({ thread: 'del2', parentId: middle });
    await mod.delete(`/api/moderation/comments/${middle}`).expect(204);
    expect(await t.db.comment.findUniqueOrThrow({ where: { id: leaf } })).toMatchObject({ parentId: top, rootId: top, depth: 2 });
  });
});
