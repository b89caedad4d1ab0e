// The audit trail (DESIGN.md §12): what was done to a comment or on a site,
// by whom, newest first; nothing outside the moderator's sites; a deleted
// comment's trail stays readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../src/contracts.js';
import type { TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { as, moderationApp, signIn } from '../helpers/moderation.js';

let t: TestApp;
let site: string;
let other: string;
let ada: ReturnType<typeof as>;
let marta: ReturnType<typeof as>;
let adaRef: { id: string; name: string };
let martaRef: { id: string; name: string };
beforeAll(async () => {
  t = await moderationApp();
  site = (await buildSite(t.db)).id;
  other = (await buildSite(t.db)).id;
  const a = await buildModerator(t.db, { role: 'admin', name: 'Ada' });
  const m = await buildModerator(t.db, { role: 'moderator', siteIds: [site], name: 'Marta' });
  adaRef = { id: a.id, name: 'Ada' };
  martaRef = { id: m.id, name: 'Marta' };
  ada = as(t, await signIn(t, a.email));
  marta = as(t, await signIn(t, m.email));
});
afterAll(() => t.close());

const post = async (on = site) => (await t.api.post('/api/comments').send(aComment({ site: on, thread: 'audited' })).expect(201)).body.comment.id as string;
const trail = async (who: ReturnType<typeof as>, q: string) => (await who.get(`/api/moderation/audit?${q}`).expect(200)).body.entries as AuditEntryView[];

describe('the audit trail', () => {
  it("of a comment: status changes, an edit, a reply and its deletion, newest first, with the moderators' names", async () => {
    const id = await post();
    await marta.post(`/api/moderation/comments/${id}/status`, { status: 'approved' }).expect(200);
    await ada.patch(`/api/moderation/comments/${id}`, { body: 'Edited by Ada.' }).expect(200);
    await marta.post(`/api/moderation/comments/${id}/status`, { status: 'spam', from: 'approved' }).expect(200);
    const entries = await trail(marta, `comment=${id}`);
    expect(entries.map((e) => [e.action, e.from, e.to, e.moderator])).toEqual([
      ['status', 'approved', 'spam', martaRef],
      ['edit', 'approved', 'approved', adaRef],
      ['status', 'pending', 'approved', martaRef],
    ]);
    expect(entries[0]).toEqual({ id: expect.any(String), commentId: id, action: 'status', from: 'approved', to: 'spam', moderator: martaRef, at: expect.any(String) });

    await marta.post(`/api/moderation/comments/${id}/status`, { status: 'approved' }).expect(200);
    const reply = (await marta.post(`/api/moderation/comments/${id}/replies`, { body: 'Noted.' }).expect(201)).body.id as string;
    expect((await trail(marta, `comment=${reply}`)).map((e) => [e.action, e.to, e.moderator])).toEqual([['reply', 'approved', martaRef]]);

    await marta.delete(`/api/moderation/comments/${id}`).expect(204);
    const after = await trail(marta, `comment=${id}`);
    expect(after.map((e) => e.action)).toEqual(['delete', 'status', 'status', 'edit', 'status']);
    expect(after[0]).toMatchObject({ from: 'approved', to: null, moderator: martaRef });
    expect((await trail(ada, `comment=${id}`)).length).toBe(5);
  });

  it("of a site: its comments' entries and its settings' changes", async () => {
    const s2 = (await buildSite(t.db)).id;
    const id = await post(s2);
    await ada.post(`/api/moderation/comments/${id}/status`, { status: 'rejected' }).expect(200);
    await ada.patch(`/api/admin/sites/${s2}`, { name: 'Renamed' }).expect(200);
    expect((await trail(ada, `site=${s2}`)).map((e) => [e.action, e.commentId])).toEqual([
      ['site_update', null],
      ['status', id],
    ]);
  });

  it('does not exist outside the moderator’s sites (404), nor for an unknown comment or site', async () => {
    const elsewhere = await post(other);
    await ada.post(`/api/moderation/comments/${elsewhere}/status`, { status: 'approved' }).expect(200);
    await marta.get(`/api/moderation/audit?comment=${elsewhere}`).expect(404);
    await marta.get(`/api/moderation/audit?site=${other}`).expect(404);
    await ada.delete(`/api/moderation/comments/${elsewhere}`).expect(204);
    await marta.get(`/api/moderation/audit?comment=${elsewhere}`).expect(404);
    expect((await trail(ada, `comment=${elsewhere}`)).map((e) => e.action)).toEqual(['delete', 'status']);
    await ada.get('/api/moderation/audit?comment=01900000-0000-7000-8000-000000000000').expect(404);
    await ada.get('/api/moderation/audit?site=nosuchsite').expect(404);
    await as(t).get(`/api/moderation/audit?site=${site}`).expect(401);
  });

  it('asks for exactly one of comment and site', async () => {
    for (const q of ['', `comment=${await post()}&site=${site}`, 'comment=not-an-id']) {
      const res = await ada.get(`/api/moderation/audit?${q}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
