// `export` and `import:parley` as an operator moving Parley to another server
// runs them: the built CLI, a backup taken from one database and restored
// into a second one that has another PARLEY_SECRET; readers and moderators of
// the second then see what they saw on the first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationComment } from '../../src/contracts.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, ORIGIN, signIn } from '../helpers/moderation.js';
import { CLI, cleanEnv, run } from '../helpers/processes.js';

const OTHER_SECRET = 'another-secret-for-the-new-server-0123456789';
const BLOG = path.join(import.meta.dirname, '..', 'fixtures', 'wordpress', 'blog.xml');

let from: TestApp;
let to: TestApp;
let fromMod: ReturnType<typeof as>;
let toMod: ReturnType<typeof as>;
let tmp: string;
let siteId: string;
let backup: string;
beforeAll(async () => {
  [from, to] = await Promise.all([createTestApp({ env: { PUBLIC_URL: ORIGIN } }), createTestApp({ env: { PUBLIC_URL: ORIGIN }, secret: OTHER_SECRET })]);
  fromMod = as(from, await signIn(from, (await buildModerator(from.db, { role: 'admin' })).email));
  toMod = as(to, await signIn(to, (await buildModerator(to.db, { role: 'admin' })).email));
  tmp = mkdtempSync(path.join(tmpdir(), 'parley-backup-'));
  backup = path.join(tmp, 'backup.json');

  // A site with settings of its own, comments imported from WordPress and posted by readers, some moderated, one author erased.
  const site = await buildSite(from.db, { name: 'The Daily Example', allowedOrigins: ['https://blog.example'], mode: 'pre' });
  siteId = site.id;
  await fromMod.patch(`/api/admin/sites/${siteId}`, { maxLinks: 3, moderationWords: ['casino'], closeAfterDays: 3650 }).expect(200);
  expect((await cli(from, ['import:wordpress', '--site', siteId, BLOG])).code).toBe(0);
  const post = async (overrides: Record<string, unknown>) => (await from.api.post('/api/comments').send(aComment({ site: siteId, ...overrides })).expect(201)).body.comment.id as string;
  const top = await post({ thread: '/news/one', threadTitle: 'One', threadUrl: 'https://blog.example/news/one', name: 'Ada', email: 'Ada@Example.com', body: 'A **first** line\n\nand <b>more</b> https://example.org', notify: true });
  const reply = await post({ thread: '/news/one', name: 'Grace', body: 'Held for the casino word' });
  await fromMod.post(`/api/moderation/comments/${top}/status`, { status: 'approved' }).expect(200);
  const answer = await post({ thread: '/news/one', parentId: top, name: 'Linus', email: 'linus@example.com', body: 'A reply, approved below' });
  await fromMod.post(`/api/moderation/comments/${answer}/status`, { status: 'approved' }).expect(200);
  // Liked, edited, written by a moderator: what readers see of them travels too (set behind the API: only the backup is under test).
  await from.db.comment.update({ where: { id: top }, data: { likeCount: 4, editedAt: new Date('2026-11-20T10:00:00Z') } });
  await from.db.comment.update({ where: { id: answer }, data: { badge: 'moderator' } });
  await fromMod.post(`/api/moderation/comments/${reply}/status`, { status: 'spam' }).expect(200);
  await post({ thread: '/news/one', name: 'Erased Person', email: 'erase.me@example.com' }).then((id) =>
    fromMod.post(`/api/moderation/comments/${id}/status`, { status: 'approved' }).expect(200),
  );
  expect((await cli(from, ['privacy:erase', '--email', 'erase.me@example.com'])).stdout).toBe('{"erased":1}\n');
  expect((await cli(from, ['thread:close', '--site', siteId, '--thread', '/news/one'])).code).toBe(0);
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await Promise.all([from.close(), to.close()]);
});

function cli(t: TestApp, args: string[]) {
  return run(CLI, args, cleanEnv({ DATABASE_URL: t.url, PARLEY_SECRET: t === to ? OTHER_SECRET : TEST_SECRET }));
}

