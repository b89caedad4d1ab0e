// import:wordpress as an operator runs it: the built CLI as a real process on
// the app's database, a hand-written WordPress export (test/fixtures/wordpress),
// and what readers and moderators then see through the HTTP APIs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationComment, PublicComment } from '../../src/contracts.js';
import { emailDigest } from '../../src/security/email.js';
import { deriveKeys } from '../../src/security/keys.js';
import { TEST_SECRET, type TestApp } from '../helpers/app.js';
import { buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';
import { CLI, cleanEnv, run } from '../helpers/processes.js';
import { commentsApi } from '../comments/helpers.js';
import { writeWxr } from './helpers.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'wordpress');
const BLOG = path.join(FIXTURES, 'blog.xml');
const TRUNCATED = path.join(FIXTURES, 'blog-truncated.xml');
// The keys the widget uses on those pages: the path of each post's link (its canonical URL).
const HELLO = new URL('https://blog.example/2024/hello-world/').pathname;
const ABOUT = '/about/';

let t: TestApp;
let mod: ReturnType<typeof as>;
let env: Record<string, string>;
let tmp: string;
beforeAll(async () => {
  t = await moderationApp();
  mod = as(t, await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email));
  env = cleanEnv({ DATABASE_URL: t.url, PARLEY_SECRET: TEST_SECRET });
  tmp = mkdtempSync(path.join(tmpdir(), 'parley-wxr-'));
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await t.close();
});

const blogSite = () => buildSite(t.db, { allowedOrigins: ['https://blog.example'], mode: 'pre' });

/** Exit 0, one JSON document on stdout, only progress lines on stderr. */
async function imported(site: string, file = BLOG) {
  const result = await run(CLI, ['import:wordpress', '--site', site, file], env);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^parley: import: done, 1\d comments, 3 threads read in [\d.]+ s\n$/);
  return JSON.parse(result.stdout);
}

const page = async (site: string, thread: string) => (await commentsApi(t, site).list({ thread }).expect(200)).body;
const rows = async (sql: string, values: unknown[]) => (await t.database.pool.query(sql, values)).rows;
const siteRows = (table: 'threads' | 'comments' | 'imported_comments', site: string) =>
  rows(
    table === 'comments'
      ? `SELECT c.* FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.site_id = $1 ORDER BY c.id`
      : `SELECT * FROM ${table} WHERE site_id = $1`,
    [site],
  );

