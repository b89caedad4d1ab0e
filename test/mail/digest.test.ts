// Moderators hear of new comments awaiting moderation in one message per
// site at most every window (5 minutes; 3 s here), listing each with a link
// that opens it in the dashboard. Real SMTP server, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite } from '../helpers/factories.js';
import { startSmtpServer, unsubscribeLink, type SmtpServer } from '../helpers/smtp.js';
import { FAST, PUBLIC, eventually, mailServer, moderatorOn, outboxRows, sleep, type Server } from './helpers.js';

const WINDOW_MS = 3_000;

let smtp: SmtpServer;
let s: Server;
let mod: Awaited<ReturnType<typeof moderatorOn>>;
const sites: Record<'a' | 'b' | 'c', { id: string; name: string }> = {} as never;
const people = { mira: 'mira@daily.example', nils: 'nils@daily.example', chief: 'chief@daily.example' };

beforeAll(async () => {
  smtp = await startSmtpServer();
  s = await mailServer(smtp.url, { tuning: { ...FAST, digest: { ...FAST.digest, windowMs: WINDOW_MS } } });
  for (const k of ['a', 'b', 'c'] as const) sites[k] = await buildSite(s.db, { allowedOrigins: ['https://news.example'], mode: 'pre', name: `Site ${k.toUpperCase()}` });
  // Mira moderates A and C, Nils B; the chief is an admin (every site), and decides below.
  await buildModerator(s.db, { email: people.mira, role: 'moderator', siteIds: [sites.a.id, sites.c.id] });
  await buildModerator(s.db, { email: people.nils, role: 'moderator', siteIds: [sites.b.id] });
  mod = await moderatorOn(s, people.chief);
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const post = async (site: string, fields: Record<string, unknown> = {}) =>
  (await s.api.post('/api/comments').send(aComment({ site, thread: 'the-story', threadTitle: 'The story', ...fields })).expect(201)).body.comment.id as string;
const digests = (to: string, site: { name: string }) => smtp.to(to).filter((m) => m.subject.endsWith(`awaiting moderation on ${site.name}`));

describe('the moderators’ digest', () => {
  it('lists a new pending comment for the site’s moderators in one message, and batches what follows within the window', async () => {
    const first = await post(sites.a.id, { name: 'Ada', body: 'A first <i>thought</i> about the story.' });
    await smtp.waitFor(() => digests(people.mira, sites.a).length === 1 && digests(people.chief, sites.a).length === 1);
    const [mail] = digests(people.mira, sites.a);
    expect(mail!.subject).toBe('1 new comment awaiting moderation on Site A');
    expect(mail!.text).toContain('Ada on "The story":');
    expect(mail!.text).toContain('A first <i>thought</i> about the story.');
    expect(mail!.text).toContain(`${PUBLIC}/admin#site=${sites.a.id}&comment=${first}`);
    expect(mail!.html).toContain('A first &lt;i&gt;thought&lt;/i&gt; about the story.');
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // Nils moderates another site.
    expect(smtp.to(people.nils)).toEqual([]);

    const second = await post(sites.a.id, { name: 'Bo' });
    const third = await post(sites.a.id, { name: 'Cy' });
    await sleep(1_500);
    expect(digests(people.mira, sites.a)).toHaveLength(1);

    await smtp.waitFor(() => digests(people.mira, sites.a).length === 2, WINDOW_MS + 5_000);
    const next = digests(people.mira, sites.a)[1]!;
    expect(next.subject).toBe('2 new comments awaiting moderation on Site A');
    expect(next.text).toContain(`comment=${second}`);
    expect(next.text).toContain(`comment=${third}`);
    expect(next.text).not.toContain(`comment=${first}`);
    await sleep(500);
    expect(digests(people.chief, sites.a)).toHaveLength(2);
    expect(smtp.to(people.nils)).toEqual([]);
  });

  it('leaves out comments no longer pending, and sends nothing when none is left', async () => {
    // Spam (the honeypot) never makes a digest.
    await post(sites.b.id, { honeypot: 'buy now' });
    const pending = await post(sites.b.id, { name: 'Dee' });
    await smtp.waitFor(() => digests(people.nils, sites.b).length === 1);
    expect(digests(people.nils, sites.b)[0]!.subject).toBe('1 new comment awaiting moderation on Site B');
    expect(digests(people.nils, sites.b)[0]!.text).toContain(`comment=${pending}`);

    // Posted within the window, decided before the next digest: nothing to tell.
    const decided = await post(sites.b.id);
    await sleep(500);
    await mod.decide(decided, 'approved');
    const rows = await eventually(async () => {
      const found = await outboxRows(s, `topic = 'digest' AND payload->'commentIds' ? $1`, [decided]);
      return found.length > 0 && found.every((r) => r.state === 'skipped') && found;
    }, WINDOW_MS + 5_000);
    expect(rows.map((r) => r.lastError)).toEqual(rows.map(() => 'nothing awaits moderation any more'));
    expect(digests(people.nils, sites.b)).toHaveLength(1);
  });

  it('stops for a moderator who unsubscribed, not for the others', async () => {
    await post(sites.c.id);
    await smtp.waitFor(() => digests(people.mira, sites.c).length === 1 && digests(people.chief, sites.c).length === 1);
    const link = unsubscribeLink(digests(people.mira, sites.c)[0]!);
    await s.api.post(link.pathname + link.search).type('form').send('List-Unsubscribe=One-Click').expect(200);

    await post(sites.c.id);
    await smtp.waitFor(() => digests(people.chief, sites.c).length === 2, WINDOW_MS + 5_000);
    await sleep(300);
    expect(digests(people.mira, sites.c)).toHaveLength(1);
  });
});