/** Everything moderators see of the site's comments, every status, oldest first. */
async function moderated(mod: ReturnType<typeof as>) {
  const all: ModerationComment[] = [];
  for (const status of ['approved', 'pending', 'spam', 'rejected']) {
    all.push(...(await mod.get(`/api/moderation/comments?site=${siteId}&status=${status}&sort=oldest&limit=100`).expect(200)).body.comments);
  }
  return all;
}

/** What readers see of a thread, but the avatars: seeds are keyed by PARLEY_SECRET, so they differ on the new server. */
async function readersSee(t: TestApp, thread: string) {
  const res = await t.api.get('/api/comments').query({ site: siteId, thread, limit: 100 }).expect(200);
  return { thread: res.body.thread, comments: res.body.comments.map(({ avatar: _, ...c }: { avatar: string }) => c) };
}

describe('export', () => {
  it('writes one JSON document: the site and its settings, threads, and every comment with its email in the clear', async () => {
    const result = await cli(from, ['export', '--site', siteId]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    writeFileSync(backup, result.stdout);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ format: 'parley-export', version: 1, exportedAt: expect.any(String) });
    expect(doc.site).toEqual({
      id: siteId,
      name: 'The Daily Example',
      allowedOrigins: ['https://blog.example'],
      mode: 'pre',
      maxLinks: 3,
      moderationWords: ['casino'],
      disallowedWords: [],
      depthLimit: 3,
      floodSeconds: 0,
      closeAfterDays: 3650,
      webhookUrl: null,
      createdAt: expect.any(String),
    });
    expect(doc.threads.map((t: { key: string }) => t.key).sort()).toEqual(['/2024/hello-world/', '/about/', '/news/one']);
    expect(doc.threads.find((t: { key: string }) => t.key === '/news/one')).toMatchObject({ title: 'One', url: 'https://blog.example/news/one', closed: true });
    expect(doc.comments).toHaveLength(14);
    const ada = doc.comments.find((c: { authorName: string }) => c.authorName === 'Ada');
    expect(ada).toMatchObject({ thread: '/news/one', parentId: null, status: 'approved', authorEmail: 'Ada@Example.com', body: 'A **first** line\n\nand <b>more</b> https://example.org', heldReasons: ['premoderation'] });
    expect(doc.comments.find((c: { authorName: string }) => c.authorName === 'Anonymous')).toMatchObject({ authorEmail: null, authorWebsite: null });
    // Parents before their replies, whatever the dates.
    const seen = new Set<string>();
    for (const c of doc.comments) {
      if (c.parentId) expect(seen.has(c.parentId)).toBe(true);
      seen.add(c.id);
    }
    // What WordPress brought in is remembered, so importing that export again after the move adds nothing.
    expect(doc.sources).toHaveLength(11);
    expect(doc.sources[0]).toMatchObject({ source: 'wordpress:blog.example' });
  });

  it('refuses an unknown site with exit 2, and writes nothing on stdout', async () => {
    const result = await cli(from, ['export', '--site', 'nosuchsite']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'parley: No such site.\n' });
  });
});

