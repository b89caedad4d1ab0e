// A moderator edits a comment's body (DESIGN.md §12): rendered as a reader's,
// marked edited, audited, and seen live by readers (comment:updated, when it
// is published) and by the other dashboards (comment:edited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationComment } from '../../src/contracts.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
let other: string;
let mod: { id: string; cookie: string };
beforeAll(async () => {
  s = await startTestServer();
  site = (await buildSite(s.db, { allowedOrigins: ['https://news.example'] })).id;
  other = (await buildSite(s.db)).id;
  const m = await buildModerator(s.db, { role: 'moderator', siteIds: [site], name: 'Eddie' });
  mod = { id: m.id, cookie: sessionCookie(await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200)) };
});
afterAll(() => s.close());

const post = async (on = site) => (await s.api.post('/api/comments').send(aComment({ site: on, thread: 'edits' })).expect(201)).body.comment.id as string;
const act = (method: 'post' | 'patch', path: string, body: object) => s.api[method](path).set('Origin', s.origin).set('Cookie', mod.cookie).send(body);
const edit = (id: string, body: object) => act('patch', `/api/moderation/comments/${id}`, body);

describe("a moderator's edit", () => {
  it('re-renders the body, marks it edited, and readers see it live and on the next read', async () => {
    const id = await post();
    await act('post', `/api/moderation/comments/${id}/status`, { status: 'approved' }).expect(200);
    const reader = s.socket('/', { Origin: 'https://news.example' });
    await connected(reader);
    expect(await join(reader, { site, thread: 'edits' })).toEqual({ ok: true });
    const dashboard = s.socket('/moderation', { Origin: s.origin, Cookie: mod.cookie });
    await connected(dashboard);
    const updated = next(reader, 'comment:updated');
    const edited = next(dashboard, 'comment:edited');

    const res = await edit(id, { body: 'Cleaned up: visit https://example.org <script>alert(1)</script>' }).expect(200);
    const c: ModerationComment = res.body;
    expect(c).toMatchObject({ id, status: 'approved', edited: true, authorEmail: expect.stringMatching(/@example\.com$/) });
    expect(c.bodyHtml).toContain('<a href="https://example.org"');
    expect(c.bodyHtml).not.toContain('<script');
    expect(await updated).toMatchObject({ id, edited: true, bodyHtml: c.bodyHtml, thread: 'edits' });
    expect(await edited).toEqual(c);
    const page = await s.api.get('/api/comments').query({ site, thread: 'edits' }).expect(200);
    expect(page.body.comments.find((x: { id: string }) => x.id === id)).toMatchObject({ edited: true, bodyHtml: c.bodyHtml });
    reader.disconnect();
    dashboard.disconnect();
  });

  it('is audited as an edit, from and to its status', async () => {
    const id = await post();
    await edit(id, { body: 'Typo fixed.' }).expect(200);
    const audit = await s.db.auditEntry.findMany({ where: { commentId: id } });
    expect(audit.map((a) => [a.action, a.fromStatus, a.toStatus, a.moderatorId, a.siteId])).toEqual([['edit', 'pending', 'pending', mod.id, site]]);
  });

  it('of a pending comment tells readers nothing', async () => {
    const id = await post();
    const reader = s.socket('/', { Origin: 'https://news.example' });
    await connected(reader);
    await join(reader, { site, thread: 'edits' });
    let heard = 0;
    reader.on('comment:updated', () => heard++);
    await edit(id, { body: 'Still waiting.' }).expect(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toBe(0);
    reader.disconnect();
  });

  it('needs a body, and is 404 outside the moderator’s sites', async () => {
    const id = await post();
    const res = await edit(id, {}).expect(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['body']);
    await edit(await post(other), { body: 'Not mine' }).expect(404);
    await edit('not-an-id', { body: 'x' }).expect(404);
  });
});
