// A reader who ticked "Notify me of follow-up comments by email" hears of a
// reply to their comment once a moderator publishes it (never of text that
// nobody approved), and of their own held comment being published; one click
// in their mail program stops it all. Real SMTP server, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildSite } from '../helpers/factories.js';
import { startSmtpServer, unsubscribeLink, type SmtpServer } from '../helpers/smtp.js';
import { PUBLIC, eventually, mailServer, moderatorOn, outboxRows, sleep, type Server } from './helpers.js';

let smtp: SmtpServer;
let s: Server;
let mod: Awaited<ReturnType<typeof moderatorOn>>;
let site: string;
let postSite: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  s = await mailServer(smtp.url);
  mod = await moderatorOn(s);
  site = (await buildSite(s.db, { allowedOrigins: ['https://news.example'], mode: 'pre' })).id;
  postSite = (await buildSite(s.db, { allowedOrigins: ['https://news.example'], mode: 'post' })).id;
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

let n = 0;
const story = () => ({ thread: `story-${++n}`, threadTitle: `Story ${n} <b>bold</b>`, threadUrl: `https://news.example/story-${n}` });

async function post(fields: Record<string, unknown>, on = site) {
  const res = await s.api.post('/api/comments').send(aComment({ site: on, ...fields }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as string;
}

/** A published comment by `email` (who asks for notifications unless told otherwise), in a new thread. */
async function publishedParent(email: string, notify = true) {
  const where = story();
  const id = await post({ ...where, email, name: 'Petra', notify });
  await mod.decide(id, 'approved');
  return { id, where };
}

const replyMails = (to: string) => smtp.to(to).filter((m) => m.subject.includes('replied to your comment'));

describe('reply notifications', () => {
  it('tell the parent’s author of a reply once it is approved, never before, and once', async () => {
    const petra = 'petra@example.com';
    const { id: parent, where } = await publishedParent(petra);
    const reply = await post({ ...where, parentId: parent, name: 'Rolf', body: 'I see it <script>alert(1)</script> differently.' });
    await sleep(600);
    expect(replyMails(petra)).toEqual([]);

    await mod.decide(reply, 'approved');
    await smtp.waitFor(() => replyMails(petra).length === 1);
    const [mail] = replyMails(petra);
    expect(mail!.to).toEqual([petra]);
    expect(mail!.subject).toBe(`Rolf replied to your comment on “${where.threadTitle}”`);
    expect(mail!.text).toContain('I see it <script>alert(1)</script> differently.');
    expect(mail!.text).toContain(`${where.threadUrl}#comment-${reply}`);
    // The HTML part escapes what readers wrote.
    expect(mail!.html).toContain('I see it &lt;script&gt;alert(1)&lt;/script&gt; differently.');
    expect(mail!.html).toContain('Story');
    expect(mail!.html).not.toMatch(/<script|<b>bold/);
    // RFC 8058 one-click unsubscribe, and the same link in the body.
    const link = unsubscribeLink(mail!);
    expect(link.origin + link.pathname).toBe(`${PUBLIC}/api/unsubscribe`);
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail!.text).toContain(link.href);
    expect(mail!.html).toContain(link.href.replace(/&/g, '&amp;'));
    // The mail names nobody's address, the link neither.
    expect(mail!.raw.replace(/^(To|Delivered-To): .*$/gim, '')).not.toContain(petra);
    expect(link.href).not.toMatch(/petra|%40|@/);

    // Approving again, or another moderator's approval after a rejection, sends nothing more.
    await mod.decide(reply, 'rejected');
    await mod.decide(reply, 'approved');
    await sleep(600);
    expect(replyMails(petra)).toHaveLength(1);
  });

  it('send nothing for a reply that is rejected or marked as spam', async () => {
    const quinn = 'quinn@example.com';
    const { id: parent, where } = await publishedParent(quinn);
    const rejected = await post({ ...where, parentId: parent });
    const spam = await post({ ...where, parentId: parent });
    await mod.decide(rejected, 'rejected');
    await mod.decide(spam, 'spam');
    await sleep(600);
    expect(replyMails(quinn)).toEqual([]);
    expect(await outboxRows(s, `comment_id = ANY($1::uuid[]) AND kind = 'mail'`, [[rejected, spam]])).toEqual([]);
  });

  it('send nothing to an author who did not tick the box, nor to someone answering themselves', async () => {
    const { id: quiet, where } = await publishedParent('quiet@example.com', false);
    const toQuiet = await post({ ...where, parentId: quiet });
    await mod.decide(toQuiet, 'approved');
    const self = 'self@example.com';
    const { id: own, where: ownWhere } = await publishedParent(self);
    const toSelf = await post({ ...ownWhere, parentId: own, email: 'SELF@example.com' });
    await mod.decide(toSelf, 'approved');
    await sleep(600);
    expect(smtp.to('quiet@example.com')).toEqual([]);
    expect(replyMails(self)).toEqual([]);
    expect(await outboxRows(s, `comment_id = ANY($1::uuid[]) AND kind = 'mail'`, [[toQuiet, toSelf]])).toEqual([]);
  });

  it('tell at once of a reply published at once (post moderation)', async () => {
    const where = story();
    const parent = await post({ ...where, email: 'olga@example.com', notify: true }, postSite);
    const reply = await post({ ...where, parentId: parent, name: 'Ivo' }, postSite);
    await smtp.waitFor(() => replyMails('olga@example.com').length === 1);
    expect(replyMails('olga@example.com')[0]!.text).toContain(`#comment-${reply}`);
  });

  it("tell at once of a moderator's reply from the dashboard; one to a held comment also tells its author it is published", async () => {
    const reply = (id: string, body: string) =>
      s.api.post(`/api/moderation/comments/${id}/replies`).set('Origin', PUBLIC).set('Cookie', mod.cookie).send({ body }).expect(201);
    const olga = 'olga.from.the.desk@example.com';
    const { id: parent, where } = await publishedParent(olga);
    await reply(parent, 'Thanks, fixed.');
    await smtp.waitFor(() => replyMails(olga).length === 1);
    expect(replyMails(olga)[0]!.subject).toBe(`${mod.moderator.name} replied to your comment on “${where.threadTitle}”`);

    const held = 'held.author@example.com';
    const w = story();
    const id = await post({ ...w, email: held, name: 'Hal', notify: true });
    await reply(id, 'Approved, and answered.');
    await smtp.waitFor(() => smtp.to(held).length === 2);
    expect(smtp.to(held).map((m) => m.subject).sort()).toEqual([`${mod.moderator.name} replied to your comment on “${w.threadTitle}”`, `Your comment on “${w.threadTitle}” is published`].sort());
  });

  it('tell an author who asked that their held comment is published', async () => {
    const where = story();
    const id = await post({ ...where, email: 'held@example.com', notify: true, body: 'Held at first.' });
    await sleep(400);
    expect(smtp.to('held@example.com')).toEqual([]);
    await mod.decide(id, 'approved');
    await smtp.waitFor(() => smtp.to('held@example.com').length === 1);
    const [mail] = smtp.to('held@example.com');
    expect(mail!.subject).toBe(`Your comment on “${where.threadTitle}” is published`);
    expect(mail!.text).toContain('Held at first.');
  });

  it('stop, for every comment of that address, after the one-click unsubscribe of RFC 8058', async () => {
    const una = 'una@example.com';
    const first = await publishedParent(una);
    const second = await publishedParent('UNA@example.com');
    const reply = await post({ ...first.where, parentId: first.id });
    await mod.decide(reply, 'approved');
    await smtp.waitFor(() => replyMails(una).length === 1);

    // What a mail program does with List-Unsubscribe + List-Unsubscribe-Post: a form-encoded POST, no cookie, no Origin.
    const link = unsubscribeLink(replyMails(una)[0]!);
    const res = await s.api.post(link.pathname + link.search).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(res.text).toContain('no more notifications');

    const later = await post({ ...second.where, parentId: second.id });
    await mod.decide(later, 'approved');
    const [row] = await eventually(async () => {
      const rows = await outboxRows(s, `comment_id = $1 AND topic = 'reply'`, [later]);
      return rows[0]?.state === 'skipped' && rows;
    });
    expect(row!.lastError).toBe('the address unsubscribed');
    await sleep(300);
    expect(replyMails(una)).toHaveLength(1);
  });

  it('refuse a notify that is not true or false, by name', async () => {
    const res = await s.api.post('/api/comments').send(aComment({ site, notify: 'yes' })).expect(400);
    expect(res.body.error.fields).toEqual({ notify: 'Notify must be true or false.' });
  });
});
