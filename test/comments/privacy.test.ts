// An email goes in; nothing a reader can fetch ever gives it back, in any form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { setStatus } from '../helpers/factories.js';
import { commentsApi, siteIn } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PUBLIC_KEYS = ['authorName', 'authorWebsite', 'avatar', 'bodyHtml', 'createdAt', 'id', 'parentId'];

describe('privacy of the readers’ API', () => {
  it('never returns the email, its local part or any 64-hex digest, in any public response', async () => {
    const site = await siteIn(t, { mode: 'post' });
    const api = commentsApi(t, site.id);
    const local = `zq${Date.now().toString(36)}secretlocal`;
    const email = `${local}@private-domain.example`;
    const responses: string[] = [];

    const posted = await api.post({ thread: 'privacy', email, name: 'Somebody' }).expect(201);
    responses.push(posted.text);
    const token = posted.body.authorToken;
    responses.push((await api.post({ thread: 'privacy', email, name: 'Somebody', parentId: posted.body.comment.id }).expect(201)).text);
    responses.push((await api.list({ thread: 'privacy' }).expect(200)).text);
    responses.push((await api.list({ thread: 'privacy' }, { 'X-Parley-Author': token }).expect(200)).text);
    responses.push((await t.api.get(`/api/counts?site=${site.id}&thread=privacy`).expect(200)).text);
    responses.push((await api.post({ thread: 'privacy', email, body: posted.body.comment.bodyHtml }).expect(201)).text);

    for (const text of responses) {
      expect(text.toLowerCase()).not.toContain(email.toLowerCase());
      expect(text.toLowerCase()).not.toContain(local.toLowerCase());
      expect(text).not.toContain('private-domain');
      expect(text).not.toMatch(/\b[0-9a-f]{64}\b/i);
    }
    // The author token is opaque: decoding it shows no email or digest either.
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    expect(decoded).not.toContain(local);
    expect(Buffer.from(token, 'base64url').toString('hex')).not.toMatch(new RegExp((await t.db.comment.findFirstOrThrow({ where: { id: posted.body.comment.id } })).authorEmailDigest!));
  });

  it('gives PublicComment exactly the keys of the contract, and the author their status besides', async () => {
    const site = await siteIn(t, { mode: 'post' });
    const api = commentsApi(t, site.id);
    const posted = await api.post({ thread: 'shape', website: 'https://me.example' }).expect(201);
    expect(Object.keys(posted.body.comment).sort()).toEqual([...PUBLIC_KEYS, 'status'].sort());
    const listed = await api.list({ thread: 'shape' }).expect(200);
    for (const c of listed.body.comments) expect(Object.keys(c).sort()).toEqual(PUBLIC_KEYS);
  });

  it('draws avatars from a seed that differs per site for the same email, and is not the email digest', async () => {
    const [a, b] = [await siteIn(t, { mode: 'post' }), await siteIn(t, { mode: 'post' })];
    const email = 'same.person@example.com';
    const onA = (await commentsApi(t, a.id).post({ email }).expect(201)).body.comment;
    const onA2 = (await commentsApi(t, a.id).post({ email }).expect(201)).body.comment;
    const onB = (await commentsApi(t, b.id).post({ email }).expect(201)).body.comment;
    expect(onA.avatar).toBe(onA2.avatar);
    expect(onA.avatar).not.toBe(onB.avatar);
    expect(onA.avatar.length).toBeLessThanOrEqual(32);
  });
});

describe('a pending comment', () => {
  it('is seen by its author (with the token) and by nobody else', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const mine = await api.post({ thread: 'waiting', email: 'me@example.com' }).expect(201);
    const theirs = await api.post({ thread: 'waiting', email: 'them@example.com' }).expect(201);

    const anonymous = await api.list({ thread: 'waiting' }).expect(200);
    expect(anonymous.body.comments).toEqual([]);

    const asMe = await api.list({ thread: 'waiting' }, { 'X-Parley-Author': mine.body.authorToken }).expect(200);
    expect(asMe.body.comments).toEqual([{ ...mine.body.comment, status: 'pending' }]);
    expect(asMe.body.thread.commentCount).toBe(0);

    const asThem = await api.list({ thread: 'waiting' }, { 'X-Parley-Author': theirs.body.authorToken }).expect(200);
    expect(asThem.body.comments.map((c: { id: string }) => c.id)).toEqual([theirs.body.comment.id]);
  });

  it('is not shown for a forged, altered or foreign token', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const mine = await api.post({ thread: 'forged' }).expect(201);
    const token: string = mine.body.authorToken;
    const altered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    for (const bad of [altered, 'not-a-token', 'x'.repeat(5000), '']) {
      const res = await api.list({ thread: 'forged' }, { 'X-Parley-Author': bad }).expect(200);
      expect(res.body.comments).toEqual([]);
    }
  });

  it('turns into an ordinary comment once approved, and leaves the author’s view when rejected', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const mine = await api.post({ thread: 'decided' }).expect(201);
    const token = mine.body.authorToken;
    await setStatus(t.db, mine.body.comment.id, 'approved');
    const approved = await api.list({ thread: 'decided' }, { 'X-Parley-Author': token }).expect(200);
    expect(approved.body.comments).toEqual([{ ...mine.body.comment, status: undefined }].map(({ status: _s, ...c }) => c));
    await setStatus(t.db, mine.body.comment.id, 'rejected');
    expect((await api.list({ thread: 'decided' }, { 'X-Parley-Author': token }).expect(200)).body.comments).toEqual([]);
  });
});
