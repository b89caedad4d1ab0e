// Readers' data rights (DESIGN.md §3): a person's comments are exported, or
// their authorship erased (or the comments deleted), found by their email in
// any case, on every site, in every status, and nobody else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../src/events/bus.js';
import { erasePersonalData, exportPersonalData, type PrivacyDeps } from '../../src/privacy/service.js';
import { deriveKeys } from '../../src/security/keys.js';
import { TEST_SECRET, type TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite, setStatus } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';
import { rawAudit, rawComments, textOf } from './helpers.js';

let t: TestApp;
let deps: PrivacyDeps;
let admin: ReturnType<typeof as>;
let siteA: { id: string; name: string };
let siteB: { id: string; name: string };
beforeAll(async () => {
  t = await moderationApp();
  deps = { db: t.db, keys: deriveKeys(TEST_SECRET), events: t.events };
  siteA = await buildSite(t.db, { mode: 'post', allowedOrigins: ['https://a.example'] });
  siteB = await buildSite(t.db, { mode: 'post', allowedOrigins: ['https://b.example'] });
  admin = as(t, await signIn(t, (await buildModerator(t.db, { role: 'admin' })).email));
});
afterAll(() => t.close());

let people = 0;
/** A new person: an email unique to the test, in the case they typed it. */
const person = () => {
  people++;
  const local = `erin${people}.x${Date.now().toString(36)}`;
  return { local, email: `${local[0]!.toUpperCase()}${local.slice(1)}@Example.com`, name: `Erin Reader ${people}` };
};

/** Posts (published at once: post-moderated sites) and returns the id. */
const post = async (site: string, overrides: Record<string, unknown>) =>
  (await t.api.post('/api/comments').send(aComment({ site, ...overrides })).expect(201)).body.comment.id as string;
const publicComments = async (site: string, thread: string) =>
  (await t.api.get('/api/comments').query({ site, thread }).expect(200)).body.comments as Array<{ id: string; parentId: string | null; authorName: string; authorWebsite: string | null; avatar: string }>;

function recordEvents<K extends keyof DomainEvents>(name: K) {
  const seen: Array<DomainEvents[K]> = [];
  const off = t.events.on(name, (e) => void seen.push(e));
  return { seen, off };
}

