// Bans (DESIGN.md §6): a moderator bans a comment's author on that comment's
// site, by email digest, address digest or both; lists and lifts bans. Only
// digests are kept and none is shown. The comment pipeline asks about bans with its other facts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ban } from '../../src/contracts.js';
import { authorFacts } from '../../src/moderation/rules/repository.js';
import * as R from '../../src/responses.js';
import type { TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';

let t: TestApp;
let siteB: string;
let marta: { id: string; name: string };
let ofA: ReturnType<typeof as>;
let ofB: ReturnType<typeof as>;
let admin: ReturnType<typeof as>;

beforeAll(async () => {
  t = await moderationApp();
  siteB = await newSite();
  const m = await buildModerator(t.db, { role: 'moderator', siteIds: [await newSite()], name: 'Marta' });
  marta = { id: m.id, name: m.name };
  ofA = as(t, await signIn(t, m.email));
  ofB = as(t, await signIn(t, (await buildModerator(t.db, { role: 'moderator', siteIds: [siteB] })).email));
  admin = as(t, await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email));
});
afterAll(() => t.close());

/** A site of its own for each test: every comment here comes from the one test address, so address bans would meet. */
async function newSite() {
  const { id } = await buildSite(t.db);
  // Several comments from that one address in a row: no flood limit.
  await t.db.site.update({ where: { id }, data: { floodSeconds: 0 } });
  return id;
}
async function siteOfMarta() {
  const id = await newSite();
  await t.db.moderatorSite.create({ data: { moderatorId: marta.id, siteId: id } });
  return id;
}

const post = async (site: string, overrides: Record<string, unknown> = {}) => {
  const body = aComment({ site, ...overrides });
  const id = (await t.api.post('/api/comments').send(body).expect(201)).body.comment.id as string;
  return { id, email: body.email as string };
};
const digestsOf = (id: string) => t.db.comment.findUniqueOrThrow({ where: { id }, select: { authorEmailDigest: true, ipDigest: true } });
const auditOf = (action: string) => t.db.auditEntry.findMany({ where: { action }, orderBy: { id: 'asc' } });

describe('banning a comment’s author', () => {
  it('bans by email and address, lists the ban, and lifts it', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    const res = await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['email', 'ip'] }).expect(201);
    const ban = R.BanCreated.parse(res.body).ban;
    expect(ban).toEqual({ id: expect.any(String), siteId: siteA, by: ['email', 'ip'], commentId: c.id, createdAt: expect.any(String), createdBy: marta });

    const listed = R.BanList.parse((await ofA.get(`/api/moderation/bans?site=${siteA}`).expect(200)).body);
    expect(listed.bans).toEqual([ban]);
    expect(R.BanList.parse((await ofA.get('/api/moderation/bans').expect(200)).body).bans.filter((b) => b.siteId === siteA)).toEqual([ban]);
    // No digest, and surely no email, in what a moderator is shown.
    const { authorEmailDigest, ipDigest } = await digestsOf(c.id);
    for (const text of [JSON.stringify(res.body), JSON.stringify(listed)]) {
      for (const secret of [authorEmailDigest!, ipDigest!, c.email]) expect(text).not.toContain(secret);
    }

    await ofA.delete(`/api/moderation/bans/${ban.id}`).expect(204);
    expect((await ofA.get(`/api/moderation/bans?site=${siteA}`).expect(200)).body.bans).toEqual([]);
    await ofA.delete(`/api/moderation/bans/${ban.id}`).expect(404);
  });

  it('bans by one digest alone; the same ban twice is the one ban (200)', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    const byEmail = (await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['email', 'email'] }).expect(201)).body.ban as Ban;
    expect(byEmail.by).toEqual(['email']);
    const again = (await admin.post('/api/moderation/bans', { commentId: c.id, by: ['email'] }).expect(200)).body.ban as Ban;
    expect(again).toEqual(byEmail);
    const byIp = (await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['ip'] }).expect(201)).body.ban as Ban;
    expect(byIp.by).toEqual(['ip']);
    const stored = await t.db.ban.findUniqueOrThrow({ where: { id: byIp.id } });
    expect(stored).toMatchObject({ emailDigest: null, ipDigest: (await digestsOf(c.id)).ipDigest });
  });

  it('keeps the ban when its comment is deleted, without the comment', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    const ban = (await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['email'] }).expect(201)).body.ban as Ban;
    await ofA.delete(`/api/moderation/comments/${c.id}`).expect(204);
    const listed = (await ofA.get(`/api/moderation/bans?site=${siteA}`).expect(200)).body.bans as Ban[];
    expect(listed.find((b) => b.id === ban.id)).toEqual({ ...ban, commentId: null });
  });
});

