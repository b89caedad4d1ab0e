// The XSS corpus through the API, in every field a reader fills: as the body,
// the name, the website and the article's title. What comes back, to readers
// (GET /api/comments) and to moderators (GET /api/moderation/comments), holds
// no markup that could run or load anything: bodyHtml is sanitized, and the
// name, website and title are JSON strings, returned exactly as given, that
// the widget and the dashboard show as text. Bad input is a field error, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';
import { unsafeHtml, XSS_PAYLOADS } from '../xss/corpus.js';

type Field = 'body' | 'name' | 'website' | 'threadTitle';

interface Posted {
  readonly payload: string;
  readonly field: Field;
  readonly thread: string;
  readonly status: number;
  readonly body: { comment?: { id: string; authorName: string; authorWebsite: string | null; bodyHtml: string }; error?: { code: string; fields?: Record<string, string> } };
}

const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F]/;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const chars = (s: string) => [...s].length;

/** What the contract (DESIGN.md §5) lets through, per field; everything else is a 400 on that field. */
const acceptable: Record<Field, (p: string) => boolean> = {
  body: (p) => !CONTROL_MULTI_LINE.test(p) && p.trim() !== '' && chars(p.trim()) <= 10_000,
  name: (p) => !CONTROL_SINGLE_LINE.test(p) && p.trim() !== '' && chars(p.trim()) <= 100,
  website: (p) => !CONTROL_SINGLE_LINE.test(p) && chars(p.trim()) <= 200 && /^https?:\/\//i.test(p.trim()),
  threadTitle: (p) => !CONTROL_SINGLE_LINE.test(p) && chars(p.trim()) <= 300,
};

const THREADS = { body: 'bodies', name: 'names', website: 'websites' } as const;

let t: TestApp;
let site: string;
let cookie: string;
const posted: Posted[] = [];
const accepted = (field: Field) => posted.filter((p) => p.field === field && p.status === 201);

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

/** Every page of a list, following nextCursor. */
async function allPages<C>(get: (cursor: string | undefined) => Promise<{ status: number; body: { comments: C[]; nextCursor: string | null } }>): Promise<C[]> {
  const found: C[] = [];
  let cursor: string | undefined;
  do {
    const res = await get(cursor);
    expect(res.status).toBe(200);
    found.push(...res.body.comments);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

beforeAll(async () => {
  t = await moderationApp();
  site = (await buildSite(t.db, { name: 'XSS' })).id;
  cookie = await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email);

  // One comment per payload and field; a title is set by its thread's first comment, so each title gets a thread.
  const jobs = XSS_PAYLOADS.flatMap((payload, i) =>
    (['body', 'name', 'website', 'threadTitle'] as const).map((field) => ({ payload, field, thread: field === 'threadTitle' ? `title-${i}` : THREADS[field] })),
  );
  await inBatches(jobs, 12, async ({ payload, field, thread }) => {
    const res = await t.api.post('/api/comments').send(aComment({ site, thread, [field]: payload }));
    posted.push({ payload, field, thread, status: res.status, body: res.body });
  });

  // Published by a moderator, so readers see them too.
  const ids = posted.filter((p) => p.status === 201).map((p) => p.body.comment!.id);
  for (let i = 0; i < ids.length; i += 200) await as(t, cookie).post('/api/moderation/comments/bulk', { ids: ids.slice(i, i + 200), status: 'approved' }).expect(200);
}, 180_000);
afterAll(() => t?.close());

describe(`the ${XSS_PAYLOADS.length} XSS payloads through the API`, () => {
  it('is a big enough corpus, every payload distinct', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(120);
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
  });

  it.each(['body', 'name', 'website', 'threadTitle'] as const)('as %s: 201, or a 400 naming that field, never anything else', (field) => {
    for (const p of posted.filter((x) => x.field === field)) {
      const what = `${field} ${JSON.stringify(p.payload)}`;
      expect(p.status, what).toBe(acceptable[field](p.payload) ? 201 : 400);
      if (p.status === 400) {
        expect(p.body.error?.code, what).toBe('validation_failed');
        expect(Object.keys(p.body.error?.fields ?? {}), what).toEqual([field]);
      }
    }
    expect(accepted(field).length).toBeGreaterThan(field === 'website' ? 10 : 120);
  });

  it('answers each post with safe HTML, and the name and website exactly as given', () => {
    for (const p of posted.filter((x) => x.status === 201)) {
      const c = p.body.comment!;
      expect(unsafeHtml(c.bodyHtml), `${p.field} ${JSON.stringify(p.payload)}: ${c.bodyHtml}`).toEqual([]);
      if (p.field === 'name') expect(c.authorName).toBe(p.payload.trim());
      if (p.field === 'website') expect(c.authorWebsite).toBe(p.payload.trim());
    }
  });

  it('shows readers only safe HTML, with names and websites as given and only http(s) websites', async () => {
    for (const thread of Object.values(THREADS)) {
      const comments = await allPages<{ id: string; authorName: string; authorWebsite: string | null; bodyHtml: string }>((cursor) =>
        t.api.get('/api/comments').query({ site, thread, limit: 100, ...(cursor ? { cursor } : {}) }),
      );
      const mine = posted.filter((p) => p.thread === thread && p.status === 201);
      expect(comments.map((c) => c.id).sort()).toEqual(mine.map((p) => p.body.comment!.id).sort());
      const byId = new Map(mine.map((p) => [p.body.comment!.id, p.payload]));
      for (const c of comments) {
        expect(unsafeHtml(c.bodyHtml), c.bodyHtml).toEqual([]);
        if (thread === 'names') expect(c.authorName).toBe(byId.get(c.id)!.trim());
        if (thread === 'websites') expect(c.authorWebsite).toBe(byId.get(c.id)!.trim());
        if (c.authorWebsite !== null) expect(c.authorWebsite).toMatch(/^https?:\/\//i);
      }
    }
  }, 60_000);

  it('gives readers each article title as given', async () => {
    const titled = accepted('threadTitle');
    await inBatches(titled, 12, async (p) => {
      const res = await t.api.get('/api/comments').query({ site, thread: p.thread }).expect(200);
      expect(res.body.thread.title).toBe(p.payload.trim());
      for (const c of res.body.comments as Array<{ bodyHtml: string }>) expect(unsafeHtml(c.bodyHtml)).toEqual([]);
    });
  }, 60_000);

  it('shows moderators only safe HTML, and names, websites and titles as given', async () => {
    const queue = await allPages<{ id: string; authorName: string; authorWebsite: string | null; bodyHtml: string; thread: { key: string; title: string | null } }>((cursor) =>
      as(t, cookie).get(`/api/moderation/comments?${new URLSearchParams({ status: 'approved', site, limit: '100', ...(cursor ? { cursor } : {}) })}`),
    );
    const all = posted.filter((p) => p.status === 201);
    expect(queue.map((c) => c.id).sort()).toEqual(all.map((p) => p.body.comment!.id).sort());
    const byId = new Map(all.map((p) => [p.body.comment!.id, p]));
    for (const c of queue) {
      const p = byId.get(c.id)!;
      expect(unsafeHtml(c.bodyHtml), c.bodyHtml).toEqual([]);
      if (p.field === 'name') expect(c.authorName).toBe(p.payload.trim());
      if (p.field === 'website') expect(c.authorWebsite).toBe(p.payload.trim());
      if (p.field === 'threadTitle') expect(c.thread.title).toBe(p.payload.trim());
    }
  }, 60_000);
});
