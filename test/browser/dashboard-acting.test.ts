/// <reference lib="dom" />
// Deciding with context, and taking a decision back (issue 17): a card says
// what a reply answers, the author's record on the site, whether it was
// edited, and links to the comment on the article; Undo (the button, or u)
// restores the previous status for 6 seconds, for the API and for readers,
// and says plainly when someone else changed the comment meanwhile.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite, setStatus } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { embed, hasBrowser, hostPage, launch } from './browser.js';
import { signedIn } from './dashboard-page.js';

describe.runIf(hasBrowser)('acting on the dashboard', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let site: string;
  let admin: string;
  let host: Awaited<ReturnType<typeof hostPage>>;

  beforeAll(async () => {
    s = await startTestServer();
    host = await hostPage(() => embed(s.origin, site, 'budget'));
    site = (await buildSite(s.db, { name: 'Acting Herald', allowedOrigins: [host.origin] })).id;
    admin = (await buildModerator(s.db, { role: 'admin', name: 'Ines' })).email;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await s?.close();
  });

  const post = async (extra: Record<string, unknown> = {}) =>
    (await s.api.post('/api/comments').send(aComment({ site, thread: 'budget', threadTitle: 'The budget', threadUrl: `${s.origin}/news/budget`, ...extra })).expect(201)).body.comment
      .id as string;
  const statusOf = async (id: string) => (await s.db.comment.findUniqueOrThrow({ where: { id } })).status;
  /** What readers get: the ids of the thread's published comments. */
  const readersSee = async () => ((await s.api.get(`/api/comments?site=${site}&thread=budget`).expect(200)).body.comments as Array<{ id: string }>).map((c) => c.id);
  const clearQueue = () => s.db.comment.updateMany({ where: { status: 'pending' }, data: { status: 'rejected' } });
  const card = (page: Page, id: string) => page.locator(`article[data-comment-id="${id}"]`);
  const say = (page: Page) => page.getByRole('status').textContent();

  it('shows a card’s context: what a reply answers, the author’s record on the site, edited, and a link to the comment on the article', async () => {
    await clearQueue();
    const parent = await post({ name: 'Paula Parent', body: 'The library cuts are the real story in this budget, and nobody talks about them.' });
    await setStatus(s.db, parent, 'approved');
    const email = 'returning@example.com';
    const earlier = await post({ email, name: 'Rita Returning' });
    await setStatus(s.db, earlier, 'approved');
    const spam = await post({ email, name: 'Rita Returning' });
    await setStatus(s.db, spam, 'spam');
    const reply = await post({ email, name: 'Rita Returning', parentId: parent });
    await s.db.comment.update({ where: { id: reply }, data: { editedAt: new Date() } });
    const page = await signedIn(browser, s.origin, admin);
    const c = card(page, reply);
    await c.waitFor();
    expect(await c.locator('.reply-to').textContent()).toMatch(/^in reply to Paula Parent: The library cuts are the real story/);
    expect(await c.locator('.record').textContent()).toBe('On this site: 1 approved · 1 spam · 0 rejected');
    expect(await c.getByText('edited', { exact: true }).isVisible()).toBe(true);
    expect(await c.getByRole('link', { name: 'on the article' }).getAttribute('href')).toBe(`${s.origin}/news/budget#comment-${reply}`);
    expect(await c.locator('.reasons').textContent()).toContain('every comment waits on this site');
    await page.context().close();
  });

  it('undoes an approval with the Undo button: back to pending in the API, gone for readers, the card back where it was', async () => {
    await clearQueue();
    const [older, id, newer] = [await post(), await post(), await post()];
    void older;
    void newer;
    const page = await signedIn(browser, s.origin, admin);
    await card(page, id).getByRole('button', { name: 'Approve' }).click();
    await card(page, id).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).waitFor(); // the server has answered
    expect(await statusOf(id)).toBe('approved');
    expect(await readersSee()).toContain(id);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => say(page)).toBe('Undone: back in Pending.');
    expect(await statusOf(id)).toBe('pending');
    expect(await readersSee()).not.toContain(id);
    // Back in its place (newest first: between the newer and the older one), selected, and counted.
    expect(await page.locator('article[data-comment-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-comment-id')))).toEqual([newer, id, older]);
    expect(await card(page, id).getAttribute('aria-current')).toBe('true');
    expect(await page.getByRole('tab', { name: /^Pending/ }).textContent()).toBe('Pending 3');
    expect(await page.getByRole('button', { name: 'Undo' }).isVisible()).toBe(false);
    // The history has both changes, each by this moderator.
    const audit = await s.db.auditEntry.findMany({ where: { commentId: id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.fromStatus, a.toStatus])).toEqual([
      ['pending', 'approved'],
      ['approved', 'pending'],
    ]);
    await page.context().close();
  });

  it('undoes from the keyboard (u), and a bulk change too; after 6 seconds there is nothing to undo', async () => {
    await clearQueue();
    const a = await post();
    const page = await signedIn(browser, s.origin, admin);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-comment-id'))).toBe(a);
    await page.keyboard.press('s');
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    expect(await statusOf(a)).toBe('spam');
    await page.keyboard.press('u');
    await expect.poll(() => statusOf(a)).toBe('pending');
    await card(page, a).waitFor();

    const b = await post();
    await card(page, b).waitFor();
    await page.getByLabel('Select all on this page').check();
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await expect.poll(() => say(page)).toBe('Rejected: 2 of 2 comments.');
    await page.keyboard.press('u');
    await expect.poll(() => Promise.all([statusOf(a), statusOf(b)])).toEqual(['pending', 'pending']);
    await expect.poll(() => page.locator('article[data-comment-id]').count()).toBe(2);

    await page.keyboard.press('r');
    await expect.poll(() => say(page)).toBe('Rejected.');
    await page.waitForTimeout(6_300);
    expect(await page.getByRole('button', { name: 'Undo' }).isVisible()).toBe(false);
    await page.keyboard.press('u');
    await page.waitForTimeout(300);
    expect((await Promise.all([statusOf(a), statusOf(b)])).sort()).toEqual(['pending', 'rejected']);
    await page.context().close();
  });

  it('deletes only after asking in a dialog (never the browser’s confirm): Escape and Cancel keep the comment, focus comes back', async () => {
    await clearQueue();
    const id = await post({ name: 'Della Delete' });
    const page = await signedIn(browser, s.origin, admin);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const c = card(page, id);
    const ask = page.getByRole('dialog', { name: 'Delete this comment?' });
    await c.getByRole('button', { name: 'Delete' }).click();
    await ask.waitFor();
    expect(await ask.textContent()).toContain('The comment by Della Delete is deleted for good');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
    await c.getByRole('button', { name: 'Delete' }).click();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await s.db.comment.count({ where: { id } })).toBe(1);
    await c.getByRole('button', { name: 'Delete' }).click();
    await ask.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => say(page)).toBe('Deleted.');
    expect(await s.db.comment.count({ where: { id } })).toBe(0);
    expect(await c.count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('says plainly when an undo comes too late: someone else changed the comment meanwhile', async () => {
    await clearQueue();
    const id = await post();
    const page = await signedIn(browser, s.origin, admin);
    await card(page, id).getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    await setStatus(s.db, id, 'spam'); // another moderator, behind this page's back
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => say(page)).toBe('Not undone: someone else changed this comment meanwhile; it is now spam.');
    expect(await statusOf(id)).toBe('spam');
    expect(await card(page, id).count()).toBe(0);
    await page.context().close();
  });

  /** The widget on the host page, open on the thread. */
  async function reader() {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.origin}/`);
    await page.locator('#parley-comments').getByRole('heading', { level: 2 }).waitFor();
    return page;
  }
  const inWidget = (page: Page, text: string) => page.locator('#parley-comments').getByText(text);
  /** Waits until the widget shows `text`, live: a new comment waits behind the widget's "N new comments" button, which a reader presses. */
  async function showsLive(page: Page, text: string) {
    const more = page.locator('#parley-comments').getByRole('button', { name: /new comments?$/ });
    await expect
      .poll(
        async () => {
          if (await inWidget(page, text).isVisible()) return true;
          if (await more.isVisible()) await more.click();
          return false;
        },
        { timeout: 5_000 },
      )
      .toBe(true);
  }
  const approvedComment = async (extra: Record<string, unknown> = {}) => {
    const id = await post(extra);
    await setStatus(s.db, id, 'approved');
    return id;
  };

  it('publishes a moderator’s reply from the card: at once, with the Moderator badge, live in the widget', async () => {
    const parent = await approvedComment({ name: 'Quentin Question', body: 'When does the new library open?' });
    const widget = await reader();
    await inWidget(widget, 'When does the new library open?').waitFor();
    const page = await signedIn(browser, s.origin, admin);
    await page.getByRole('tab', { name: /^Approved/ }).click();
    const c = card(page, parent);
    await c.getByRole('button', { name: 'Reply' }).click();
    await c.getByLabel(/^Reply to Quentin Question/).fill('It opens on 3 March, with longer hours.');
    await c.getByRole('button', { name: 'Publish reply' }).click();
    await expect.poll(() => say(page)).toBe('Reply published.');
    expect(await c.getByText('Your reply is published').isVisible()).toBe(true);
    const published = ((await s.api.get(`/api/comments?site=${site}&thread=budget`).expect(200)).body.comments as Array<{ parentId: string | null; authorName: string; badge: string | null; bodyHtml: string }>).find(
      (x) => x.parentId === parent,
    );
    expect(published).toMatchObject({ authorName: 'Ines', badge: 'moderator' });
    expect(published!.bodyHtml).toContain('It opens on 3 March');
    await showsLive(widget, 'It opens on 3 March, with longer hours.');
    // The widget marks it as a moderator's.
    const article = widget.locator('#parley-comments article', { hasText: 'It opens on 3 March' }).last();
    expect(await article.getByText('Moderator', { exact: true }).isVisible()).toBe(true);
    await widget.context().close();
    await page.context().close();
  });

  it('edits a comment’s text: the card shows it and "edited", readers see it live, and its history says who did it', async () => {
    const id = await approvedComment({ name: 'Tyra Typo', body: 'The hearing is on Tusday.' });
    const widget = await reader();
    await inWidget(widget, 'The hearing is on Tusday.').waitFor();
    // Another moderator has the same card open.
    const other = await signedIn(browser, s.origin, admin);
    await other.getByRole('tab', { name: /^Approved/ }).click();
    await card(other, id).waitFor();
    const page = await signedIn(browser, s.origin, admin);
    await page.getByRole('tab', { name: /^Approved/ }).click();
    const c = card(page, id);
    await c.getByRole('button', { name: 'Edit' }).click();
    const text = c.getByLabel('Text of the comment by Tyra Typo');
    expect(await text.inputValue()).toBe('The hearing is on Tusday.');
    await text.fill('The hearing is on Tuesday.');
    await c.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => say(page)).toBe('Saved: readers see the new text.');
    expect(await c.locator('.body').textContent()).toBe('The hearing is on Tuesday.');
    expect(await c.getByText('edited', { exact: true }).isVisible()).toBe(true);
    await showsLive(widget, 'The hearing is on Tuesday.');
    await expect.poll(() => card(other, id).locator('.body').textContent()).toBe('The hearing is on Tuesday.');
    expect(await card(other, id).getByText('edited', { exact: true }).isVisible()).toBe(true);
    // An Edit opened there now starts from the words on screen, not the ones the card was drawn with.
    await card(other, id).getByRole('button', { name: 'Edit' }).click();
    expect(await card(other, id).getByLabel('Text of the comment by Tyra Typo').inputValue()).toBe('The hearing is on Tuesday.');
    await other.context().close();
    await c.getByRole('button', { name: 'History' }).click();
    await expect.poll(() => c.getByRole('region', { name: /^History/ }).textContent()).toMatch(/Edited by Ines/);
    await widget.context().close();
    await page.context().close();
  });

  it('follows an author’s edit that a rule now holds (the card leaves Approved saying why, and arrives in Pending) and their delete, live', async () => {
    const posted = (await s.api.post('/api/comments').set('Origin', host.origin).send(aComment({ site, thread: 'budget', name: 'Eddie Editor', body: 'Fair point.' })).expect(201)).body;
    const id = posted.comment.id as string;
    await setStatus(s.db, id, 'approved');
    const onApproved = await signedIn(browser, s.origin, admin);
    await onApproved.getByRole('tab', { name: /^Approved/ }).click();
    await card(onApproved, id).waitFor();
    const onPending = await signedIn(browser, s.origin, admin);
    const pendingTab = onPending.getByRole('tab', { name: /^Pending/ });
    const waiting = async () => Number((await pendingTab.textContent())!.replace(/\D/g, ''));
    await expect.poll(waiting).toBe(await s.db.comment.count({ where: { status: 'pending' } }));
    const before = await waiting();
    await s.api
      .patch(`/api/comments/${id}`)
      .set('Origin', host.origin)
      .set('X-Parley-Author', posted.authorToken)
      .send({ body: 'Cheaper at https://a.example, https://b.example and https://c.example' })
      .expect(200);
    await card(onApproved, id).waitFor({ state: 'detached' });
    await expect.poll(() => say(onApproved)).toBe('Edited by its author: now Pending.');
    await card(onPending, id).waitFor();
    expect(await card(onPending, id).locator('.reasons').textContent()).toContain('too many links');
    expect(await card(onPending, id).locator('.body').textContent()).toMatch(/^Cheaper at/);
    expect(await waiting()).toBe(before + 1);
    // Its author takes it back within their 10 minutes: said as theirs, not as a data erasure.
    await s.api.delete(`/api/comments/${id}`).set('Origin', host.origin).set('X-Parley-Author', posted.authorToken).expect(204);
    await card(onPending, id).waitFor({ state: 'detached' });
    await expect.poll(() => say(onPending)).toBe('Deleted by its author');
    expect(await waiting()).toBe(before);
    await onApproved.context().close();
    await onPending.context().close();
  });

  it('is worked from the keyboard alone: approve, undo, ban through the dialog, and reply', async () => {
    await clearQueue();
    const id = await post({ name: 'Keyboard Kim', body: 'Typed by a reader' });
    const page = await signedIn(browser, s.origin, admin);
    const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent, label: document.activeElement?.getAttribute('aria-label'), tag: document.activeElement?.localName, inDialog: !!document.activeElement?.closest('dialog') }));
    const tabTo = async (text: string, back = false) => {
      for (let i = 0; i < 40 && (await focused()).text !== text; i++) await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      expect((await focused()).text).toBe(text);
    };
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-comment-id'))).toBe(id);
    await page.keyboard.press('a');
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    expect(await statusOf(id)).toBe('approved');
    await page.keyboard.press('u');
    await expect.poll(() => statusOf(id)).toBe('pending');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-comment-id'))).toBe(id);

    // Ban: Tab to Ban author…, Enter; the dialog has focus; Tab to Ban, Enter; focus comes back to the card.
    await tabTo('Ban author…');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Ban Keyboard Kim' }).waitFor();
    expect((await focused()).inDialog).toBe(true);
    await tabTo('Ban');
    await page.keyboard.press('Enter');
    await expect.poll(() => say(page)).toBe('Banned.');
    expect(await s.db.ban.count({ where: { commentId: id } })).toBe(1);
    expect(await focused()).toMatchObject({ text: 'Ban author…', inDialog: false });

    // Reply: Tab to the card's Reply, Enter, type, Tab to Publish reply, Enter (a reply approves a pending comment).
    await tabTo('Reply', true);
    await page.keyboard.press('Enter');
    expect((await focused()).tag).toBe('textarea');
    await page.keyboard.type('Thanks, Kim: noted.');
    await tabTo('Publish reply');
    await page.keyboard.press('Enter');
    await expect.poll(() => say(page)).toBe('Reply published, and the comment approved.');
    expect(await statusOf(id)).toBe('approved');
    await expect.poll(() => s.db.comment.count({ where: { parentId: id, badge: 'moderator' } })).toBe(1);

    await page.context().close();
  });
});