describe('what a ban refuses', () => {
  it('answers 404 outside the moderator’s sites: the comment, the ban and the site do not exist for them', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    const notFound = await ofB.post('/api/moderation/bans', { commentId: c.id, by: ['email'] }).expect(404);
    expect(notFound.body.error.code).toBe('not_found');
    const ban = (await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['ip'] }).expect(201)).body.ban as Ban;
    await ofB.delete(`/api/moderation/bans/${ban.id}`).expect(404);
    await ofB.get(`/api/moderation/bans?site=${siteA}`).expect(404);
    expect(((await ofB.get('/api/moderation/bans').expect(200)).body.bans as Ban[]).map((b) => b.id)).not.toContain(ban.id);
    expect(await t.db.ban.count({ where: { id: ban.id } })).toBe(1);
    await ofA.post('/api/moderation/bans', { commentId: '01900000-0000-7000-8000-000000000000', by: ['email'] }).expect(404);
    await ofA.delete('/api/moderation/bans/not-a-ban').expect(404);
  });

  it('needs at least one of "email" and "ip", and a comment id (400 naming the field)', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    for (const [body, field] of [
      [{ commentId: c.id, by: [] }, 'by'],
      [{ commentId: c.id }, 'by'],
      [{ commentId: c.id, by: ['name'] }, 'by'],
      [{ commentId: c.id, by: 'email' }, 'by'],
      [{ by: ['email'] }, 'commentId'],
      [{ commentId: 'nope', by: ['email'] }, 'commentId'],
    ] as const) {
      const res = await ofA.post('/api/moderation/bans', body).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields), JSON.stringify(body)).toEqual([field]);
    }
    await ofA.get('/api/moderation/bans?site=a&site=b').expect(400);
  });

  it('cannot ban by email (nor by address) once the author’s data was erased (400 on by)', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    await admin.post('/api/admin/privacy/erase', { email: c.email }).expect(200);
    for (const by of ['email', 'ip']) {
      const res = await ofA.post('/api/moderation/bans', { commentId: c.id, by: [by] }).expect(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', fields: { by: expect.any(String) } });
    }
    expect(await t.db.ban.count({ where: { commentId: c.id } })).toBe(0);
  });

  it('needs a session and the server’s own origin', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    await as(t).get('/api/moderation/bans').expect(401);
    await as(t).post('/api/moderation/bans', { commentId: c.id, by: ['email'] }).expect(401);
    await t.api.post('/api/moderation/bans').set('Origin', 'https://evil.example').send({ commentId: c.id, by: ['email'] }).expect(403);
  });
});

describe('the audit trail', () => {
  it('records each ban and each lifting: who, which site and comment', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    const ban = (await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['email', 'ip'] }).expect(201)).body.ban as Ban;
    await ofA.delete(`/api/moderation/bans/${ban.id}`).expect(204);
    const entry = { commentId: c.id, siteId: siteA, moderatorId: marta.id, fromStatus: null, toStatus: null };
    expect((await auditOf('ban')).filter((e) => e.commentId === c.id)).toEqual([expect.objectContaining(entry)]);
    expect((await auditOf('unban')).filter((e) => e.commentId === c.id)).toEqual([expect.objectContaining(entry)]);
  });
});

describe('the ban look-up the comment pipeline makes for every new comment', () => {
  const NONE = '0'.repeat(64);
  const banMatches = async (_pool: unknown, siteId: string, emailDigest: string | null, ipDigest: string | null) =>
    (await authorFacts(t.database.pool, { siteId, emailDigest: emailDigest ?? NONE, ipDigest: ipDigest ?? NONE, authorKeyDigest: null, floodSeconds: 0 })).banned;

  it('matches the email digest on that site only, and no longer once the ban is lifted', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    const { authorEmailDigest: email, ipDigest: ip } = await digestsOf(c.id);
    const other = 'f'.repeat(64);
    const pool = t.database.pool;
    expect(await banMatches(pool, siteA, email, other)).toBe(false);
    const ban = (await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['email'] }).expect(201)).body.ban as Ban;
    expect(await banMatches(pool, siteA, email, other)).toBe(true);
    expect(await banMatches(pool, siteA, email, null)).toBe(true);
    expect(await banMatches(pool, siteB, email, other)).toBe(false);
    // Banned by email only: the address alone does not match.
    expect(await banMatches(pool, siteA, other, ip)).toBe(false);
    expect(await banMatches(pool, siteA, null, null)).toBe(false);
    await ofA.delete(`/api/moderation/bans/${ban.id}`).expect(204);
    expect(await banMatches(pool, siteA, email, other)).toBe(false);
  });

  it('matches the address digest of an address ban', async () => {
    const siteA = await siteOfMarta();
    const c = await post(siteA);
    const { ipDigest: ip } = await digestsOf(c.id);
    await ofA.post('/api/moderation/bans', { commentId: c.id, by: ['ip'] }).expect(201);
    expect(await banMatches(t.database.pool, siteA, 'e'.repeat(64), ip)).toBe(true);
    expect(await banMatches(t.database.pool, siteB, null, ip)).toBe(false);
  });
});
