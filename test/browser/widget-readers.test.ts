/// <reference lib="dom" />
// The readers' widget of issue 16 in a real browser: every state on a phone's
// screen and to axe, light and dark; the author's own comment through
// moderation; the depth limit; languages; failures that say what is wrong.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComment, buildModerator, buildSite, setStatus, TEST_PASSWORD } from '../helpers/factories.js';
import { sessionCookie } from '../helpers/moderation.js';
import { startTestServer } from '../helpers/server.js';
import { hasBrowser, hostPage, launch } from './browser.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** A host page as a site writes one; `dark`: a dark page (the widget inherits its background). */
interface Embed {
  site: string;
  thread: string;
  dark?: boolean;
  htmlLang?: string;
  /** Attributes of the mount element. */
  attrs?: string;
  /** Attributes of the script tag. */
  scriptAttrs?: string;
}

describe.runIf(hasBrowser)('the readers’ widget', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof hostPage>>;
  let stranger: Awaited<ReturnType<typeof hostPage>>;
  let site: string;
  let preSite: string;
  let cookie: string;
  let embed: Embed = { site: '', thread: '' };

  const html = () => `<!doctype html>
<html lang="${embed.htmlLang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>An article</title>
<style>body{margin:0;padding:16px;font:18px/1.6 Georgia,serif;${embed.dark ? 'background:#121316;color:#e6e6e6' : 'background:#fff;color:#222'}}</style></head>
<body><main><h1>An article</h1><p>Words worth discussing.</p>
<div id="parley-comments" data-thread="${embed.thread}" ${embed.attrs ?? ''}></div>
<script src="${s.origin}/widget.js" data-site="${embed.site}" ${embed.scriptAttrs ?? ''} async></script></main></body></html>`;

  beforeAll(async () => {
    s = await startTestServer();
    host = await hostPage(html);
    stranger = await hostPage(html);
    site = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Readers' })).id;
    preSite = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Moderated' })).id;
    const m = await buildModerator(s.db);
    const login = await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200);
    cookie = sessionCookie(login);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await stranger?.close();
    await s?.close();
  });

  const widget = (page: Page) => page.locator('#parley-comments');
  const heading = (page: Page) => widget(page).getByRole('heading', { level: 2 });
  const field = (page: Page, name: string) => widget(page).getByRole('textbox', { name, exact: true });
  const live = (page: Page) => page.waitForFunction(() => document.querySelector('#parley-comments')?.shadowRoot?.querySelector('section[data-live="on"]'));

  /** A new reader (a context of their own) opens the page of `e`, at a phone's width unless told. */
  async function open(e: Partial<Embed> & { thread: string }, opts: { width?: number; from?: string; hash?: string; before?: (p: Page) => Promise<unknown> } = {}) {
    embed = { site, ...e };
    const context = await browser.newContext({ viewport: { width: opts.width ?? 360, height: 800 } });
    const page = await context.newPage();
    await opts.before?.(page);
    await page.goto(`${opts.from ?? host.origin}/${opts.hash ?? ''}`);
    await heading(page).waitFor();
    return page;
  }
  const close = (page: Page) => page.context().close();

  const approved = async (thread: string, overrides: Record<string, unknown> = {}, on = site) => {
    const id = (await s.api.post('/api/comments').send(aComment({ site: on, thread, ...overrides })).expect(201)).body.comment.id as string;
    await setStatus(s.db, id, 'approved');
    return id;
  };
  const approve = (id: string) => s.api.post(`/api/moderation/comments/${id}/status`).set('Origin', s.origin).set('Cookie', cookie).send({ status: 'approved' }).expect(200);
  async function fillForm(page: Page, body: string) {
    await field(page, 'Comment').fill(body);
    await field(page, 'Name').fill('Ada');
    await field(page, 'Email').fill('ada@example.com');
  }

  /** Everything on the page, the shadow root's elements too, within the viewport's width; no horizontal scroll. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const found: string[] = [];
      const width = innerWidth;
      if (document.scrollingElement!.scrollWidth > width) found.push(`the page scrolls sideways: ${document.scrollingElement!.scrollWidth} > ${width}`);
      const root = document.querySelector('#parley-comments')!.shadowRoot!;
      for (const el of [...document.body.querySelectorAll('*'), ...root.querySelectorAll('*')]) {
        // The honeypot stands off-screen on purpose, out of everyone's reach.
        if (el.closest('.hp')) continue;
        const r = el.getBoundingClientRect();
        if (!r.width && !r.height) continue;
        if (r.left < -0.5 || r.right > width + 0.5) found.push(`<${el.localName} class="${el.getAttribute('class') ?? ''}"> spans ${Math.round(r.left)}–${Math.round(r.right)}`);
      }
      return found;
    });
  async function axe(page: Page) {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run(
        { include: [['#parley-comments']] },
        { resultTypes: ['violations'] },
      );
      return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    });
  }

  it('draws every state within a 360 px screen, and axe finds nothing in it, light or dark', { timeout: 300_000 }, async () => {
    // A long thread: replies, a moderator's badge, likes, an edit, a website, a long word.
    const top = await approved('states-long', { name: 'Ada Lovelace', website: 'https://ada.example', body: 'A first thought, with a link https://example.com/a/very/long/path/that/goes/on/and/on/without/a/break' });
    const reply = await approved('states-long', { parentId: top, name: 'Someone With A Rather Long Name Indeed' });
    await approved('states-long', { parentId: reply, body: 'The deepest reply there may be.' });
    const staff = await approved('states-long', { name: 'The Editors' });
    const quick = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Published at once', mode: 'post' })).id;
    await s.database.pool.query(`UPDATE comments SET badge = 'moderator', like_count = 12, edited_at = now() WHERE id = $1`, [staff]);
    await approved('states-closed');
    // As thread:close closes one; the version makes the page's ETag change with it.
    await s.db.thread.updateMany({ where: { key: 'states-closed' }, data: { closed: true, version: { increment: 1 } } });

    type State = [string, Partial<Embed> & { thread: string }, Parameters<typeof open>[1] & { act?: (p: Page) => Promise<unknown> }];
    const states = (theme: string): State[] => [
      ['empty', { thread: 'states-empty' }, {}],
      ['long', { thread: 'states-long' }, { act: (p) => widget(p).getByText('The deepest reply there may be.').waitFor() }],
      ['closed', { thread: 'states-closed' }, { act: (p) => widget(p).getByText('Comments are closed.').waitFor() }],
      ['network error', { thread: 'states-long' }, { before: (p) => p.route('**/api/comments?**', (r) => r.abort()), act: (p) => widget(p).getByRole('button', { name: 'Try again' }).waitFor() }],
      ['origin error', { thread: 'states-long' }, { from: stranger.origin, act: (p) => widget(p).getByText(/is not allowed for site/).waitFor() }],
      [
        'pending',
        // A thread for each theme: the same words twice in one thread would be a duplicate.
        { thread: `states-pending-${theme}`, site: preSite },
        {
          act: async (p) => {
            await fillForm(p, 'My words, waiting for a moderator, with a long unbroken word: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen');
            await widget(p).getByRole('button', { name: 'Post Comment' }).click();
            await widget(p).locator('article').getByText('Your comment is awaiting moderation.').waitFor();
          },
        },
      ],
      [
        'replying',
        { thread: 'states-long' },
        {
          act: async (p) => {
            await widget(p).getByRole('button', { name: 'Reply to Someone With A Rather Long Name Indeed' }).click();
            await widget(p).getByRole('heading', { name: 'Reply to Someone With A Rather Long Name Indeed' }).waitFor();
          },
        },
      ],
      ['permalink', { thread: 'states-long' }, { hash: `#comment-${reply}`, act: (p) => widget(p).locator('.hl').waitFor() }],
      [
        'preview',
        { thread: 'states-empty' },
        {
          act: async (p) => {
            await field(p, 'Comment').fill('**Bold** and `code`:\n\n> quoted\n\n- a list item with a long unbroken https://example.com/a/very/long/path/that/goes/on/and/on');
            await widget(p).getByRole('button', { name: 'Preview' }).click();
            await widget(p).locator('#pw-pv strong').waitFor();
          },
        },
      ],
      [
        'editing',
        { thread: `states-edit-${theme}`, site: quick },
        {
          act: async (p) => {
            await fillForm(p, 'Words to change in a moment');
            await p.waitForTimeout(3_100); // a person's pace: the form token is older than 3 s
            await widget(p).getByRole('button', { name: 'Post Comment' }).click();
            await widget(p).getByRole('button', { name: 'Edit: Comment by Ada' }).click();
            await widget(p).locator('form.inline textarea').waitFor();
          },
        },
      ],
    ];
    const problems: string[] = [];
    for (const dark of [false, true])
      for (const [name, e, opts] of states(dark ? 'dark' : 'light')) {
        const page = await open({ ...e, dark }, opts);
        await opts.act?.(page);
        problems.push(...(await overflow(page)).map((p) => `${name}, ${dark ? 'dark' : 'light'}: ${p}`));
        problems.push(...(await axe(page)).map((p) => `${name}, ${dark ? 'dark' : 'light'}: axe ${p}`));
        await close(page);
      }
    expect(problems).toEqual([]);
  });

  it('follows the page: dark ink on a light page, light ink on a dark one, and paints no panel of its own', async () => {
    for (const dark of [false, true]) {
      const page = await open({ thread: 'theme', dark });
      const look = await page.evaluate(() => {
        const section = document.querySelector('#parley-comments')!.shadowRoot!.querySelector('section')!;
        return { background: getComputedStyle(section).backgroundColor, dark: section.classList.contains('dark') };
      });
      expect(look).toEqual({ background: 'rgba(0, 0, 0, 0)', dark });
      await close(page);
    }
  });

  it('shows a real empty state, then counts the author’s pending comment with the others, and gives it Reply once approved live', async () => {
    const empty = await open({ thread: 'own', site: preSite });
    expect(await widget(empty).getByText('No comments yet. Start the conversation.').isVisible()).toBe(true);
    await close(empty);
    await approved('own', { name: 'Grace' }, preSite);
    const page = await open({ thread: 'own', site: preSite });
    await expect.poll(() => heading(page).textContent()).toBe('1 comment');
    await fillForm(page, 'Words of mine, waiting');
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('1 comment · 1 awaiting moderation');
    const mine = widget(page).getByRole('article', { name: 'Comment by Ada' });
    expect(await mine.getByRole('button', { name: 'Reply to Ada' }).count()).toBe(0);
    // Still so after a reload: the author token brings the pending comment back.
    await page.reload();
    await expect.poll(() => heading(page).textContent()).toBe('1 comment · 1 awaiting moderation');
    await live(page);
    const [row] = await s.db.comment.findMany({ where: { body: 'Words of mine, waiting' } });
    await approve(row!.id);
    await expect.poll(() => heading(page).textContent(), { timeout: 5_000 }).toBe('2 comments');
    await mine.getByRole('button', { name: 'Reply to Ada' }).click();
    expect(await widget(page).getByRole('heading', { name: 'Reply to Ada' }).isVisible()).toBe(true);
    await close(page);
  });

  it('offers Reply only above the thread’s depth limit, and a reply lands under its parent', async () => {
    const shallow = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Shallow', mode: 'post' })).id;
    await s.db.site.update({ where: { id: shallow }, data: { depthLimit: 2 } });
    const top = await approved('depth', { name: 'Top' }, shallow);
    await approved('depth', { name: 'Second', parentId: top }, shallow);
    const page = await open({ thread: 'depth', site: shallow });
    await widget(page).getByRole('article', { name: 'Comment by Second' }).waitFor();
    expect(await widget(page).getByRole('button', { name: 'Reply to Second' }).count()).toBe(0);
    await widget(page).getByRole('button', { name: 'Reply to Top' }).click();
    await fillForm(page, 'A reply at the deepest level');
    await page.waitForTimeout(3_100); // a person's pace: the form token is older than 3 s
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    const reply = widget(page).locator(`li[data-id="${top}"] > .replies > li`).getByRole('article', { name: 'Comment by Ada' });
    await expect.poll(() => reply.isVisible()).toBe(true);
    expect(await reply.getByRole('button', { name: 'Reply to Ada' }).count()).toBe(0);
    await close(page);
  });

  it('speaks German with data-lang="de": labels, counts, dates and errors', async () => {
    const id = await approved('sprache', { name: 'Grete' });
    await s.database.pool.query(`UPDATE comments SET created_at = now() - interval '3 hours' WHERE id = $1`, [id]);
    await approved('sprache', { name: 'Hans' });
    const page = await open({ thread: 'sprache', attrs: 'data-lang="de"' });
    await expect.poll(() => heading(page).textContent()).toBe('2 Kommentare');
    expect(await field(page, 'Kommentar').isVisible()).toBe(true);
    expect(await widget(page).getByRole('article', { name: 'Kommentar von Grete' }).locator('time').textContent()).toBe('vor 3 Stunden');
    expect(await widget(page).getByRole('button', { name: 'Antwort an Hans' }).isVisible()).toBe(true);
    await widget(page).getByRole('button', { name: 'Kommentar abschicken' }).click();
    await expect.poll(() => widget(page).getByText('Bitte geben Sie Ihren Namen an.').isVisible()).toBe(true);
    await close(page);
  });

  it('lets a site reword any string with data-strings, picks <html lang>, and falls back to English for a language it lacks', async () => {
    await approved('words');
    const overridden = await open({ thread: 'words', scriptAttrs: `data-strings='{"submit":"Send it","count":{"one":"{n} reply so far","other":"{n} replies so far"}}'` });
    await expect.poll(() => heading(overridden).textContent()).toBe('1 reply so far');
    expect(await widget(overridden).getByRole('button', { name: 'Send it' }).isVisible()).toBe(true);
    await close(overridden);

    const french = await open({ thread: 'words', htmlLang: 'fr-CA' });
    await expect.poll(() => heading(french).textContent()).toBe('1 commentaire');
    await close(french);

    const unknown = await open({ thread: 'words', attrs: 'data-lang="xx"', htmlLang: 'de' });
    await expect.poll(() => heading(unknown).textContent()).toBe('1 comment');
    expect(await widget(unknown).getByRole('button', { name: 'Post Comment' }).isVisible()).toBe(true);
    await close(unknown);
  });

  it('says a real network failure is one, and loads the thread on Try again', async () => {
    await approved('flaky', { body: 'Here after all' });
    let down = true;
    const page = await open({ thread: 'flaky' }, { before: (p) => p.route('**/api/comments?**', (r) => (down ? r.abort() : r.continue())) });
    await expect.poll(() => widget(page).getByRole('alert').textContent()).toContain('Could not reach the comment server.');
    down = false;
    await widget(page).getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => widget(page).getByText('Here after all').isVisible()).toBe(true);
    expect(await widget(page).getByRole('alert').isVisible()).toBe(false);
    await close(page);
  });

  it('shows the server’s own words when the site’s owner must act: a data-site that names no site', async () => {
    const page = await open({ thread: 'nowhere', site: 'no-such-site' });
    const alert = widget(page).getByRole('alert');
    await expect.poll(() => alert.textContent()).not.toBe('');
    const answer = await (await fetch(`${s.origin}/api/comments?site=no-such-site&thread=nowhere`, { headers: { Origin: host.origin } })).json();
    expect(await alert.textContent()).toBe(answer.error.message);
    expect(await widget(page).getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await widget(page).locator('form').count()).toBe(0);
    await close(page);
  });

  it('shows the server’s own words when the site’s owner must act: a page on an origin the site does not allow', async () => {
    await approved('elsewhere');
    const page = await open({ thread: 'elsewhere' }, { from: stranger.origin });
    const alert = widget(page).getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain(stranger.origin);
    const answer = await (await fetch(`${s.origin}/api/comments?site=${site}&thread=elsewhere`, { headers: { Origin: stranger.origin } })).json();
    expect(answer.error.code).toBe('origin_not_allowed');
    expect(await alert.textContent()).toBe(answer.error.message);
    expect(await widget(page).getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await close(page);
  });

  it('can be used with the keyboard alone: post, reply, and open a comment by its link', async () => {
    const shared = await approved('keys', { name: 'Linus' });
    const posting = await open({ thread: 'keys-post', site: preSite });
    const focused = () => posting.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.id ?? '');
    await posting.keyboard.press('Tab');
    while ((await focused()) !== 'pw-body') await posting.keyboard.press('Tab');
    await posting.keyboard.type('Typed, never clicked');
    await posting.keyboard.press('Tab'); // the Preview toggle
    await posting.keyboard.press('Tab');
    await posting.keyboard.type('Ada');
    await posting.keyboard.press('Tab');
    await posting.keyboard.type('ada@example.com');
    await posting.keyboard.press('Enter');
    await expect.poll(() => widget(posting).locator('article').getByText('Typed, never clicked').isVisible()).toBe(true);
    await close(posting);

    // Reply: from the comment's Reply button to the form under it.
    const replying = await open({ thread: 'keys' });
    await widget(replying).getByRole('button', { name: 'Reply to Linus' }).focus();
    await replying.keyboard.press('Enter');
    expect(await replying.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.id)).toBe('pw-body');
    expect(await widget(replying).locator(`li[data-id="${shared}"] form`).count()).toBe(1);
    // Its time is its link: Enter on it opens the comment, highlighted and focused.
    await widget(replying).locator(`#comment-${shared} a.t`).focus();
    await replying.keyboard.press('Enter');
    await expect.poll(() => replying.evaluate(() => location.hash)).toBe(`#comment-${shared}`);
    await expect.poll(() => replying.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.id)).toBe(`comment-${shared}`);
    expect(await widget(replying).locator(`#comment-${shared}`).getAttribute('class')).toContain('hl');
    await close(replying);
  });
  it('likes at once, with the count and aria-pressed; another reader sees the new count live; a second press takes it back', async () => {
    const id = await approved('likes', { name: 'Liked' });
    const liker = await open({ thread: 'likes' });
    const other = await open({ thread: 'likes' });
    await live(other);
    const button = (p: Page) => widget(p).getByRole('article', { name: 'Comment by Liked' }).getByRole('button', { name: /^Like/ });
    expect(await button(liker).getAttribute('aria-pressed')).toBe('false');
    await button(liker).click();
    await expect.poll(() => button(liker).getAttribute('aria-label')).toBe('Like 1 like');
    expect(await button(liker).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => button(other).getAttribute('aria-label'), { timeout: 5_000 }).toBe('Like 1 like');
    expect(await button(other).getAttribute('aria-pressed')).toBe('false');
    // The like is the reader's (their author token, kept as a POST's): still pressed after a reload.
    await liker.reload();
    await expect.poll(() => button(liker).getAttribute('aria-pressed')).toBe('true');
    await button(liker).click();
    await expect.poll(() => button(other).getAttribute('aria-label'), { timeout: 5_000 }).toBe('Like 0 likes');
    expect((await s.db.comment.findUnique({ where: { id } }))!.likeCount).toBe(0);
    await close(liker);
    await close(other);
  });

  it('counts a new reader’s quick likes of two comments as one reader’s: taking the first back works', async () => {
    const first = await approved('quick-likes', { name: 'First', body: 'One' });
    const second = await approved('quick-likes', { name: 'Second', body: 'Two' });
    const reader = await open({ thread: 'quick-likes' });
    const button = (name: string) => widget(reader).getByRole('article', { name: `Comment by ${name}` }).getByRole('button', { name: /^Like/ });
    await button('Second').waitFor();
    // Both presses in one task, before the first answer: this browser has no author token yet.
    // (Two concurrent Playwright clicks would interleave their mouse events.)
    await reader.evaluate(() => {
      const root = document.querySelector('#parley-comments')!.shadowRoot!;
      for (const name of ['First', 'Second']) root.querySelector<HTMLButtonElement>(`article[aria-label="Comment by ${name}"] button[aria-label^="Like"]`)!.click();
    });
    const likers = async () =>
      (await s.database.pool.query<{ n: number; keys: number }>(`SELECT count(*)::int AS n, count(DISTINCT author_key_digest)::int AS keys FROM comment_likes WHERE comment_id IN ($1, $2)`, [first, second])).rows[0];
    await expect.poll(likers).toEqual({ n: 2, keys: 1 });
    await button('First').click();
    await expect.poll(async () => (await s.db.comment.findUniqueOrThrow({ where: { id: first } })).likeCount).toBe(0);
    expect((await s.db.comment.findUniqueOrThrow({ where: { id: second } })).likeCount).toBe(1);
    await close(reader);
  });

  it('sorts by Oldest, Newest or Best, fetching the thread in that order', async () => {
    const first = await approved('sorting', { name: 'First' });
    await approved('sorting', { name: 'Second' });
    const third = await approved('sorting', { name: 'Third' });
    await s.database.pool.query(`UPDATE comments SET like_count = 5 WHERE id = $1`, [third]);
    await s.database.pool.query(`UPDATE comments SET like_count = 2 WHERE id = $1`, [first]);
    const page = await open({ thread: 'sorting' });
    const names = () => widget(page).locator('.list > li > article .n').allTextContents();
    await expect.poll(names).toEqual(['First', 'Second', 'Third']);
    const sort = widget(page).getByRole('combobox', { name: 'Sort by' });
    await sort.selectOption('newest');
    await expect.poll(names).toEqual(['Third', 'Second', 'First']);
    await sort.selectOption('best');
    await expect.poll(names).toEqual(['Third', 'First', 'Second']);
    await close(page);
  });

  it('opens a permalink to a comment on page 3: loads its page, scrolls to it, highlights it, and offers the whole thread again', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 110; i++) ids.push(await approved('long-thread', { body: `Comment ${i + 1} of many` }));
    const wanted = ids[104]!;
    const page = await open({ thread: 'long-thread' }, { width: 1280, hash: `#comment-${wanted}` });
    const target = widget(page).locator(`#comment-${wanted}`);
    await expect.poll(() => target.getAttribute('class'), { timeout: 10_000 }).toContain('hl');
    expect(await target.getByText('Comment 105 of many').isVisible()).toBe(true);
    const inView = () => target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });
    expect(await inView()).toBe(true);
    expect(await widget(page).getByText('Comment 1 of many', { exact: true }).count()).toBe(0);
    await widget(page).getByRole('button', { name: 'Show all comments' }).click();
    await expect.poll(() => widget(page).getByText('Comment 1 of many', { exact: true }).isVisible()).toBe(true);
    await close(page);
  }, 60_000);

  it('shows what Markdown makes of a comment before posting, with an accessible toggle', async () => {
    const page = await open({ thread: 'preview' });
    expect(await widget(page).getByText('**bold**, _italic_, `code`, > quote, - list, links').isVisible()).toBe(true);
    await field(page, 'Comment').fill('Some **strong** words');
    const toggle = widget(page).getByRole('button', { name: 'Preview' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => widget(page).locator('#pw-pv strong').textContent()).toBe('strong');
    expect(await field(page, 'Comment').isVisible()).toBe(false);
    await toggle.click();
    expect(await field(page, 'Comment').isVisible()).toBe(true);
    await close(page);
  });

  it('with the keyboard alone: likes, edits and deletes one’s own comment, with an inline confirmation', async () => {
    const quick = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Quick', mode: 'post' })).id;
    const other = await approved('own-keys', { name: 'Neighbour' }, quick);
    const page = await open({ thread: 'own-keys', site: quick });
    const active = () => page.evaluate(() => document.querySelector('#parley-comments')!.shadowRoot!.activeElement?.textContent ?? '');
    // Like the neighbour's comment: Space on its Like button.
    const like = widget(page).locator(`#comment-${other}`).getByRole('button', { name: /^Like/ });
    await like.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');

    await fillForm(page, 'First draft of mine');
    await page.waitForTimeout(3_100); // a person's pace: the form token is older than 3 s
    await field(page, 'Email').press('Enter');
    const mine = widget(page).getByRole('article', { name: 'Comment by Ada' });
    await mine.getByText('First draft of mine').waitFor();
    await mine.getByRole('button', { name: 'Edit: Comment by Ada' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Second thoughts, better put');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('Save');
    await page.keyboard.press('Enter');
    await expect.poll(() => mine.locator('.b').textContent()).toBe('Second thoughts, better put');
    expect(await mine.getByText('edited').isVisible()).toBe(true);
    const [row] = await s.db.comment.findMany({ where: { body: 'Second thoughts, better put' } });
    expect(row).toBeTruthy();

    await mine.getByRole('button', { name: 'Delete: Comment by Ada' }).focus();
    await page.keyboard.press('Enter');
    // The safe answer has the focus; the question is the group's name.
    expect(await active()).toBe('Cancel');
    expect(await widget(page).getByRole('group', { name: 'Delete this comment? This cannot be undone.' }).isVisible()).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await active()).toBe('Delete');
    await page.keyboard.press('Enter');
    await expect.poll(() => mine.count()).toBe(0);
    const after = await s.api.get(`/api/comments?site=${quick}&thread=own-keys`).expect(200);
    expect(after.body.comments.map((c: { id: string }) => c.id)).toEqual([other]);
    await close(page);
  });

  it('offers Edit and Delete only on comments from this browser, and only for their 10 minutes', async () => {
    const quick = (await buildSite(s.db, { allowedOrigins: [host.origin], name: 'Window', mode: 'post' })).id;
    await approved('window', { name: 'Stranger' }, quick);
    const page = await open({ thread: 'window', site: quick });
    await fillForm(page, 'Mine for ten minutes');
    await page.waitForTimeout(3_100);
    await widget(page).getByRole('button', { name: 'Post Comment' }).click();
    const mine = widget(page).getByRole('article', { name: 'Comment by Ada' });
    await mine.getByRole('button', { name: 'Edit: Comment by Ada' }).waitFor();
    expect(await widget(page).getByRole('button', { name: /^(Edit|Delete): Comment by Stranger/ }).count()).toBe(0);
    // Eleven minutes on, as this browser remembers it: the buttons are gone.
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage).filter((k) => k.startsWith('parley:mine:'))) {
        const own = JSON.parse(localStorage.getItem(key)!) as Record<string, { at: number; body: string }>;
        for (const o of Object.values(own)) o.at -= 11 * 60 * 1000;
        localStorage.setItem(key, JSON.stringify(own));
      }
    });
    await page.reload();
    await mine.waitFor();
    expect(await mine.getByRole('button', { name: /^(Edit|Delete):/ }).count()).toBe(0);
    await close(page);
  });
});
