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

const PUBLIC_KEYS = ['authorName', 'authorWebsite', 'avatar', 'badge', 'bodyHtml', 'createdAt', 'edited', 'id', 'likes', 'parentId'];

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
    const shown = async (site: string, thread: string) => {
      await commentsApi(t, site).post({ email, thread }).expect(201);
      return (await commentsApi(t, site).list({ thread }).expect(200)).body.comments[0];
    };
    const onA = await shown(a.id, 'avatar-1');
    const onA2 = await shown(a.id, 'avatar-2');
    const onB = await shown(b.id, 'avatar-1');
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
    // Published: an ordinary comment, with its avatar now.
    const { status: _status, ...published } = mine.body.comment;
    expect(approved.body.comments).toEqual([{ ...published, avatar: expect.stringMatching(/^[0-9a-f]{20}$/) }]);
    await setStatus(t.db, mine.body.comment.id, 'rejected');
    expect((await api.list({ thread: 'decided' }, { 'X-Parley-Author': token }).expect(200)).body.comments).toEqual([]);
  });
});

describe('the author key (an author token proves the browser, not an email)', () => {
  it("shows nothing of a person's pending comments to someone who types their email", async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const victim = await api.post({ thread: 'impersonation', email: 'victim@example.com', body: 'My private pending words' }).expect(201);
    const impostor = await api.post({ thread: 'impersonation', email: 'Victim@Example.com', body: 'Pretending' }).expect(201);
    expect(impostor.body.comment.avatar).toBeNull();
    const asImpostor = await api.list({ thread: 'impersonation' }, { 'X-Parley-Author': impostor.body.authorToken }).expect(200);
    expect(asImpostor.body.comments.map((c: { id: string }) => c.id)).toEqual([impostor.body.comment.id]);
    const asVictim = await api.list({ thread: 'impersonation' }, { 'X-Parley-Author': victim.body.authorToken }).expect(200);
    expect(asVictim.body.comments.map((c: { id: string }) => c.id)).toEqual([victim.body.comment.id]);
    expect(asVictim.body.comments[0].avatar).toBeNull();
  });

  it('keeps one key per browser: a second post with the token shows both to their author', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    const first = await api.post({ thread: 'reuse' }).expect(201);
    const second = await api.post({ thread: 'reuse', email: 'another.address@example.com' }, { 'X-Parley-Author': first.body.authorToken }).expect(201);
    const mine = await api.list({ thread: 'reuse' }, { 'X-Parley-Author': second.body.authorToken }).expect(200);
    expect(mine.body.comments.map((c: { id: string }) => c.id)).toEqual([first.body.comment.id, second.body.comment.id]);
    const rows = await t.db.comment.findMany({ where: { id: { in: [first.body.comment.id, second.body.comment.id] } }, select: { authorKeyDigest: true } });
    expect(new Set(rows.map((r) => r.authorKeyDigest)).size).toBe(1);
    expect(rows[0]!.authorKeyDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores another site's token, and a forged one: a new key, never an error", async () => {
    const [a, b] = [await siteIn(t), await siteIn(t)];
    const onA = await commentsApi(t, a.id).post({ thread: 'two-sites' }).expect(201);
    const onB = await commentsApi(t, b.id).post({ thread: 'two-sites' }, { 'X-Parley-Author': onA.body.authorToken }).expect(201);
    expect(onB.body.authorToken).not.toBe(onA.body.authorToken);
    // A's token shows nothing on B; B's token nothing on A.
    expect((await commentsApi(t, b.id).list({ thread: 'two-sites' }, { 'X-Parley-Author': onA.body.authorToken }).expect(200)).body.comments).toEqual([]);
    expect((await commentsApi(t, a.id).list({ thread: 'two-sites' }, { 'X-Parley-Author': onB.body.authorToken }).expect(200)).body.comments).toEqual([]);
    await commentsApi(t, a.id).post({ thread: 'two-sites' }, { 'X-Parley-Author': 'forged.token' }).expect(201);
  });

  it('in trusted mode, publishes the returning author (email and key), and holds an impostor with the email alone or with another author\'s token', async () => {
    const site = await siteIn(t, { mode: 'trusted' });
    const api = commentsApi(t, site.id);
    const victim = await api.post({ email: 'regular.v@example.com' }).expect(201);
    await setStatus(t.db, victim.body.comment.id, 'approved');
    const other = await api.post({ email: 'someone.else@example.com' }).expect(201);

    const back = await api.post({ email: 'regular.v@example.com' }, { 'X-Parley-Author': victim.body.authorToken }).expect(201);
    expect(back.body.comment.status).toBe('approved');
    const noToken = await api.post({ email: 'regular.v@example.com' }).expect(201);
    expect(noToken.body.comment.status).toBe('pending');
    const othersToken = await api.post({ email: 'regular.v@example.com' }, { 'X-Parley-Author': other.body.authorToken }).expect(201);
    expect(othersToken.body.comment.status).toBe('pending');
    const held = await t.db.comment.findMany({ where: { id: { in: [noToken.body.comment.id, othersToken.body.comment.id] } }, select: { heldReasons: true } });
    expect(held.map((h) => h.heldReasons)).toEqual([['first_comment'], ['first_comment']]);
  });
});
