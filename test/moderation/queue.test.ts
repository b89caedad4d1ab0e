import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationComment } from '../../src/contracts.js';
import type { TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';

let t: TestApp;
let admin: ReturnType<typeof as>;
beforeAll(async () => {
  t = await moderationApp();
  admin = as(t, await signIn(t, (await buildModerator(t.db)).email));
});
afterAll(() => t.close());

const post = async (site: string, overrides: Record<string, unknown> = {}) =>
  (await t.api.post('/api/comments').send(aComment({ site, ...overrides })).expect(201)).body.comment.id as string;

describe('the moderation queue', () => {
  it('lists pending comments newest first, with what only moderators see', async () => {
    const site = await buildSite(t.db, { name: 'The Gazette' });
    const first = await post(site.id, { thread: 'q1', threadTitle: 'First article', threadUrl: 'https://news.example/q1', email: 'Writer@Example.com', name: 'Writer' });
    const second = await post(site.id, { thread: 'q1' });
    const res = await admin.get(`/api/moderation/comments?site=${site.id}`).expect(200);
    expect(res.body.comments.map((c: ModerationComment) => c.id)).toEqual([second, first]);
    expect(res.body.comments[1]).toEqual({
      id: first,
      parentId: null,
      authorName: 'Writer',
      authorWebsite: null,
      avatar: expect.any(String),
      bodyHtml: expect.stringMatching(/^<p>/),
      createdAt: expect.any(String),
      status: 'pending',
      body: expect.any(String),
      authorEmail: 'Writer@Example.com',
      heldReasons: ['premoderation'],
      thread: { key: 'q1', title: 'First article', url: 'https://news.example/q1' },
      site: { id: site.id, name: 'The Gazette' },
      moderatedAt: null,
      moderatedBy: null,
      likes: 0,
      edited: false,
      badge: null,
      inReplyTo: null,
      authorHistory: { approved: 0, spam: 0, rejected: 0, pending: 1 },
    });
    expect(res.body.counts).toEqual({ pending: 2, approved: 0, rejected: 0, spam: 0 });
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by thread within a site, and needs the site for a thread', async () => {
    const site = await buildSite(t.db);
    await post(site.id, { thread: 'alpha' });
    const beta = await post(site.id, { thread: 'beta' });
    const res = await admin.get(`/api/moderation/comments?site=${site.id}&thread=beta`).expect(200);
    expect(res.body.comments.map((c: ModerationComment) => c.id)).toEqual([beta]);
    expect(res.body.counts.pending).toBe(1);
    const bad = await admin.get('/api/moderation/comments?thread=beta').expect(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['thread']);
  });

  it('searches body and author name, or an exact email through its digest', async () => {
    const site = await buildSite(t.db);
    const byWords = await post(site.id, { body: 'The quarterly budget hearing was a farce' });
    const byName = await post(site.id, { name: 'Quentin Budgetson' });
    const byEmail = await post(site.id, { email: 'Exact.Person@Example.org' });
    const ids = async (q: string) =>
      (await admin.get(`/api/moderation/comments?site=${site.id}&q=${encodeURIComponent(q)}`).expect(200)).body.comments.map((c: ModerationComment) => c.id).sort();
    expect(await ids('BUDGET')).toEqual([byWords, byName].sort());
    expect(await ids('exact.person@example.org')).toEqual([byEmail]);
    expect(await ids('exact.person')).toEqual([]);
    expect(await ids('100%_sure')).toEqual([]);
  });

  it('pages through a long queue with an opaque cursor: each comment once', async () => {
    const site = await buildSite(t.db);
    const posted: string[] = [];
    for (let i = 0; i < 7; i++) posted.push(await post(site.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/moderation/comments?site=${site.id}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await admin.get(url).expect(200);
      seen.push(...res.body.comments.map((c: ModerationComment) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...posted].reverse());
    await admin.get(`/api/moderation/comments?site=${site.id}&cursor=forged`).expect(400);
  });

  it('counts follow the filters, not the status asked for', async () => {
    const site = await buildSite(t.db);
    const a = await post(site.id);
    await post(site.id);
    await admin.post(`/api/moderation/comments/${a}/status`, { status: 'spam' }).expect(200);
    const spam = await admin.get(`/api/moderation/comments?site=${site.id}&status=spam`).expect(200);
    expect(spam.body.comments.map((c: ModerationComment) => c.id)).toEqual([a]);
    expect(spam.body.counts).toEqual({ pending: 1, approved: 0, rejected: 0, spam: 1 });
  });

  it('rejects bad parameters with 400 naming them', async () => {
    for (const [query, field] of [['status=deleted', 'status'], ['limit=0', 'limit'], ['sort=random', 'sort']]) {
      const res = await admin.get(`/api/moderation/comments?${query}`).expect(400);
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
  });
});
