// The thread page (DESIGN.md §11): a thread's approved comments as one small
// HTML document, for readers without JavaScript and for crawlers. It must
// never hold a script: the CSP it is sent with (CSP below) allows nothing but
// its own stylesheet (by hash) and data: images, so even markup that got
// past the sanitizer could neither run nor load anything. Every string a
// reader wrote is escaped here, except bodyHtml, which the server sanitized
// when the comment was written (comments/render.ts) and is the only HTML shown.
import { createHash } from 'node:crypto';
import type { PublicComment, PublicThread } from '../contracts.js';

const STYLE = `:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5f6368;--bg:#fff;--line:#dadce0;--link:#0b57d0;--code:#f1f3f4}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6ea;--muted:#a8abb2;--bg:#16161a;--line:#3c4043;--link:#8ab4f8;--code:#26262b}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .25rem}
a{color:var(--link)}
.sub,.meta,nav{color:var(--muted);font-size:.875rem}
ol.comments{list-style:none;margin:0;padding:0}
ol.comments ol.comments{margin-left:.75rem;padding-left:.75rem;border-left:2px solid var(--line)}
li.comment{margin:1.25rem 0 0}
.meta{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline}
.author{color:var(--fg);font-weight:600}
.badge{border:1px solid currentColor;border-radius:.25rem;padding:0 .3rem;font-size:.75rem}
.body>:first-child{margin-top:.25rem}.body>:last-child{margin-bottom:0}
.body p,.body ul,.body ol,.body pre,.body blockquote{margin:.5rem 0}
blockquote{margin-left:0;padding-left:.75rem;border-left:3px solid var(--line);color:var(--muted)}
code{font-size:.9em;background:var(--code);border-radius:.2rem;padding:.05rem .25rem}
pre{background:var(--code);padding:.5rem .75rem;border-radius:.25rem;overflow-x:auto;white-space:pre-wrap}
pre code{padding:0;background:none}
nav{display:flex;justify-content:space-between;gap:1rem;margin-top:2rem}`;

/** Sent with every thread page: nothing runs, nothing loads, the style is known by its hash. */
export const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  // Not meant to be framed: a page that shows a button nobody can click is no use to anyone but a clickjacker.
  "frame-ancestors 'none'",
].join('; ');

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const DATE = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

export interface ThreadPageView {
  readonly thread: PublicThread;
  readonly comments: readonly PublicComment[];
  /** The next page's link (`?cursor=…`), when there is one. */
  readonly next: string | null;
  /** Whether this is a later page (a link back to the first one is shown). */
  readonly later: boolean;
}

function comment(c: PublicComment, children: ReadonlyMap<string | null, PublicComment[]>): string {
  const name = escapeHtml(c.authorName);
  const author = c.authorWebsite ? `<a class="author" href="${escapeHtml(c.authorWebsite)}" rel="nofollow ugc noopener">${name}</a>` : `<span class="author">${name}</span>`;
  const replies = children.get(c.id);
  return `<li class="comment" id="comment-${escapeHtml(c.id)}"><article>
<div class="meta">${author}${c.badge === 'moderator' ? ' <span class="badge">Moderator</span>' : ''}<a href="#comment-${escapeHtml(c.id)}"><time datetime="${escapeHtml(c.createdAt)}">${DATE.format(new Date(c.createdAt))} UTC</time></a>${c.edited ? '<span>edited</span>' : ''}</div>
<div class="body">${c.bodyHtml}</div>
</article>${replies ? `<ol class="comments">${replies.map((r) => comment(r, children)).join('')}</ol>` : ''}</li>`;
}

export function threadPage({ thread, comments, next, later }: ThreadPageView): string {
  // Replies under their parents; a comment whose parent is not on the page stands at the top.
  const onPage = new Set(comments.map((c) => c.id));
  const children = new Map<string | null, PublicComment[]>();
  for (const c of comments) {
    const parent = c.parentId && onPage.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  // A thread's title and URL come from its first comment's form: until a
  // comment of it is published, nobody has reviewed them, and a made-up key
  // with a spammer's title must not become an indexable page on this domain.
  const reviewed = thread.commentCount > 0;
  const title = (reviewed && thread.title) || 'Comments';
  const url = reviewed ? thread.url : null;
  const article = url ? `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>` : escapeHtml(title);
  const count = thread.commentCount === 1 ? '1 comment' : `${thread.commentCount} comments`;
  const list = comments.length
    ? `<ol class="comments">${(children.get(null) ?? []).map((c) => comment(c, children)).join('')}</ol>`
    : '<p>No comments yet.</p>';
  const nav = [later ? '<a href="?">First comments</a>' : '', next ? `<a href="${escapeHtml(next)}" rel="next">More comments</a>` : ''].filter(Boolean);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Comments: ${escapeHtml(title)}</title>
${url ? `<link rel="canonical" href="${escapeHtml(url)}">\n` : ''}${reviewed ? '' : '<meta name="robots" content="noindex">\n'}<style>${STYLE}</style></head>
<body><main>
<header><h1>${article}</h1><p class="sub">${count}${thread.closed ? ' · comments are closed' : ''}</p></header>
${list}
${nav.length ? `<nav>${nav.join('')}</nav>` : ''}
</main></body>
</html>
`;
}

/** A page saying what went wrong (unknown site, a bad link), in the same dress. */
export function problemPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body>
</html>
`;
}
