// A card carries what a moderator needs to decide (DESIGN.md §12): whom a
// reply answers, and the author's record on that site — in the queue, in a
// status change's answer and in the live comment:created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationComment } from '../../src/contracts.js';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { connected, next, startTestServer } from '../helpers/server.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  s = await startTestServer();
  const admin = await buildModerator(s.db, { role: 'admin' });
  cookie = sessionCookie(await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: admin.email, password: 'correct horse battery staple' }).expect(200));
});
afterAll(() => s.close());

const post = async (site: string, extra: Record<string, unknown> = {}) =>
  (await s.api.post('/api/comments').send(aComment({ site, thread: 'context', ...extra })).expect(201)).body.comment.id as string;
const moderate = async (id: string, status: string) =>
  (await s.api.post(`/api/moderation/comments/${id}/status`).set('Origin', s.origin).set('Cookie', cookie).send({ status }).expect(200)).body as ModerationComment;
async function card(site: string, id: string, status = 'pending'): Promise<ModerationComment> {
  const res = await s.api.get(`/api/moderation/comments?site=${site}&status=${status}`).set('Cookie', cookie).expect(200);
  const found = res.body.comments.find((c: ModerationComment) => c.id === id);
  if (!found) throw new Error(`${id} is not in the ${status} queue`);
  return found;
}

describe('the decision context of a card', () => {
  it('a reply says whom it answers, with the first words of what, cut at a word', async () => {
    const site = (await buildSite(s.db)).id;
    const long = 'The council voted on Tuesday to close the riverside library for good, after months of debate about its leaking roof and shrinking budget.';
    const parent = await post(site, { name: 'Olga', body: long });
    await moderate(parent, 'approved');
    const reply = await post(site, { parentId: parent });
    const c = await card(site, reply);
    expect(c.inReplyTo).toEqual({ id: parent, authorName: 'Olga', excerpt: 'The council voted on Tuesday to close the riverside library for good, after…' });
    expect([...c.inReplyTo!.excerpt].length).toBeLessThanOrEqual(81);
    expect((await card(site, parent, 'approved')).inReplyTo).toBeNull();
  });

  it("counts the author's comments on this site by status, this one included, and not another site's", async () => {
    const site = (await buildSite(s.db)).id;
    const elsewhere = (await buildSite(s.db)).id;
    const email = 'Regular@Example.com';
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await post(site, { email }));
    await moderate(ids[0]!, 'approved');
    await moderate(ids[1]!, 'approved');
    await moderate(ids[2]!, 'spam');
    await moderate(ids[3]!, 'rejected');
    await post(elsewhere, { email });
    await post(site, { email: 'someone.else@example.com' });
    const latest = await post(site, { email: 'regular@example.com' });
    expect((await card(site, latest)).authorHistory).toEqual({ approved: 2, spam: 1, rejected: 1, pending: 2 });
    expect((await card(elsewhere, (await post(elsewhere, { email })))).authorHistory).toEqual({ approved: 0, spam: 0, rejected: 0, pending: 2 });
  });

  it("is in a status change's answer, counting the new status", async () => {
    const site = (await buildSite(s.db)).id;
    const parent = await post(site, { name: 'Pia' });
    await moderate(parent, 'approved');
    const reply = await post(site, { parentId: parent, email: 'once@example.com' });
    const answer = await moderate(reply, 'approved');
    expect(answer.inReplyTo).toMatchObject({ id: parent, authorName: 'Pia' });
    expect(answer.authorHistory).toEqual({ approved: 1, spam: 0, rejected: 0, pending: 0 });
  });

  it('comes live with a new comment', async () => {
    const site = (await buildSite(s.db)).id;
    const parent = await post(site, { name: 'Quinn', body: 'Short and sweet.' });
    await moderate(parent, 'approved');
    const socket = s.socket('/moderation', { Origin: s.origin, Cookie: cookie });
    await connected(socket);
    const created = next(socket, 'comment:created');
    const reply = await post(site, { parentId: parent, email: 'live@example.com' });
    expect(await created).toMatchObject({
      id: reply,
      inReplyTo: { id: parent, authorName: 'Quinn', excerpt: 'Short and sweet.' },
      authorHistory: { approved: 0, spam: 0, rejected: 0, pending: 1 },
    });
    socket.disconnect();
  });

  it("has no history once the author's data was erased, and no quote once the parent is deleted", async () => {
    const site = (await buildSite(s.db)).id;
    const parent = await post(site);
    await moderate(parent, 'approved');
    const email = 'forget.me@example.com';
    const reply = await post(site, { parentId: parent, email });
    await s.api.post('/api/admin/privacy/erase').set('Origin', s.origin).set('Cookie', cookie).send({ email }).expect(200);
    expect((await card(site, reply)).authorHistory).toBeNull();
    await s.api.delete(`/api/moderation/comments/${parent}`).set('Origin', s.origin).set('Cookie', cookie).expect(204);
    expect((await card(site, reply)).inReplyTo).toBeNull();
  });
});