describe('import:parley', () => {
  it('refuses a file cut short with exit 1 and the line, leaving nothing behind (not even the site)', async () => {
    const text = readFileSync(backup, 'utf8');
    const cut = path.join(tmp, 'cut.json');
    writeFileSync(cut, text.slice(0, text.lastIndexOf('],"sources":[')));
    const result = await cli(to, ['import:parley', cut]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^parley: cut\.json, line \d+: the file ends before the document does \(cut short\?\)\n$/);
    expect(await to.db.site.findUnique({ where: { id: siteId } })).toBeNull();
    expect(await to.db.comment.count()).toBe(0);

    const other = path.join(tmp, 'other.json');
    writeFileSync(other, '{"format":"something-else"}');
    expect((await cli(to, ['import:parley', other])).stderr).toBe('parley: other.json: the header: format: not a Parley export ("format" is not "parley-export")\n');
    writeFileSync(other, text.replace('"status":"spam"', '"status":"hidden"'));
    expect((await cli(to, ['import:parley', other])).stderr).toMatch(/^parley: other\.json, line \d+: in comments: status: /);
    // A doctored backup must not bring a script into the widget through an author's link.
    writeFileSync(other, text.replace(/"authorWebsite":null/, '"authorWebsite":"javascript:alert(document.cookie)"'));
    expect((await cli(to, ['import:parley', other])).stderr).toMatch(/^parley: other\.json, line \d+: in comments: authorWebsite: not an http\(s\) address\n$/);
    expect(await to.db.comment.count()).toBe(0);
  });

  it('restores the site under another secret: every thread reads the same, emails readable by its moderators', async () => {
    const result = await cli(to, ['import:parley', backup]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      site: siteId,
      siteCreated: true,
      threads: { created: 3, existing: 0 },
      comments: { approved: 10, pending: 1, spam: 2, rejected: 1, total: 14 },
      alreadyImported: 0,
      duplicates: 0,
      movedToTop: 0,
    });

    for (const thread of ['/2024/hello-world/', '/about/', '/news/one']) expect(await readersSee(to, thread)).toEqual(await readersSee(from, thread));
    expect((await readersSee(to, '/news/one')).comments.slice(0, 2)).toMatchObject([
      { authorName: 'Ada', likes: 4, edited: true, badge: null },
      { authorName: 'Linus', likes: 0, edited: false, badge: 'moderator' },
    ]);
    const before = await moderated(fromMod);
    const after = await moderated(toMod);
    const comparable = ({ avatar: _a, moderatedBy: _m, ...c }: ModerationComment) => c;
    expect(after.map(comparable)).toEqual(before.map(comparable));
    expect(after.map((c) => c.authorEmail)).toContain('Ada@Example.com');
    // One author, one avatar, on the new server as on the old.
    const zoe = after.filter((c) => c.authorName === 'Zoë Ångström').map((c) => c.avatar);
    expect(new Set(zoe).size).toBe(1);
    expect(zoe[0]).not.toBe(before.find((c) => c.authorName === 'Zoë Ångström')!.avatar);

    expect((await toMod.get(`/api/admin/sites/${siteId}`).expect(200)).body).toEqual((await fromMod.get(`/api/admin/sites/${siteId}`).expect(200)).body);
    // Who asked to hear of replies still will.
    const asked = async (t: TestApp) => (await t.db.comment.findMany({ where: { notify: true }, select: { id: true } })).map((c) => c.id);
    expect(await asked(from)).toHaveLength(1);
    expect(await asked(to)).toEqual(await asked(from));
  });

  it('imports nothing twice, and the WordPress import it came from is remembered too', async () => {
    const again = await cli(to, ['import:parley', backup]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ siteCreated: false, comments: { total: 0 }, alreadyImported: 14 });
    const wordpress = await cli(to, ['import:wordpress', '--site', siteId, BLOG]);
    expect(JSON.parse(wordpress.stdout)).toMatchObject({ comments: { total: 0 }, alreadyImported: 11 });
    expect(await to.db.comment.count()).toBe(14);
  });

  it('reads a backup a JSON tool laid out otherwise, whole', async () => {
    const pretty = path.join(tmp, 'pretty.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(readFileSync(backup, 'utf8')), null, 2));
    const third = await createTestDatabase();
    try {
      const result = await run(CLI, ['import:parley', pretty], cleanEnv({ DATABASE_URL: third.url, PARLEY_SECRET: OTHER_SECRET }));
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ site: siteId, siteCreated: true, comments: { total: 14 }, movedToTop: 0 });
    } finally {
      await third.drop();
    }
  });

  it('refuses bad arguments with exit 2 and one line', async () => {
    expect(await cli(to, ['import:parley'])).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^parley: FILE \(an export\) is required[^\n]*\n$/) });
    expect(await cli(to, ['import:parley', path.join(tmp, 'nothing.json')])).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/nothing\.json: no such file\n$/) });
  });
});
