// What a WordPress post and its comments become in Parley: the mapping rules,
// without a database.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHtmlRenderer } from '../../src/comments/render-html.js';
import { noneSkipped, planPost, sourceOf, threadKeyOf, wpDate, type Tally } from '../../src/imports/wordpress.js';
import type { WxrComment, WxrPost } from '../../src/imports/wxr.js';

beforeAll(() => loadHtmlRenderer());

const aPost = (comments: Array<Partial<WxrComment>>, overrides: Partial<WxrPost> = {}): WxrPost => ({
  line: 1,
  id: '1',
  title: 'A post',
  link: 'https://blog.example/a-post/',
  type: 'post',
  date: '2024-01-01 10:00:00',
  dateGmt: '2024-01-01 09:00:00',
  commentStatus: 'open',
  comments: comments.map((c, i) => ({
    id: String(i + 1),
    parent: '0',
    author: 'Reader',
    email: 'reader@example.com',
    url: '',
    ip: '',
    date: '2024-01-02 10:00:00',
    dateGmt: '2024-01-02 09:00:00',
    content: `Comment ${i + 1}`,
    approved: '1',
    type: 'comment',
    ...c,
  })),
  ...overrides,
});

const plan = (post: WxrPost) => {
  const tally: Tally = { skipped: noneSkipped(), movedToTop: 0 };
  return { planned: planPost(post, tally), tally };
};

describe('the thread of a post', () => {
  it('is keyed by the path of its link, as the widget keys a page by its canonical URL', () => {
    expect(threadKeyOf('https://blog.example/2024/hello/')).toBe('/2024/hello/');
    expect(threadKeyOf('https://blog.example/2024/zoë-ångström/')).toBe(new URL('https://blog.example/2024/zoë-ångström/').pathname);
    expect(threadKeyOf(' http://blog.example/about ')).toBe('/about');
  });

  it('keeps the query of plain permalinks, where every page has the path "/"', () => {
    expect(threadKeyOf('https://blog.example/?p=123')).toBe('/?p=123');
    expect(threadKeyOf('https://blog.example/?page_id=7')).toBe('/?page_id=7');
  });

  it('has no key without an http(s) link, or with one longer than a key may be', () => {
    expect(threadKeyOf('')).toBeUndefined();
    expect(threadKeyOf('ftp://blog.example/a')).toBeUndefined();
    expect(threadKeyOf(`https://blog.example/${'a'.repeat(512)}`)).toBeUndefined();
  });

  it('takes its title and URL from the post, its start from the post date, closed where WordPress closed it', () => {
    const { planned } = plan(aPost([{}], { title: 'Tom &amp; Jerry&#8217;s  day', commentStatus: 'closed' }));
    expect(planned!.thread).toEqual({
      key: '/a-post/',
      title: 'Tom & Jerry’s day',
      url: 'https://blog.example/a-post/',
      closed: true,
      createdAt: new Date('2024-01-01T09:00:00Z'),
    });
  });
});

