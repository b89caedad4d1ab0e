// A WordPress export of any size, written as WordPress writes one (WXR 1.2),
// for the tests that need more than the hand-written fixture: many posts,
// replies up to three deep, every status, pingbacks, HTML and non-ASCII text.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export interface GeneratedWxr {
  posts: number;
  comments: number;
  /** Of those, what an import keeps, by status (pingbacks aside). */
  byStatus: { approved: number; pending: number; spam: number; rejected: number };
  pingbacks: number;
}

const STATUSES = ['1', '1', '1', '1', '1', '1', '1', '0', 'spam', 'trash'] as const;
const NAMES = ['Zoë Ångström', '山田太郎', 'Émile', 'Ingrid', 'Bob', 'Ana María', 'Åsa', 'Oğuz'];
const WORDS = 'the of a comment about this article that I read and think is rather good but not quite right'.split(' ');

const pad = (n: number) => String(n).padStart(2, '0');
const gmt = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

function body(i: number): string {
  const words = Array.from({ length: 4 + (i % 8) }, (_, k) => WORDS[(i * 7 + k) % WORDS.length]).join(' ');
  switch (i % 5) {
    case 0:
      return `${words} &amp; <em>more</em>.`;
    case 1:
      return `${words}.\n\nSee <a href="https://example.com/${i}">this</a>.`;
    default:
      return `${words}.`;
  }
}

/** Writes `posts` posts of `perPost` comments each to `file` (streamed: it never holds the file). */
export async function writeWxr(file: string, posts: number, perPost: number): Promise<GeneratedWxr> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const made: GeneratedWxr = { posts, comments: 0, byStatus: { approved: 0, pending: 0, spam: 0, rejected: 0 }, pingbacks: 0 };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Generated Blog</title>
<link>https://big.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://big.example</wp:base_site_url>
<wp:base_blog_url>https://big.example</wp:base_blog_url>
`);
  let id = 0;
  const start = Date.UTC(2015, 0, 1);
  for (let p = 1; p <= posts; p++) {
    const postMs = start + p * 3_600_000;
    let text = `<item>
<title><![CDATA[Post number ${p}]]></title>
<link>https://big.example/${2015 + (p % 10)}/post-${p}/</link>
<content:encoded><![CDATA[<p>${WORDS.join(' ')} ${p}</p>]]></content:encoded>
<wp:post_id>${p}</wp:post_id>
<wp:post_date_gmt><![CDATA[${gmt(postMs)}]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status>
<wp:post_type><![CDATA[post]]></wp:post_type>
`;
    const first = id + 1;
    for (let c = 0; c < perPost; c++) {
      id++;
      made.comments++;
      const pingback = c === perPost - 1;
      const status = STATUSES[id % STATUSES.length]!;
      // Every third comment replies to the one before it (so chains run up to three deep).
      const parent = !pingback && c % 3 !== 0 ? id - 1 : 0;
      if (pingback) made.pingbacks++;
      else made.byStatus[({ '1': 'approved', '0': 'pending', spam: 'spam', trash: 'rejected' } as const)[status]]++;
      const name = NAMES[id % NAMES.length]!;
      text += `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${name}]]></wp:comment_author><wp:comment_author_email><![CDATA[reader${id % 997}@example.com]]></wp:comment_author_email><wp:comment_author_IP><![CDATA[192.0.2.${id % 250}]]></wp:comment_author_IP><wp:comment_date_gmt><![CDATA[${gmt(postMs + (id - first + 1) * 60_000)}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[${body(id)}]]></wp:comment_content><wp:comment_approved><![CDATA[${pingback ? '1' : status}]]></wp:comment_approved><wp:comment_type><![CDATA[${pingback ? 'pingback' : 'comment'}]]></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>\n`;
    }
    await write(`${text}</item>\n`);
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return made;
}
