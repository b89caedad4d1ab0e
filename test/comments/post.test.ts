import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptEmail, emailDigest } from '../../src/security/email.js';
import { deriveKeys } from '../../src/security/keys.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { aComment, setStatus } from '../helpers/factories.js';
import { commentsApi, siteIn, SITE_ORIGIN } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
const keys = deriveKeys(TEST_SECRET);

describe('POST /api/comments', () => {
  it('holds a comment for moderation on a pre-moderated site and says so', async () => {
    const site = await siteIn(t);
    const res = await commentsApi(t, site.id).post({ name: 'Ada Lovelace', body: 'First!' }).expect(201);
    expect(res.body).toEqual({
      comment: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        parentId: null,
        authorName: 'Ada Lovelace',
        authorWebsite: null,
        // Derived from the email, an avatar would tell whoever typed it whether that email has published comments.
        avatar: null,
        bodyHtml: '<p>First!</p>',
        createdAt: expect.any(String),
        likes: 0,
        edited: false,
        badge: null,
        status: 'pending',
      },
      message: 'Your comment is awaiting moderation.',
      authorToken: expect.any(String),
    });
    const row = await t.db.comment.findUniqueOrThrow({ where: { id: res.body.comment.id } });
    expect(row.heldReasons).toEqual(['premoderation']);
  });

  it('publishes at once on a post-moderated site', async () => {
    const site = await siteIn(t, { mode: 'post' });
    const res = await commentsApi(t, site.id).post().expect(201);
    expect(res.body.comment.status).toBe('approved');
    expect(res.body.message).toBe('Your comment has been published.');
  });

  it('stores the email only encrypted, with a digest for equality, and never the raw IP', async () => {
    const site = await siteIn(t);
    const email = 'Private.Person@Example.com';
    const res = await commentsApi(t, site.id).post({ email, website: 'https://ada.example/' }).set('User-Agent', 'TestBrowser/1.0').expect(201);
    const row = await t.db.comment.findUniqueOrThrow({ where: { id: res.body.comment.id } });
    expect(Buffer.from(row.authorEmailCipher!).toString('latin1')).not.toContain('Private.Person');
    expect(decryptEmail(keys, row.authorEmailCipher!)).toBe(email);
    expect(row.authorEmailDigest).toBe(emailDigest(keys, 'private.person@example.com'));
    expect(row.ipDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
    expect(row.userAgent).toBe('TestBrowser/1.0');
    expect(row.authorWebsite).toBe('https://ada.example/');
  });

  it('keeps the body as written and its sanitized HTML beside it', async () => {
    const site = await siteIn(t);
    const body = 'Hello <script>x</script>\n\nhttps://example.com';
    const res = await commentsApi(t, site.id).post({ body }).expect(201);
    const row = await t.db.comment.findUniqueOrThrow({ where: { id: res.body.comment.id } });
    expect(row.body).toBe(body);
    expect(row.bodyHtml).toBe('<p>Hello &lt;script&gt;x&lt;/script&gt;</p><p><a href="https://example.com" rel="nofollow ugc noopener">https://example.com</a></p>');
  });

  it('creates the thread on its first comment with the title and URL given, and fills in what was missing later', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    await api.post({ thread: 'fresh' }).expect(201);
    let thread = await t.db.thread.findUniqueOrThrow({ where: { siteId_key: { siteId: site.id, key: 'fresh' } } });
    expect(thread).toMatchObject({ title: null, url: null, closed: false });
    await api.post({ thread: 'fresh', threadTitle: 'Fresh news', threadUrl: `${SITE_ORIGIN}/2026/fresh` }).expect(201);
    await api.post({ thread: 'fresh', threadTitle: 'Another title' }).expect(201);
    thread = await t.db.thread.findUniqueOrThrow({ where: { id: thread.id } });
    expect(thread).toMatchObject({ title: 'Fresh news', url: `${SITE_ORIGIN}/2026/fresh` });
    expect(await t.db.thread.count({ where: { siteId: site.id, key: 'fresh' } })).toBe(1);
  });

  it("accepts an article URL only on one of the site's origins (or the server's own)", async () => {
    const site = await siteIn(t);
    const res = await commentsApi(t, site.id).post({ threadUrl: 'https://elsewhere.example/post' }).expect(400);
    expect(res.body.error.fields).toEqual({ threadUrl: "The article's URL must be on one of the site's origins." });
  });

  it('refuses the same comment twice from the same email in the same thread (409), whatever the case and spacing', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    await api.post({ email: 'twice@example.com', body: 'Exactly my point.' }).expect(201);
    const again = await api.post({ email: 'TWICE@example.com', body: '  exactly   my point. ' }).expect(409);
    expect(again.body.error.code).toBe('duplicate_comment');
    // Another thread, or another author, is not a duplicate.
    await api.post({ email: 'twice@example.com', body: 'Exactly my point.', thread: 'other' }).expect(201);
    await api.post({ email: 'someone@example.com', body: 'Exactly my point.' }).expect(201);
  });

  it('lets exactly one of two identical comments sent at once through', async () => {
    const site = await siteIn(t);
    const payload = aComment({ site: site.id, thread: 'race' });
    const results = await Promise.all(Array.from({ length: 5 }, () => t.api.post('/api/comments').send(payload)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('stores 100 comments posted concurrently, each with its own id', async () => {
    const site = await siteIn(t, { mode: 'post' });
    const results = await Promise.all(Array.from({ length: 100 }, () => commentsApi(t, site.id).post({ thread: 'busy' })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const ids = new Set(results.map((r) => r.body.comment.id));
    expect(ids.size).toBe(100);
    const thread = await t.db.thread.findUniqueOrThrow({ where: { siteId_key: { siteId: site.id, key: 'busy' } } });
    expect(await t.db.comment.count({ where: { threadId: thread.id } })).toBe(100);
  });

  it('refuses new comments on a closed thread (403 thread_closed)', async () => {
    const site = await siteIn(t);
    const api = commentsApi(t, site.id);
    await api.post({ thread: 'closing' }).expect(201);
    await t.db.thread.update({ where: { siteId_key: { siteId: site.id, key: 'closing' } }, data: { closed: true } });
    const res = await api.post({ thread: 'closing' }).expect(403);
    expect(res.body.error.code).toBe('thread_closed');
  });

  it('answers 404 site_not_found for an unknown site', async () => {
    const res = await t.api.post('/api/comments').send(aComment({ site: 'nosuchsite' })).expect(404);
    expect(res.body).toEqual({
      error: { code: 'site_not_found', message: 'No site has the id "nosuchsite": check data-site in the embed snippet (npm run cli -- site:list lists them).' },
    });
  });

  it('checks fields before the site: a bad request to an unknown site is a 400', async () => {
    const res = await t.api.post('/api/comments').send(aComment({ site: 'nosuchsite', name: '' })).expect(400);
    expect(res.body.error.fields).toEqual({ name: 'Name is required.' });
  });

  describe('replies', () => {
    it('attach to an approved comment of the same thread, up to the depth limit (3 by default)', async () => {
      const site = await siteIn(t);
      const api = commentsApi(t, site.id);
      const top = await api.approved({ thread: 'deep' });
      const second = await api.approved({ thread: 'deep', parentId: top });
      const third = await api.approved({ thread: 'deep', parentId: second });
      const tooDeep = await api.post({ thread: 'deep', parentId: third }).expect(400);
      expect(tooDeep.body.error.fields).toEqual({ parentId: 'Replies can only go 3 levels deep; reply to an earlier comment instead.' });
      const row = await t.db.comment.findUniqueOrThrow({ where: { id: third } });
      expect(row).toMatchObject({ depth: 3, parentId: second, rootId: top });
    });

    it('follow the site’s own depth limit', async () => {
      const site = await siteIn(t);
      await t.db.site.update({ where: { id: site.id }, data: { depthLimit: 1 } });
      const api = commentsApi(t, site.id);
      const top = await api.approved();
      await api.post({ parentId: top }).expect(400);
    });

    it('cannot go under a pending, rejected or unknown comment, or one of another thread', async () => {
      const site = await siteIn(t);
      const api = commentsApi(t, site.id);
      const pending = (await api.post().expect(201)).body.comment.id;
      const rejected = await api.approved();
      await setStatus(t.db, rejected, 'rejected');
      const elsewhere = await api.approved({ thread: 'another-article' });
      for (const parentId of [pending, rejected, elsewhere, '01900000-0000-7000-8000-000000000000', 'not-a-uuid']) {
        const res = await api.post({ parentId }).expect(400);
        expect(res.body.error.fields).toEqual({ parentId: 'You can only reply to a published comment of this article.' });
      }
    });
  });

  describe('trusted mode', () => {
    it('publishes at once only for a returning author who proves it with their author token', async () => {
      const site = await siteIn(t, { mode: 'trusted' });
      const api = commentsApi(t, site.id);
      const first = await api.post({ email: 'regular@example.com' }).expect(201);
      expect(first.body.comment.status).toBe('pending');
      const token = first.body.authorToken;
      // Still pending: no approved comment yet.
      expect((await api.post({ email: 'regular@example.com' }, { 'X-Parley-Author': token }).expect(201)).body.comment.status).toBe('pending');
      await setStatus(t.db, first.body.comment.id, 'approved');
      // The email alone is not proof; the token alone is not either.
      expect((await api.post({ email: 'regular@example.com' }).expect(201)).body.comment.status).toBe('pending');
      expect((await api.post({ email: 'impostor@example.com' }, { 'X-Parley-Author': token }).expect(201)).body.comment.status).toBe('pending');
      const trusted = await api.post({ email: 'Regular@example.com' }, { 'X-Parley-Author': token }).expect(201);
      expect(trusted.body.comment.status).toBe('approved');
      const held = await t.db.comment.findUniqueOrThrow({ where: { id: first.body.comment.id } });
      expect(held.heldReasons).toEqual(['first_comment']);
    });
  });
});
