// /demo: an article of our own with the embed snippet of DESIGN.md §8 under
// it, exactly as a site would paste it.
import { Router } from 'express';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function demoPage(siteId: string): string {
  const site = escapeHtml(siteId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The comment section, reconsidered — Parley demo</title>
<link rel="canonical" href="/demo">
<style>
  :root { color-scheme: light dark; }
  body { font: 18px/1.6 Georgia, "Times New Roman", serif; max-width: 42rem; margin: 0 auto; padding: 2rem 1rem 4rem; }
  header p { color: GrayText; font: 14px/1.4 system-ui, sans-serif; }
  h1 { line-height: 1.2; }
  .note { font: 14px/1.5 system-ui, sans-serif; border-left: 3px solid; padding: .25rem .75rem; margin: 2rem 0; }
  code { font-size: .85em; }
</style>
</head>
<body>
<main>
<article>
<header>
<h1>The comment section, reconsidered</h1>
<p>A demo article for Parley · about a four-minute read</p>
</header>
<p>Comment sections earned their bad name honestly. They arrived as an afterthought,
loaded a megabyte of somebody else's script, followed readers across the web, and left
moderators to clean up with tools built for a quieter decade.</p>
<p>Parley starts from the other end. A site pastes one script tag under an article. The
widget it loads is smaller than most hero images, draws in its own shadow DOM so it never
fights the page's styles, and asks nobody but this server for anything.</p>
<h2>Moderation first</h2>
<p>Every comment below waits in a queue until a moderator approves it. Moderators work
that queue in a dashboard that updates live: a new comment appears the moment it is
posted, and a decision taken by a colleague leaves everyone else's screen at once.
Approved comments then appear here, for every reader, without a reload.</p>
<h2>Private by default</h2>
<p>Your email address is stored encrypted and shown to moderators only. It never appears
in a page, an API response, a live event or a log line. Avatars are drawn in your browser
from a short seed, so no third party learns which articles you read.</p>
<p class="note">This page is Parley's demo. Leave a comment below, then sign in at
<a href="/admin">/admin</a> with the demo moderator printed when Parley first started, and
approve it. The embed code under this article is the one your own site would use:<br>
<code>&lt;div id="parley-comments"&gt;&lt;/div&gt;
&lt;script src="…/widget.js" data-site="${site}" async&gt;&lt;/script&gt;
&lt;noscript&gt;&lt;a href="…/threads/${site}/KEY"&gt;Read the comments&lt;/a&gt;&lt;/noscript&gt;</code></p>
</article>
<section aria-label="Comments">
<div id="parley-comments" data-thread="the-comment-section-reconsidered"></div>
<script src="/widget.js" data-site="${site}" async></script>
<noscript><a href="/threads/${site}/the-comment-section-reconsidered">Read the comments</a> (without JavaScript you can read them, not write one).</noscript>
</section>
</main>
</body>
</html>
`;
}

export function demoRouter(siteId: string): Router {
  const page = demoPage(siteId);
  return Router().get('/demo', (_req, res) => {
    res.type('html').send(page);
  });
}