describe('exporting a person’s data', () => {
  it('finds every comment by the email in any case, on every site and in every status, and nothing of anyone else', async () => {
    const erin = person();
    const approved = await post(siteA.id, {
      thread: 'export-1',
      threadTitle: 'An article',
      threadUrl: 'https://a.example/articles/1',
      email: erin.email,
      name: erin.name,
      website: 'https://erin.example/',
      body: 'First thoughts',
    });
    const reply = await post(siteA.id, { thread: 'export-1', email: erin.email.toLowerCase(), name: erin.name, parentId: approved });
    const pending = await post(siteB.id, { thread: 'export-2', email: erin.email.toUpperCase(), name: erin.name });
    const spam = await post(siteB.id, { thread: 'export-2', email: erin.email, name: erin.name });
    const rejected = await post(siteB.id, { thread: 'export-3', email: erin.email, name: erin.name });
    await setStatus(t.db, pending, 'pending');
    await setStatus(t.db, spam, 'spam');
    await setStatus(t.db, rejected, 'rejected');
    const someoneElse = await post(siteA.id, { thread: 'export-1', email: 'someone.else@example.com', name: 'Someone Else', body: 'Not Erin' });

    const asked = `  ${erin.email.toLowerCase().replace('erin', 'ERIN')}`;
    const exported = await exportPersonalData(deps, asked.trim(), { by: null });

    expect(exported.email).toBe(asked.trim());
    expect(Date.parse(exported.exportedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(exported.comments.map((c) => [c.id, c.status])).toEqual([
      [approved, 'approved'],
      [reply, 'approved'],
      [pending, 'pending'],
      [spam, 'spam'],
      [rejected, 'rejected'],
    ]);
    expect(exported.comments[0]).toEqual({
      id: approved,
      site: { id: siteA.id, name: siteA.name },
      thread: { key: 'export-1', title: 'An article', url: 'https://a.example/articles/1' },
      parentId: null,
      status: 'approved',
      authorName: erin.name,
      authorWebsite: 'https://erin.example/',
      body: 'First thoughts',
      bodyHtml: '<p>First thoughts</p>',
      createdAt: expect.any(String),
      moderatedAt: null,
    });
    expect(exported.comments[1]).toMatchObject({ parentId: approved, site: { id: siteA.id } });
    expect(exported.comments[2]).toMatchObject({ site: { id: siteB.id, name: siteB.name }, thread: { key: 'export-2', title: null, url: null } });
    const text = JSON.stringify(exported);
    expect(text).not.toContain(someoneElse);
    expect(text).not.toContain('Someone Else');
    expect(text).not.toMatch(/\b[0-9a-f]{64}\b/);
  });

  it('of an email without comments is an empty list, and every export is audited without personal data', async () => {
    const before = (await rawAudit(t.url)).length;
    const exported = await exportPersonalData(deps, 'nobody.here@example.com', { by: null });
    expect(exported).toEqual({ email: 'nobody.here@example.com', exportedAt: expect.any(String), comments: [] });
    const audit = (await rawAudit(t.url)).slice(before);
    expect(audit).toEqual([expect.objectContaining({ action: 'privacy_export', moderator_id: null, comment_id: null, site_id: null, from_status: null, to_status: null })]);
    expect(textOf(audit)).not.toContain('nobody');
  });
});

describe('erasing a person’s data', () => {
  it('makes their comments Anonymous: email, website, digests, IP and user agent gone; bodies kept; in one go with audit entries', async () => {
    const erin = person();
    const top = await post(siteA.id, { thread: 'erase-1', email: erin.email, name: erin.name, website: 'https://erin.example/', body: 'A body worth keeping' });
    const other = await post(siteA.id, { thread: 'erase-1', name: 'Otto Other', website: 'https://otto.example/', parentId: top });
    const onB = await post(siteB.id, { thread: 'erase-2', email: erin.email.toUpperCase(), name: erin.name });
    await setStatus(t.db, onB, 'pending');
    const beforeRows = await rawComments(t.url, [top, onB, other]);
    const auditBefore = (await rawAudit(t.url)).length;
    const updated = recordEvents('comment.updated');

    expect(await erasePersonalData(deps, erin.email.toLowerCase(), { by: null, deleteContent: false })).toEqual({ erased: 2 });
    updated.off();

    // What the database really holds now.
    const rows = await rawComments(t.url, [top, onB, other]);
    for (const id of [top, onB]) {
      const row = rows.get(id)!;
      expect(row).toMatchObject({
        author_name: 'Anonymous',
        author_email_cipher: null,
        author_email_digest: null,
        author_website: null,
        ip_digest: null,
        user_agent: null,
        body: beforeRows.get(id)!.body,
        status: beforeRows.get(id)!.status,
      });
      expect(row.avatar_seed).not.toBe(beforeRows.get(id)!.avatar_seed);
      expect(String(row.avatar_seed).length).toBeLessThanOrEqual(32);
      const text = textOf(row);
      for (const gone of [erin.local, 'erin reader', 'erin.example']) expect(text).not.toContain(gone);
    }
    expect(rows.get(top)!.body).toBe('A body worth keeping');
    // Someone else's comment is untouched.
    expect(rows.get(other)).toEqual(beforeRows.get(other));

    // Readers see "Anonymous", no website, a new avatar; the reply is still there.
    const shown = await publicComments(siteA.id, 'erase-1');
    expect(shown.map((c) => c.id)).toEqual([top, other]);
    expect(shown[0]).toMatchObject({ authorName: 'Anonymous', authorWebsite: null, avatar: rows.get(top)!.avatar_seed });
    expect(shown[1]).toMatchObject({ authorName: 'Otto Other', authorWebsite: 'https://otto.example/' });

    // Moderators see no email, and the email finds nothing any more.
    const queue = await admin.get(`/api/moderation/comments?status=approved&site=${siteA.id}&thread=erase-1`).expect(200);
    expect(queue.body.comments.find((c: { id: string }) => c.id === top)).toMatchObject({ authorName: 'Anonymous', authorEmail: null, authorWebsite: null });
    const byEmail = await admin.get(`/api/moderation/comments?status=pending&q=${encodeURIComponent(erin.email)}`).expect(200);
    expect(byEmail.body.comments).toEqual([]);
    expect((await exportPersonalData(deps, erin.email, { by: null })).comments).toEqual([]);

    // The audit trail says what happened, to which comments, and nothing about whom.
    const audit = (await rawAudit(t.url)).slice(auditBefore);
    const erasure = audit.filter((a) => a.action !== 'privacy_export');
    expect(erasure).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'privacy_erase', comment_id: null, site_id: null, moderator_id: null }),
        expect.objectContaining({ action: 'erase', comment_id: top, site_id: siteA.id, from_status: 'approved', to_status: 'approved', moderator_id: null }),
        expect.objectContaining({ action: 'erase', comment_id: onB, site_id: siteB.id, from_status: 'pending', to_status: 'pending', moderator_id: null }),
      ]),
    );
    expect(erasure).toHaveLength(3);
    const auditText = textOf(audit);
    for (const gone of [erin.local, 'erin reader', 'erin.example', 'a body worth keeping']) expect(auditText).not.toContain(gone);

    // Live readers hear of each change, after the commit.
    expect(updated.seen).toEqual(
      expect.arrayContaining([
        { commentId: top, siteId: siteA.id, threadKey: 'erase-1', status: 'approved' },
        { commentId: onB, siteId: siteB.id, threadKey: 'erase-2', status: 'pending' },
      ]),
    );
    expect(updated.seen).toHaveLength(2);
  });

  it('erases nothing for an unknown email', async () => {
    expect(await erasePersonalData(deps, 'never.wrote@example.com', { by: null, deleteContent: false })).toEqual({ erased: 0 });
    expect(await erasePersonalData(deps, 'never.wrote@example.com', { by: null, deleteContent: true })).toEqual({ deleted: 0 });
  });

  it('lets the person comment again afterwards, as a new author', async () => {
    const erin = person();
    await post(siteA.id, { thread: 'erase-again', email: erin.email, name: erin.name, body: 'Same words' });
    await erasePersonalData(deps, erin.email, { by: null, deleteContent: false });
    // The erased comment no longer counts as theirs: the same words are not a duplicate.
    await post(siteA.id, { thread: 'erase-again', email: erin.email, name: erin.name, body: 'Same words' });
    expect((await exportPersonalData(deps, erin.email, { by: null })).comments).toHaveLength(1);
  });
});

