// The rules through HTTP on a real database: what they hold says why, what
// they catch is stored as spam and answered like any other comment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';
import { commentsApi, SITE_ORIGIN, siteIn } from './helpers.js';
import { AUTHOR_FACTS_SQL } from '../../src/moderation/rules/repository.js';
import { aFormToken } from '../helpers/factories.js';

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

  it('counts Markdown links, www. addresses and emails as links, and a link in code as none', async () => {
    const { api } = await postSite({ maxLinks: 2 });
    const held = await api.post({ body: 'Read [this](https://a.example/1) and www.example.org' }).expect(201);
    expect(await stored(held.body.comment.id)).toEqual({ status: 'pending', heldReasons: ['links'] });
    const mail = await api.post({ body: 'Write to me@example.com or <https://a.example/3>' }).expect(201);
    expect(await stored(mail.body.comment.id)).toEqual({ status: 'pending', heldReasons: ['links'] });
    const code = await api.post({ body: 'Run `curl https://a.example/4` then see https://a.example/5' }).expect(201);
    expect(code.body.comment.status).toBe('approved');
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

describe('the form token', () => {
  it('is issued to the pages of a site, with CORS, never cached, and refused to a foreign page or an unknown site', async () => {
    const { id } = await postSite();
    const res = await t.api.get('/api/form-token').query({ site: id }).set('Origin', SITE_ORIGIN).expect(200);
    expect(res.body).toEqual({ formToken: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/) });
    expect(res.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    expect(res.headers['cache-control']).toBe('no-store');
    await t.api.get('/api/form-token').query({ site: id }).set('Origin', 'https://evil.example').expect(403);
    expect((await t.api.get('/api/form-token').query({ site: 'nosuchsite' }).expect(404)).body.error.code).toBe('site_not_found');
    expect((await t.api.get('/api/form-token').expect(400)).body.error.code).toBe('validation_failed');
  });

  it('holds a comment sent without one, or with a forged, expired or other site\'s token (form_token), never refusing it', async () => {
    const { id, api } = await postSite();
    const other = await postSite();
    const real = aFormToken(id);
    const forged = real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const formToken of [undefined, '', forged, 'not-a-token', aFormToken(id, 2 * 3600_000 + 1_000), aFormToken(other.id)]) {
      const res = await api.post({ formToken }).expect(201);
      expect(res.body.comment.status).toBe('pending');
      expect(await stored(res.body.comment.id)).toEqual({ status: 'pending', heldReasons: ['form_token'] });
    }
  });

  it('holds a comment sent less than 3 s after the form was shown (too_fast), and publishes it 3.5 s after', async () => {
    const { id, api } = await postSite();
    const { formToken } = (await t.api.get('/api/form-token').query({ site: id }).expect(200)).body as { formToken: string };
    const hasty = await api.post({ formToken }).expect(201);
    expect(await stored(hasty.body.comment.id)).toEqual({ status: 'pending', heldReasons: ['too_fast'] });
    await new Promise((r) => setTimeout(r, 3_500));
    // The same token, reused within its two hours: a reader who writes a second comment.
    const calm = await api.post({ formToken }).expect(201);
    expect(calm.body.comment.status).toBe('approved');
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

describe('flood', () => {
  let flood: TestApp;
  beforeAll(async () => {
    // Behind a proxy on loopback: the client address comes from X-Forwarded-For.
    flood = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => flood.close());
  const sendAs = (siteId: string, fields: Record<string, unknown>, ip: string) => flood.api.post('/api/comments').set('X-Forwarded-For', ip).send(aComment({ site: siteId, ...fields }));

  it('answers 429 with Retry-After to the same email from another address, and to the same address with another email, storing nothing', async () => {
    const site = await buildSite(flood.db, { mode: 'post', floodSeconds: 15 });
    await sendAs(site.id, { email: 'fast@example.com' }, '203.0.113.1').expect(201);
    for (const [fields, ip] of [[{ email: 'FAST@example.com' }, '203.0.113.2'], [{ email: 'other@example.com' }, '203.0.113.1']] as const) {
      const res = await sendAs(site.id, { ...fields, body: 'Too soon' }, ip).expect(429);
      expect(res.body.error).toMatchObject({ code: 'rate_limited', message: expect.any(String) });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15);
    }
    expect(await flood.db.comment.count({ where: { body: 'Too soon' } })).toBe(0);
    // Someone else, elsewhere, is not held back.
    await sendAs(site.id, { email: 'calm@example.com' }, '203.0.113.3').expect(201);
  });

  it('checks duplicates first (409), and is off with floodSeconds 0', async () => {
    const site = await buildSite(flood.db, { mode: 'post', floodSeconds: 15 });
    const first = { email: 'dup@example.com', body: 'Said once' };
    await sendAs(site.id, first, '203.0.113.9').expect(201);
    await sendAs(site.id, first, '203.0.113.9').expect(409);
    const off = await buildSite(flood.db, { mode: 'post', floodSeconds: 0 });
    await sendAs(off.id, { email: 'x@example.com' }, '203.0.113.10').expect(201);
    await sendAs(off.id, { email: 'x@example.com' }, '203.0.113.10').expect(201);
  });

  it('finds the last post, the bans and a returning author through indexes, not by reading the site\'s comments', async () => {
    // A site with 6,000 comments by 3,000 people, as the planner sees it after ANALYZE.
    const site = await buildSite(flood.db, { mode: 'post', floodSeconds: 15 });
    const sql = flood.database.pool;
    await sql.query(`INSERT INTO threads (id, site_id, key) SELECT gen_random_uuid(), $1, 'plan-' || g FROM generate_series(1, 60) g`, [site.id]);
    await sql.query(
      `INSERT INTO comments (id, thread_id, author_name, author_email_cipher, author_email_digest, ip_digest, avatar_seed, body, body_html, body_fingerprint, status, created_at)
       SELECT gen_random_uuid(), t.id, 'n', decode(md5(g::text), 'hex'), md5((g % 3000)::text) || md5('e' || (g % 3000)), md5(g::text) || md5('i' || g), 's', 'b', 'b', md5('f' || g) || md5('g' || g), 'approved', now() - g * interval '1 minute'
       FROM generate_series(1, 6000) g JOIN LATERAL (SELECT id FROM threads WHERE site_id = $1 ORDER BY id OFFSET (g % 60) LIMIT 1) t ON true`,
      [site.id],
    );
    await sql.query('ANALYZE comments');
    await sql.query('ANALYZE threads');
    // The statement the write path runs, with a key to look for (trusted mode) and the flood window on.
    const plan = await sql.query(`EXPLAIN ${AUTHOR_FACTS_SQL}`, [site.id, 'a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64), 15]);
    const text = plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    console.info(`[flood] EXPLAIN:\n${text}`);
    expect(text).not.toMatch(/Seq Scan on comments/);
    expect(text).toMatch(/comments_author_email_digest_created_at_idx/);
    expect(text).toMatch(/comments_ip_digest_created_at_idx/);
    expect(text).not.toMatch(/Seq Scan on bans/);
  });
});