describe('the comments of a post', () => {
  it('map WordPress statuses, skip the rest, and count each reason', () => {
    const { planned, tally } = plan(
      aPost([
        { approved: '1' },
        { approved: '0' },
        { approved: 'spam' },
        { approved: 'trash' },
        { approved: 'post-trashed' },
        { type: 'pingback' },
        { type: 'trackback' },
        { type: 'note' },
        { dateGmt: '0000-00-00 00:00:00', date: '0000-00-00 00:00:00' },
        { content: '<script>only a script</script>' },
        { id: '' },
      ]),
    );
    expect(planned!.comments.map((c) => c.status)).toEqual(['approved', 'pending', 'spam', 'rejected']);
    expect(tally.skipped).toEqual({ ...noneSkipped(), status: 1, pingback: 1, trackback: 1, otherType: 1, noDate: 1, empty: 1, noId: 1 });
  });

  it('skip everything on attachments and other post types, and make no thread for them', () => {
    const { planned, tally } = plan(aPost([{}, {}], { type: 'attachment' }));
    expect(planned).toBeUndefined();
    expect(tally.skipped.postType).toBe(2);
  });

  it('date from the GMT field, else the local one (old exports have zeros in the GMT one)', () => {
    expect(wpDate('2024-02-29 23:59:59')).toEqual(new Date('2024-02-29T23:59:59Z'));
    expect(wpDate('0000-00-00 00:00:00')).toBeUndefined();
    const { planned } = plan(aPost([{ dateGmt: '0000-00-00 00:00:00', date: '2020-05-05 05:05:05' }]));
    expect(planned!.comments[0]!.createdAt).toEqual(new Date('2020-05-05T05:05:05Z'));
  });

  it('reply to the nearest ancestor that is imported: past a skipped comment to its parent, past a pingback to the top', () => {
    const { planned, tally } = plan(
      aPost([
        { id: '1' },
        { id: '2', parent: '1', approved: 'post-trashed' },
        { id: '3', parent: '2' },
        { id: '4', type: 'pingback' },
        { id: '5', parent: '4' },
        { id: '6', parent: '99' },
        { id: '7', parent: '8' },
        { id: '8', parent: '7', approved: 'post-trashed' },
      ]),
    );
    expect(planned!.comments.map((c) => [c.ref, c.parentRef])).toEqual([
      ['1', null],
      ['3', '1'],
      ['5', null],
      // Not in this file: an earlier run may have brought it in (else it goes to the top level when written).
      ['6', '99'],
      // A loop in a broken export ends at the top level.
      ['7', null],
    ]);
    expect(tally.movedToTop).toBe(2);
  });

  it('keep names as text, websites only when http(s), and no email that is not one', () => {
    const { planned } = plan(
      aPost([
        { author: '  Zoë &amp; Ångström\n', url: 'https://zoe.example/', email: ' Zoe@Example.com ' },
        { author: '', url: 'javascript:alert(1)', email: 'not an email' },
        { author: '山'.repeat(150), url: `https://x.example/${'a'.repeat(200)}` },
      ]),
    );
    expect(planned!.comments.map((c) => [c.authorName, c.website, c.email])).toEqual([
      ['Zoë & Ångström', 'https://zoe.example/', 'Zoe@Example.com'],
      ['Anonymous', null, null],
      ['山'.repeat(100), null, 'reader@example.com'],
    ]);
  });

  it('turn WordPress HTML into a body as a reader would have sent it: allowed markup kept, other tags unwrapped, scripts gone', () => {
    const { planned } = plan(
      aPost([
        { content: '<p>One <cite>cited</cite> &amp; <strong>strong</strong></p>\n<p>Two<br>three</p><script>alert(1)</script><style>p{}</style>' },
        { content: 'Plain text,\n\nwith paragraphs  ' },
        { content: '<a href="javascript:alert(1)" onclick="x()">click</a> <a href="https://ok.example/">ok</a>' },
      ]),
    );
    expect(planned!.comments.map((c) => c.body)).toEqual([
      'One cited &amp; <strong>strong</strong>\n\nTwo\nthree',
      'Plain text,\n\nwith paragraphs',
      '<a>click</a> <a href="https://ok.example/">ok</a>',
    ]);
  });
});

describe('the source of an export', () => {
  it('is the blog without scheme or www., so a move to https is the same blog', () => {
    expect(sourceOf({ blogUrl: 'https://www.Blog.example/', link: '', wxrVersion: '1.2' })).toBe('wordpress:blog.example');
    expect(sourceOf({ blogUrl: 'http://blog.example', link: '', wxrVersion: '1.2' })).toBe('wordpress:blog.example');
    expect(sourceOf({ blogUrl: '', link: 'https://example.org/blog/', wxrVersion: '1.1' })).toBe('wordpress:example.org/blog');
  });
});
