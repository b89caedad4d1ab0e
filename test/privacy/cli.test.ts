// privacy:export and privacy:erase as an operator runs them: a real process,
// one JSON document on stdout, exit codes as every other command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { aComment, buildSite, setStatus } from '../helpers/factories.js';
import { CLI, cleanEnv, run } from '../helpers/processes.js';
import { rawAudit, rawComments, textOf } from './helpers.js';

let t: TestApp;
let env: Record<string, string>;
let siteA: string;
let siteB: string;
beforeAll(async () => {
  // The CLI works on the app's database with the app's secret: it reads what readers posted.
  t = await createTestApp();
  env = cleanEnv({ DATABASE_URL: t.url, PARLEY_SECRET: TEST_SECRET });
  siteA = (await buildSite(t.db, { mode: 'post' })).id;
  siteB = (await buildSite(t.db, { mode: 'post' })).id;
});
afterAll(() => t.close());

async function ok(args: string[]) {
  const result = await run(CLI, args, env);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout);
}

async function refused(args: string[]) {
  const result = await run(CLI, args, env);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  return result.stderr.trim();
}

const post = async (site: string, overrides: Record<string, unknown>) =>
  (await t.api.post('/api/comments').send(aComment({ site, ...overrides })).expect(201)).body.comment.id as string;

describe('privacy:export', () => {
  it('prints every comment by the email, any case, on every site and in every status', async () => {
    const a = await post(siteA, { thread: 'cli-1', email: 'Cli.Person@Example.com', name: 'Cli Person' });
    const b = await post(siteB, { thread: 'cli-2', email: 'cli.person@example.com', name: 'Cli Person' });
    await setStatus(t.db, b, 'rejected');
    await post(siteA, { thread: 'cli-1', email: 'bystander@example.com', name: 'Bystander' });

    const exported = await ok(['privacy:export', '--email', 'CLI.PERSON@example.com']);
    expect(exported).toEqual({ email: 'CLI.PERSON@example.com', exportedAt: expect.any(String), comments: [expect.objectContaining({ id: a, status: 'approved' }), expect.objectContaining({ id: b, status: 'rejected' })] });
    expect(exported.comments.map((c: { site: { id: string } }) => c.site.id)).toEqual([siteA, siteB]);
    expect(JSON.stringify(exported)).not.toContain('Bystander');
    // Run from the command line, the export is audited too, by nobody in particular.
    expect((await rawAudit(t.url)).filter((a) => a.action === 'privacy_export')).toEqual([expect.objectContaining({ moderator_id: null, comment_id: null })]);
  });

  it('prints an empty list for an email without comments', async () => {
    expect(await ok(['privacy:export', '--email', 'nobody@example.com'])).toEqual({ email: 'nobody@example.com', exportedAt: expect.any(String), comments: [] });
  });
});

describe('privacy:erase', () => {
  it('makes the comments anonymous, and the export finds nothing afterwards', async () => {
    const id = await post(siteA, { thread: 'cli-erase', email: 'erase.me@example.com', name: 'Erase Me', website: 'https://erase.example/' });
    expect(await ok(['privacy:erase', '--email', 'Erase.Me@example.com'])).toEqual({ erased: 1 });
    const row = (await rawComments(t.url, [id])).get(id)!;
    expect(row).toMatchObject({ author_name: 'Anonymous', author_email_cipher: null, author_email_digest: null, author_website: null, ip_digest: null, user_agent: null });
    expect(textOf(row)).not.toMatch(/erase\.me|erase me|erase\.example/);
    expect((await ok(['privacy:export', '--email', 'erase.me@example.com'])).comments).toEqual([]);
    const audit = await t.db.auditEntry.findMany({ where: { commentId: id } });
    expect(audit).toEqual([expect.objectContaining({ action: 'erase', moderatorId: null })]);
    expect(await ok(['privacy:erase', '--email', 'erase.me@example.com'])).toEqual({ erased: 0 });
  });

  it('with --delete-content deletes the comments and keeps the replies, one level up', async () => {
    const id = await post(siteA, { thread: 'cli-delete', email: 'delete.me@example.com' });
    const reply = await post(siteA, { thread: 'cli-delete', parentId: id });
    expect(await ok(['privacy:erase', '--email', 'delete.me@example.com', '--delete-content'])).toEqual({ deleted: 1 });
    expect(await t.db.comment.findUnique({ where: { id } })).toBeNull();
    expect(await t.db.comment.findUniqueOrThrow({ where: { id: reply } })).toMatchObject({ parentId: null, rootId: null, depth: 1 });
    const shown = (await t.api.get('/api/comments').query({ site: siteA, thread: 'cli-delete' }).expect(200)).body.comments;
    expect(shown.map((c: { id: string }) => c.id)).toEqual([reply]);
    expect(await t.db.auditEntry.findMany({ where: { commentId: id } })).toEqual([expect.objectContaining({ action: 'erase_delete', moderatorId: null, toStatus: null })]);
    expect(await ok(['privacy:erase', '--email', 'nobody@example.com', '--delete-content'])).toEqual({ deleted: 0 });
  });

  it('refuses bad arguments with exit 2 and one line', async () => {
    expect(await refused(['privacy:export'])).toMatch(/--email is required/);
    expect(await refused(['privacy:erase', '--email', 'not-an-email'])).toMatch(/Email must be a valid address/);
    expect(await refused(['privacy:erase', '--email', 'a@example.com', '--everything'])).toMatch(/Unknown option '--everything'/);
    expect(await refused(['privacy:erase', '--email', 'a@example.com', '--delete-content=yes'])).toMatch(/delete-content/);
  });
});
