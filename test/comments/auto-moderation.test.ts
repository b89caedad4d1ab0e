// The rules through HTTP on a real database: what they hold says why, what
// they catch is stored as spam and answered like any other comment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildModerator } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';
import { commentsApi, siteIn } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function postSite(settings: { maxLinks?: number; moderationWords?: string[]; disallowedWords?: string[] } = {}) {
  const site = await siteIn(t, { mode: 'post' });
  await t.db.site.update({ where: { id: site.id }, data: settings });
  return { id: site.id, api: commentsApi(t, site.id) };
}

const stored = (id: string) => t.db.comment.findUniqueOrThrow({ where: { id }, select: { status: true, heldReasons: true } });

describe('auto-moderation on a post-moderated site', () => {
  it('publishes an ordinary comment at once', async () => {
    const { api } = await postSite();
    const res = await api.post({ body: 'Nothing wrong with this.' }).expect(201);
    expect(res.body.comment.status).toBe('approved');
  });

  it('holds a comment with maxLinks links, and says why', async () => {
    const { api } = await postSite({ maxLinks: 2 });
    const one = await api.post({ body: 'See https://a.example/1 for more' }).expect(201);
    expect(one.body.comment.status).toBe('approved');
    const two = await api.post({ body: 'See https://a.example/1 and https://a.example/2' }).expect(201);
    expect(two.body).toMatchObject({ comment: { status: 'pending' }, message: 'Your comment is awaiting moderation.' });
    expect(await stored(two.body.comment.id)).toEqual({ status: 'pending', heldReasons: ['links'] });
  });

  it('holds a comment with a moderation word, in any case', async () => {
    const { api } = await postSite({ moderationWords: ['newsletter'] });
    const res = await api.post({ body: 'Subscribe to my NewsLetter today' }).expect(201);
    expect(await stored(res.body.comment.id)).toEqual({ status: 'pending', heldReasons: ['words'] });
  });

  it.each([
    ['a disallowed word', { body: 'cheap pills here' }, { disallowedWords: ['pills'] }, 'disallowed_words'],
    ['a filled honeypot', { honeypot: 'https://bot.example' }, {}, 'honeypot'],
  ])('stores %s as spam, answered like any pending comment and shown to no reader', async (_what, fields, settings, reason) => {
    const { api } = await postSite(settings);
    const res = await api.post({ thread: `caught-${reason}`, ...fields }).expect(201);
    expect(res.body).toMatchObject({ comment: { status: 'pending', avatar: null }, message: 'Your comment is awaiting moderation.' });
    expect(await stored(res.body.comment.id)).toEqual({ status: 'spam', heldReasons: [reason] });
    expect((await api.list({ thread: `caught-${reason}` }).expect(200)).body.comments).toEqual([]);
    // Its author still sees it "pending": a bot learns nothing.
    const own = await api.list({ thread: `caught-${reason}` }, { 'X-Parley-Author': res.body.authorToken }).expect(200);
    expect(own.body.comments.map((c: { status: string }) => c.status)).toEqual(['pending']);
  });
});

describe('a banned author', () => {
  it("lands in Spam with 'banned' on the site that banned them, until the ban is lifted", async () => {
    const m = await moderationApp();
    try {
      const site = await siteIn(m, { mode: 'post' });
      const other = await siteIn(m, { mode: 'post' });
      const cookie = await signIn(m, (await buildModerator(m.db, { role: 'moderator', siteIds: [site.id] })).email);
      const api = commentsApi(m, site.id);
      const first = await api.post({ email: 'troll@example.com', thread: 'banned' }).expect(201);
      const ban = await as(m, cookie).post('/api/moderation/bans', { commentId: first.body.comment.id, by: ['email'] }).expect(201);
      const again = await api.post({ email: 'TROLL@example.com', thread: 'banned', body: 'I am back' }).expect(201);
      expect(again.body.comment.status).toBe('pending');
      expect(await m.db.comment.findUniqueOrThrow({ where: { id: again.body.comment.id }, select: { status: true, heldReasons: true } })).toEqual({ status: 'spam', heldReasons: ['banned'] });
      // Another site is not concerned.
      expect((await commentsApi(m, other.id).post({ email: 'troll@example.com' }).expect(201)).body.comment.status).toBe('approved');
      await as(m, cookie).delete(`/api/moderation/bans/${ban.body.ban.id}`).expect(204);
      expect((await api.post({ email: 'troll@example.com', thread: 'banned', body: 'Behaving now' }).expect(201)).body.comment.status).toBe('approved');
    } finally {
      await m.close();
    }
  });
});
