// Closed threads (DESIGN.md §3 thread:close / thread:open, §5 thread_closed):
// closed by hand, or by the site's closeAfterDays once older than that, as in
// WordPress. A closed thread refuses new comments and says so when read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isThreadClosed } from '../../src/sites/closing.js';
import { setThreadClosed, updateSiteSettings } from '../../src/sites/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment, buildSite } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A site without the flood limit: these tests post from one address in quick succession. */
const aSite = async () => {
  const site = await buildSite(t.db);
  await updateSiteSettings({ db: t.db }, site.id, { floodSeconds: 0 });
  return site;
};
const post = (site: string, thread: string) => t.api.post('/api/comments').send(aComment({ site, thread }));
const read = async (site: string, thread: string) => (await t.api.get('/api/comments').query({ site, thread }).expect(200)).body.thread;
const DAY = 86_400_000;
const ageThread = (site: string, key: string, days: number) =>
  t.db.thread.update({ where: { siteId_key: { siteId: site, key } }, data: { createdAt: new Date(Date.now() - days * DAY) } });

describe('thread:close and thread:open', () => {
  it('a closed thread refuses comments with 403 thread_closed and reads as closed; reopened, it takes them again', async () => {
    const { id: site } = await aSite();
    await post(site, 'story').expect(201);
    expect(await setThreadClosed(t.database, { site, thread: 'story' }, true)).toEqual({ site, thread: 'story', closed: true });

    const refused = await post(site, 'story').expect(403);
    expect(refused.body.error).toMatchObject({ code: 'thread_closed', message: 'Comments are closed on this article.' });
    expect(await read(site, 'story')).toMatchObject({ key: 'story', closed: true });

    expect(await setThreadClosed(t.database, { site, thread: 'story' }, false)).toEqual({ site, thread: 'story', closed: false });
    await post(site, 'story').expect(201);
    expect((await read(site, 'story')).closed).toBe(false);
  });

  it('closes an article before its first comment', async () => {
    const { id: site } = await aSite();
    await setThreadClosed(t.database, { site, thread: 'embargoed' }, true);
    expect((await read(site, 'embargoed')).closed).toBe(true);
    expect((await post(site, 'embargoed').expect(403)).body.error.code).toBe('thread_closed');
  });

  it('opening a thread that does not exist changes nothing', async () => {
    const { id: site } = await aSite();
    expect(await setThreadClosed(t.database, { site, thread: 'never-seen' }, false)).toEqual({ site, thread: 'never-seen', closed: false });
    expect(await t.db.thread.count({ where: { siteId: site } })).toBe(0);
  });

  it('refuses an unknown site or a bad thread key', async () => {
    await expect(setThreadClosed(t.database, { site: 'nosuchsite', thread: 'a' }, true)).rejects.toMatchObject({ code: 'site_not_found' });
    const { id: site } = await aSite();
    await expect(setThreadClosed(t.database, { site, thread: 'x'.repeat(513) }, true)).rejects.toMatchObject({ code: 'validation_failed', details: { fields: { thread: expect.any(String) } } });
  });
});

describe("the site's closeAfterDays", () => {
  it('closes threads older than that many days, counted from their first comment; null never closes', async () => {
    const { id: site } = await aSite();
    await post(site, 'old').expect(201);
    await post(site, 'fresh').expect(201);
    await ageThread(site, 'old', 10);

    await updateSiteSettings({ db: t.db }, site, { closeAfterDays: 30 });
    await new Promise((r) => setTimeout(r, 1_100)); // this app's site cache (the service was called without it)
    await post(site, 'old').expect(201);
    expect((await read(site, 'old')).closed).toBe(false);

    await updateSiteSettings({ db: t.db }, site, { closeAfterDays: 7 });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await read(site, 'old')).closed).toBe(true);
    expect((await post(site, 'old').expect(403)).body.error.code).toBe('thread_closed');
    expect((await read(site, 'fresh')).closed).toBe(false);
    await post(site, 'fresh').expect(201);
    // A new article is never closed by age.
    await post(site, 'brand-new').expect(201);

    // As in WordPress, thread:open does not override the age rule: it says so.
    expect(await setThreadClosed(t.database, { site, thread: 'old' }, false)).toEqual({ site, thread: 'old', closed: true });

    await updateSiteSettings({ db: t.db }, site, { closeAfterDays: null });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await read(site, 'old')).closed).toBe(false);
    await post(site, 'old').expect(201);
  });

  it('is a plain rule: closed by hand, or older than the limit', () => {
    const now = Date.UTC(2026, 0, 31);
    const created = (days: number) => new Date(now - days * DAY);
    expect(isThreadClosed({ closeAfterDays: null }, { closed: false, createdAt: created(10_000) }, now)).toBe(false);
    expect(isThreadClosed({ closeAfterDays: null }, { closed: true, createdAt: created(0) }, now)).toBe(true);
    expect(isThreadClosed({ closeAfterDays: 7 }, { closed: false, createdAt: created(7) }, now)).toBe(false);
    expect(isThreadClosed({ closeAfterDays: 7 }, { closed: false, createdAt: new Date(now - 7 * DAY - 1) }, now)).toBe(true);
  });
});