describe('erasing with the content', () => {
  it('deletes the comments and keeps every reply of others, one level up per deleted ancestor', async () => {
    const erin = person();
    // erin's top ← erin's reply ← Otto's reply; erin's top ← Quinn's reply ← Pia's reply.
    const top = await post(siteA.id, { thread: 'delete-1', email: erin.email, name: erin.name });
    const mine = await post(siteA.id, { thread: 'delete-1', email: erin.email.toUpperCase(), name: erin.name, parentId: top });
    const otto = await post(siteA.id, { thread: 'delete-1', name: 'Otto', parentId: mine });
    const quinn = await post(siteA.id, { thread: 'delete-1', name: 'Quinn', parentId: top });
    const pia = await post(siteA.id, { thread: 'delete-1', name: 'Pia', parentId: quinn });
    const elsewhere = await post(siteB.id, { thread: 'delete-2', email: erin.email, name: erin.name });
    await setStatus(t.db, elsewhere, 'spam');
    const auditBefore = (await rawAudit(t.url)).length;
    const deleted = recordEvents('comment.deleted');

    expect(await erasePersonalData(deps, erin.email, { by: null, deleteContent: true })).toEqual({ deleted: 3 });
    deleted.off();

    const rows = await t.db.comment.findMany({ where: { thread: { key: { in: ['delete-1', 'delete-2'] } } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.parentId, r.rootId, r.depth])).toEqual([
      [otto, null, null, 1],
      [quinn, null, null, 1],
      [pia, quinn, quinn, 2],
    ]);
    const shown = await publicComments(siteA.id, 'delete-1');
    expect(shown.map((c) => c.id)).toEqual([otto, quinn, pia]);

    const audit = (await rawAudit(t.url)).slice(auditBefore);
    expect(audit.filter((a) => a.action === 'erase_delete').map((a) => [a.comment_id, a.from_status, a.to_status, a.moderator_id]).sort()).toEqual(
      [
        [top, 'approved', null, null],
        [mine, 'approved', null, null],
        [elsewhere, 'spam', null, null],
      ].sort(),
    );
    expect(audit.filter((a) => a.action === 'privacy_erase')).toHaveLength(1);

    expect(deleted.seen.map((e) => [e.commentId, e.previousStatus, e.deletedBy]).sort()).toEqual(
      [
        [top, 'approved', null],
        [mine, 'approved', null],
        [elsewhere, 'spam', null],
      ].sort(),
    );
    expect(deleted.seen.find((e) => e.commentId === elsewhere)).toMatchObject({ siteId: siteB.id, threadKey: 'delete-2' });
  });
});