describe('import:wordpress', () => {
  it('imports the comments of posts and pages, counted by status, with what it skips counted by reason', async () => {
    const site = await blogSite();
    expect(await imported(site.id)).toEqual({
      site: site.id,
      source: 'wordpress:blog.example',
      threads: { created: 2, existing: 0 },
      comments: { approved: 7, pending: 1, spam: 1, rejected: 1, total: 10 },
      alreadyImported: 0,
      // 111 repeats 104 (same email in another case, same words): one comment, not two.
      skipped: { pingback: 1, trackback: 1, otherType: 0, status: 1, postType: 1, noThread: 0, noId: 0, noDate: 0, empty: 0, duplicate: 1 },
      // 108 answered the pingback, 203 a comment deleted before the export.
      movedToTop: 2,
    });
  });

  it('shows readers the approved comments under the key the widget uses, threaded three deep, in the order they were written', async () => {
    const site = await blogSite();
    await imported(site.id);

    const hello = await page(site.id, HELLO);
    expect(hello.thread).toEqual({
      key: '/2024/hello-world/',
      title: 'Hello world – Zoë’s first post',
      url: 'https://blog.example/2024/hello-world/',
      closed: false,
      commentCount: 4,
      depthLimit: 3,
    });
    const [zoe, taro, zoeAgain, ingrid] = hello.comments as PublicComment[];
    expect(hello.comments.map((c: PublicComment) => [c.authorName, c.createdAt])).toEqual([
      ['Zoë Ångström', '2024-01-10T09:00:00.000Z'],
      ['山田太郎', '2024-01-10T10:00:00.000Z'],
      // Before its parent in the file, placed under it all the same.
      ['Zoë Ångström', '2024-01-10T11:00:00.000Z'],
      ['Ingrid', '2024-01-12T08:00:00.000Z'],
    ]);
    expect([zoe!.parentId, taro!.parentId, zoeAgain!.parentId, ingrid!.parentId]).toEqual([null, zoe!.id, taro!.id, null]);
    // Ids sort by the comments' own dates, as if they had been posted then.
    expect([zoe!.id, taro!.id, zoeAgain!.id].map((id) => new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toISOString())).toEqual([
      '2024-01-10T09:00:00.000Z',
      '2024-01-10T10:00:00.000Z',
      '2024-01-10T11:00:00.000Z',
    ]);

    // The body is sanitized as a new comment's: allowed markup kept, other tags unwrapped, the script gone.
    expect(zoe!.bodyHtml).toBe(
      '<p>First! Welcome to the <em>new</em> blog.</p><p>A second paragraph, with <strong>bold</strong> words &amp; a citation.</p>',
    );
    expect(JSON.stringify(hello)).not.toMatch(/script|alert|xss/i);
    expect(zoe!.authorWebsite).toBe('https://zoe.example/');
    expect(zoeAgain!.authorWebsite).toBeNull(); // javascript: is no website
    expect(zoe!.avatar).toBe(zoeAgain!.avatar); // one author, one avatar, whatever the case of the email

    const about = await page(site.id, ABOUT);
    // Comments were closed on the page in WordPress: they stay closed.
    expect(about.thread).toMatchObject({ key: '/about/', title: 'About', closed: true, commentCount: 3 });
    const [emile, admin, orphan] = about.comments as PublicComment[];
    expect(about.comments.map((c: PublicComment) => c.authorName)).toEqual(['Émile Zola', 'admin', 'Orphan Reply']);
    // Written in the same second as its parent: still after it.
    expect(admin!.parentId).toBe(emile!.id);
    expect(admin!.id > emile!.id).toBe(true);
    expect(orphan!.parentId).toBeNull();
    expect(emile!.bodyHtml).toBe("<p>J'accuse… nothing at all. Line one<br />line two</p>");

    // Counts for article lists agree.
    const counts = await t.api.get('/api/counts').query({ site: site.id, thread: [HELLO, ABOUT] }).expect(200);
    expect(counts.body.counts).toEqual({ [HELLO]: 4, [ABOUT]: 3 });
  });

  it('keeps the other statuses for moderators, with emails stored as a new comment stores them', async () => {
    const site = await blogSite();
    await imported(site.id);
    const queue = async (status: string) => (await mod.get(`/api/moderation/comments?site=${site.id}&status=${status}`).expect(200)).body.comments as ModerationComment[];
    expect((await queue('pending')).map((c) => [c.authorName, c.authorEmail, c.authorWebsite])).toEqual([['Pat & Chris', 'pat@example.org', 'http://pat.example/']]);
    expect((await queue('spam')).map((c) => c.authorName)).toEqual(['Cheap Pills']);
    expect((await queue('rejected')).map((c) => c.authorName)).toEqual(['Trashed Troll']);
    expect((await queue('approved')).map((c) => c.authorEmail).sort()).toEqual(
      ['Zoe@Example.com', 'admin@blog.example', 'emile@example.fr', 'ingrid@example.se', 'orphan@example.com', 'taro@example.jp', 'zoe@example.com'].sort(),
    );

    const stored = await siteRows('comments', site.id);
    const zoe = stored.filter((r) => r.author_name === 'Zoë Ångström');
    expect(zoe.map((r) => r.author_email_digest)).toEqual([emailDigest(deriveKeys(TEST_SECRET), 'zoe@example.com'), emailDigest(deriveKeys(TEST_SECRET), 'zoe@example.com')]);
    expect(Buffer.concat(stored.map((r) => r.author_email_cipher as Buffer)).toString('latin1')).not.toMatch(/example/);
    expect(JSON.stringify(stored)).not.toMatch(/192\.0\.2\.10|198\.51\.100\.7/);
    expect(zoe[0]!.ip_digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('imports nothing twice: a second run adds nothing, nor brings back a comment deleted since; a later reply finds its parent', async () => {
    const site = await blogSite();
    await imported(site.id);
    const before = await page(site.id, HELLO);
    const ingrid = before.comments.find((c: PublicComment) => c.authorName === 'Ingrid');
    await mod.delete(`/api/moderation/comments/${ingrid.id}`).expect(204);

    const again = await imported(site.id);
    expect(again.comments).toEqual({ approved: 0, pending: 0, spam: 0, rejected: 0, total: 0 });
    expect(again.alreadyImported).toBe(11);
    expect(again.threads).toEqual({ created: 0, existing: 2 });
    expect((await page(site.id, HELLO)).comments).toHaveLength(3);

    // The blog went on: an export taken later holds a new reply to a comment imported the first time.
    const later = readFileSync(BLOG, 'utf8').replace(
      '<wp:comment>\n\t\t\t<wp:comment_id>104</wp:comment_id>',
      `<wp:comment><wp:comment_id>120</wp:comment_id><wp:comment_author>Late Reader</wp:comment_author>
        <wp:comment_author_email>late@example.com</wp:comment_author_email><wp:comment_date_gmt>2024-03-01 10:00:00</wp:comment_date_gmt>
        <wp:comment_content><![CDATA[A late reply to Taro.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
        <wp:comment_parent>102</wp:comment_parent></wp:comment>
      <wp:comment>\n\t\t\t<wp:comment_id>104</wp:comment_id>`,
    );
    const laterFile = path.join(tmp, 'later.xml');
    writeFileSync(laterFile, later);
    const third = await imported(site.id, laterFile);
    expect(third.comments.total).toBe(1);
    const after = (await page(site.id, HELLO)).comments as PublicComment[];
    const taro = after.find((c) => c.authorName === '山田太郎')!;
    expect(after.map((c) => c.authorName)).toEqual(['Zoë Ångström', '山田太郎', 'Zoë Ångström', 'Late Reader']);
    expect(after.at(-1)!.parentId).toBe(taro.id);
  });

  it('adds to a thread readers already use, with its count and version right', async () => {
    const site = await blogSite();
    const api = commentsApi(t, site.id);
    const native = await api.approved({ thread: HELLO });
    const cached = await api.list({ thread: HELLO }).expect(200);
    expect(cached.body.thread.commentCount).toBe(1);

    await imported(site.id);
    // A reader holding the old page gets the new one, not a 304.
    const fresh = await api.list({ thread: HELLO }, { 'If-None-Match': cached.headers.etag as string }).expect(200);
    expect(fresh.headers.etag).not.toBe(cached.headers.etag);
    expect(fresh.body.thread.commentCount).toBe(5);
    // Posted today, the native comment comes after the imported ones of 2024.
    expect(fresh.body.comments.at(-1).id).toBe(native);
    const [{ n }] = await rows(`SELECT count(*)::int AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.site_id = $1 AND t.key = $2 AND c.status = 'approved'`, [
      site.id,
      HELLO,
    ]);
    const [thread] = await rows(`SELECT approved_count FROM threads WHERE site_id = $1 AND key = $2`, [site.id, HELLO]);
    expect(thread.approved_count).toBe(n);
  });

  it('refuses a truncated file with exit 1 and one line naming the line, leaving nothing of it behind', async () => {
    const site = await blogSite();
    const result = await run(CLI, ['import:wordpress', '--site', site.id, TRUNCATED], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^parley: blog-truncated\.xml, line 262: the file ends inside <wp:comment_date>: it was cut short\n$/);
    expect(await siteRows('threads', site.id)).toEqual([]);
    expect(await siteRows('comments', site.id)).toEqual([]);
  });

  it('takes back all of a file cut short, though thousands of its comments were written before the cut', async () => {
    const site = await blogSite();
    const file = path.join(tmp, 'cut.xml');
    await writeWxr(file, 60, 50);
    const whole = readFileSync(file, 'utf8');
    const cut = whole.slice(0, Math.floor(whole.length * 0.9));
    writeFileSync(file, cut);
    const result = await run(CLI, ['import:wordpress', '--site', site.id, file], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^parley: cut\\.xml, line ${cut.split('\n').length}: the file ends inside <[\\w:]+>: it was cut short\n$`));
    // Two batches of 1,000 went to the database before the end of the file: the transaction took them back.
    expect(await siteRows('threads', site.id)).toEqual([]);
    expect(await siteRows('comments', site.id)).toEqual([]);
    expect(await siteRows('imported_comments', site.id)).toEqual([]);
  });

  it('refuses what is not a WordPress export, or not XML, with exit 1 and the line', async () => {
    const site = await blogSite();
    const refused = async (name: string, text: string) => {
      const file = path.join(tmp, name);
      writeFileSync(file, text);
      const result = await run(CLI, ['import:wordpress', '--site', site.id, file], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      return result.stderr.trim();
    };
    expect(await refused('page.html', '<html>\n<body>hi</body>\n</html>\n')).toBe('parley: page.html, line 1: not a WordPress export: the document is <html>, not <rss>');
    expect(await refused('feed.xml', '<rss version="2.0">\n<channel>\n<title>A feed</title>\n<item><title>x</title></item>\n</channel>\n</rss>\n')).toBe(
      'parley: feed.xml, line 4: not a WordPress export (WXR): no <wp:wxr_version> before the first <item>',
    );
    expect(await refused('broken.xml', '<rss>\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n<item></channel>\n</rss>\n')).toMatch(
      /^parley: broken\.xml, line 4: not well-formed XML: Unexpected close tag/,
    );
    expect(await refused('empty.xml', '')).toBe('parley: empty.xml: not a WordPress export: the file has no XML document in it');
    expect(await siteRows('comments', site.id)).toEqual([]);
  });

  it('refuses bad arguments with exit 2 and one line', async () => {
    const refused = async (args: string[]) => {
      const result = await run(CLI, args, env);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      return result.stderr.trim();
    };
    expect(await refused(['import:wordpress', BLOG])).toMatch(/--site is required/);
    expect(await refused(['import:wordpress', '--site', 'nosuchsite'])).toMatch(/FILE\.xml \(the WordPress export\) is required/);
    expect(await refused(['import:wordpress', '--site', 'nosuchsite', path.join(tmp, 'missing.xml')])).toMatch(/missing\.xml: no such file/);
    expect(await refused(['import:wordpress', '--site', 'nosuchsite', BLOG])).toMatch(/No such site/);
  });
});
