// A moderator replies from the card (DESIGN.md §12): published at once under
// their name with the moderator badge, no email, live to readers and to the
// other moderators, audited; a pending comment is approved with the reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationComment } from '../../src/contracts.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { connected, join, next, startTestServer } from '../helpers/server.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
let other: string;
let marta: { id: string; cookie: string };
beforeAll(async () => {
  s = await startTestServer();
  site = (await buildSite(s.db, { allowedOrigins: ['https://news.example'] })).id;
  other = (await buildSite(s.db)).id;
  const m = await buildModerator(s.db, { role: 'moderator', siteIds: [site], name: 'Marta Editor' });
  marta = { id: m.id, cookie: sessionCookie(await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200)) };
});
afterAll(() => s.close());

const post = async (on = site, extra: Record<string, unknown> = {}) =>
  (await s.api.post('/api/comments').send(aComment({ site: on, thread: 'replies', ...extra })).expect(201)).body.comment.id as string;
const act = (method: 'post' | 'patch', path: string, body: object) => s.api[method](path).set('Origin', s.origin).set('Cookie', marta.cookie).send(body);
const reply = (id: string, body: object) => act('post', `/api/moderation/comments/${id}/replies`, body);
const approve = (id: string) => act('post', `/api/moderation/comments/${id}/status`, { status: 'approved' }).expect(200);

describe("a moderator's reply", () => {
  it('is published at once with the badge and their name, no email, and readers see it', async () => {
    const parent = await post(site, { name: 'Curious Reader' });
    await approve(parent);
    const res = await reply(parent, { body: 'Thanks — we have *corrected* the article.\n\nSee [here](javascript:alert(1)) <script>alert(1)</script>' }).expect(201);
    const r: ModerationComment = res.body;
    expect(r).toMatchObject({
      parentId: parent,
      status: 'approved',
      badge: 'moderator',
      authorName: 'Marta Editor',
      authorEmail: null,
      authorWebsite: null,
      heldReasons: [],
      moderatedBy: { id: marta.id, name: 'Marta Editor' },
      inReplyTo: { id: parent, authorName: 'Curious Reader' },
      authorHistory: null,
      edited: false,
    });
    // The readers' renderer: Markdown, sanitized.
    expect(r.bodyHtml).toMatch(/^<p>Thanks — we have <em>corrected<\/em>/);
    expect(r.bodyHtml).not.toMatch(/<script|href="javascript/i);
    const page = await s.api.get('/api/comments').query({ site, thread: 'replies' }).expect(200);
    const shown = page.body.comments.find((c: { id: string }) => c.id === r.id);
    expect(shown).toEqual({
      id: r.id, parentId: parent, authorName: 'Marta Editor', authorWebsite: null, avatar: expect.stringMatching(/^[0-9a-f]{20}$/),
      bodyHtml: r.bodyHtml, createdAt: r.createdAt, likes: 0, edited: false, badge: 'moderator',
    });
    const row = await s.db.comment.findUniqueOrThrow({ where: { id: r.id } });
    expect([row.authorEmailCipher, row.authorEmailDigest, row.ipDigest, row.authorKeyDigest, row.userAgent]).toEqual([null, null, null, null, null]);
  });

  it('reaches readers live as comment:approved, and the other moderators as comment:created', async () => {
    const parent = await post();
    await approve(parent);
    const readerSocket = s.socket('/', { Origin: 'https://news.example' });
    await connected(readerSocket);
    expect(await join(readerSocket, { site, thread: 'replies' })).toEqual({ ok: true });
    const modSocket = s.socket('/moderation', { Origin: s.origin, Cookie: marta.cookie });
    await connected(modSocket);
    const approved = next(readerSocket, 'comment:approved');
    const created = next(modSocket, 'comment:created');
    const r = (await reply(parent, { body: 'Live from the desk.' }).expect(201)).body as ModerationComment;
    expect(await approved).toMatchObject({ id: r.id, badge: 'moderator', authorName: 'Marta Editor', thread: 'replies' });
    expect(await created).toMatchObject({ id: r.id, status: 'approved', badge: 'moderator', inReplyTo: { id: parent } });
    readerSocket.disconnect();
    modSocket.disconnect();
  });

  it('to a pending comment approves it too, as "Approve and Reply"; both are audited', async () => {
    const parent = await post();
    const r = (await reply(parent, { body: 'Approved, and answered.' }).expect(201)).body as ModerationComment;
    expect((await s.db.comment.findUniqueOrThrow({ where: { id: parent } })).status).toBe('approved');
    const ids = (await s.api.get('/api/comments').query({ site, thread: 'replies' }).expect(200)).body.comments.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([parent, r.id]));
    const audit = await s.db.auditEntry.findMany({ where: { commentId: { in: [parent, r.id] } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.commentId, a.action, a.fromStatus, a.toStatus, a.moderatorId, a.siteId])).toEqual([
      [parent, 'status', 'pending', 'approved', marta.id, site],
      [r.id, 'reply', null, 'approved', marta.id, site],
    ]);
  });

  it('is refused under a rejected or spam comment, and past the depth limit (400 parentId)', async () => {
    for (const status of ['rejected', 'spam']) {
      const parent = await post();
      await act('post', `/api/moderation/comments/${parent}/status`, { status }).expect(200);
      const res = await reply(parent, { body: 'Hello?' }).expect(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['parentId']);
    }
    let parent = await post();
    await approve(parent);
    for (let depth = 2; depth <= 3; depth++) parent = ((await reply(parent, { body: `Level ${depth}` }).expect(201)).body as ModerationComment).id;
    const deep = await reply(parent, { body: 'Level 4' }).expect(400);
    expect(deep.body.error.fields.parentId).toMatch(/3 levels/);
  });

  it('needs a body, names unknown fields, and is 404 outside the moderator’s sites', async () => {
    const parent = await post();
    await approve(parent);
    const res = await reply(parent, { body: '   ', badge: 'admin' }).expect(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['badge', 'body']);
    const elsewhere = await post(other);
    await reply(elsewhere, { body: 'Not mine' }).expect(404);
    await reply('01900000-0000-7000-8000-000000000000', { body: 'Nobody' }).expect(404);
    await s.api.post(`/api/moderation/comments/${parent}/replies`).set('Origin', 'https://evil.example').set('Cookie', marta.cookie).send({ body: 'x' }).expect(403);
    await s.api.post(`/api/moderation/comments/${parent}/replies`).set('Origin', s.origin).send({ body: 'x' }).expect(401);
  });
});
