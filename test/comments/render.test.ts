import { beforeAll, describe, expect, it } from 'vitest';
import { bodyFingerprint, loadRenderer, renderBody } from '../../src/comments/render.js';
import { elements, XSS_PAYLOADS } from '../xss/corpus.js';

beforeAll(loadRenderer);

const ALLOWED = new Set(['a', 'b', 'strong', 'i', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'p', 'br']);
const ATTRIBUTES: Record<string, string[]> = { a: ['href', 'rel'], ol: ['start'] };

/** What a browser would execute or load from the rendered body: nothing, ever. */
function assertSafe(html: string) {
  for (const el of elements(html)) {
    expect(ALLOWED, `<${el.name}> in ${html}`).toContain(el.name);
    for (const [name, value] of Object.entries(el.attribs)) {
      expect(ATTRIBUTES[el.name] ?? [], `${name}= in ${html}`).toContain(name);
      if (name === 'href') expect(value, html).toMatch(/^(https?:\/\/|mailto:)/i);
      if (name === 'start') expect(value, html).toMatch(/^\d+$/);
    }
    if (el.name === 'a') expect(el.attribs.rel).toBe('nofollow ugc noopener');
  }
}

// OWASP filter-evasion kinds, mutation XSS, polyglots…: the shared corpus.
const PAYLOADS = XSS_PAYLOADS;

describe('rendering a body', () => {
  it(`neutralises ${PAYLOADS.length} XSS payloads: only allowlisted tags, no on* or style, only http(s)/mailto links`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(120);
    for (const payload of PAYLOADS) assertSafe(renderBody(payload));
  });

  it('neutralises them inside Markdown too: as link text and address, in code, quotes and lists', () => {
    for (const payload of PAYLOADS)
      for (const text of [`[${payload}](https://x.example)`, `[x](${payload})`, `\`${payload}\``, `> ${payload}`, `- ${payload}`, `*${payload}*`, `\`\`\`\n${payload}\n\`\`\``])
        assertSafe(renderBody(text));
  });

  it('shows raw HTML, allowed tags or not, as the text the reader typed', () => {
    expect(renderBody('use <div> for layout')).toBe('<p>use &lt;div&gt; for layout</p>');
    expect(renderBody('a < b && c > d')).toBe('<p>a &lt; b &amp;&amp; c &gt; d</p>');
    expect(renderBody('<b>bold</b> and <i>x</i>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt; and &lt;i&gt;x&lt;/i&gt;</p>');
    // A typed <a>: its address is a bare URL like any other.
    expect(renderBody('<a href="https://x.example">x</a>')).toBe(
      '<p>&lt;a href="<a href="https://x.example" rel="nofollow ugc noopener">https://x.example</a>"&gt;x&lt;/a&gt;</p>',
    );
    expect(renderBody('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('makes paragraphs from blank lines and line breaks from newlines', () => {
    expect(renderBody('First line\nsecond line\n\nNew paragraph\r\n\r\nThird')).toBe('<p>First line<br />second line</p><p>New paragraph</p><p>Third</p>');
  });

  it('links bare URLs, www. addresses and emails, marking every link nofollow ugc noopener', () => {
    const html = renderBody('See https://example.com/a?b=1&c=2, www.example.org and me@example.com');
    expect(html).toBe(
      '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>, ' +
        '<a href="https://www.example.org" rel="nofollow ugc noopener">www.example.org</a> and ' +
        '<a href="mailto:me@example.com" rel="nofollow ugc noopener">me@example.com</a></p>',
    );
  });

  it('leaves words with a dot that are no address as text', () => {
    expect(renderBody('Try node.js, see notes.md or example.com')).toBe('<p>Try node.js, see notes.md or example.com</p>');
  });
});

describe('the Markdown subset', () => {
  it('renders emphasis and strong emphasis', () => {
    expect(renderBody('*one* _two_ **three** __four__')).toBe('<p><em>one</em> <em>two</em> <strong>three</strong> <strong>four</strong></p>');
  });

  it('renders inline code, where nothing is markup or a link', () => {
    expect(renderBody('run `npm i <pkg>` and `*not em* https://example.com`')).toBe(
      '<p>run <code>npm i &lt;pkg&gt;</code> and <code>*not em* https://example.com</code></p>',
    );
  });

  it('renders fenced and indented code blocks, keeping their newlines and blank lines', () => {
    expect(renderBody('```js\nconst a = 1;\n\nconst b = "<b>";\n```')).toBe('<pre><code>const a = 1;\n\nconst b = "&lt;b&gt;";\n</code></pre>');
    expect(renderBody('Before:\n\n    indented\n    code')).toBe('<p>Before:</p><pre><code>indented\ncode\n</code></pre>');
  });

  it('renders links to http(s) and mailto addresses, marked nofollow ugc noopener, and no others', () => {
    expect(renderBody('[the article](https://news.example/a "Title") and [me](mailto:me@example.com)')).toBe(
      '<p><a href="https://news.example/a" rel="nofollow ugc noopener">the article</a> and <a href="mailto:me@example.com" rel="nofollow ugc noopener">me</a></p>',
    );
    expect(renderBody('<https://news.example/b>')).toBe('<p><a href="https://news.example/b" rel="nofollow ugc noopener">https://news.example/b</a></p>');
    // A relative link would lead into the host page's site; a script link anywhere.
    for (const href of ['/admin', '?do=x', 'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example/x'])
      expect(renderBody(`[x](${href})`), href).not.toContain('<a');
  });

  it('renders quotes, nested ones too', () => {
    expect(renderBody('> You wrote\n> this\n\nAnd I reply')).toBe('<blockquote><p>You wrote<br />this</p></blockquote><p>And I reply</p>');
    expect(renderBody('> > deeper\n> back')).toBe('<blockquote><blockquote><p>deeper<br />back</p></blockquote></blockquote>');
  });

  it('renders bulleted and numbered lists, a numbered one from its first number', () => {
    expect(renderBody('- one\n- two\n  - nested')).toBe('<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>');
    expect(renderBody('1. first\n2. second')).toBe('<ol><li>first</li><li>second</li></ol>');
    expect(renderBody('2024. What a year.')).toBe('<ol start="2024"><li>What a year.</li></ol>');
  });

  it('shows what is not in the subset as the text typed: headings, rules, tables, strikethrough', () => {
    expect(renderBody('# Not a heading')).toBe('<p># Not a heading</p>');
    expect(renderBody('Title\n===')).toBe('<p>Title<br />===</p>');
    expect(renderBody('above\n\n---\n\nbelow')).toBe('<p>above</p><p>---</p><p>below</p>');
    expect(renderBody('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('<p>| a | b |<br />|---|---|<br />| 1 | 2 |</p>');
    expect(renderBody('~~gone~~')).toBe('<p>~~gone~~</p>');
  });

  it('never renders an image: at most a link to it, that nothing loads', () => {
    const html = renderBody('![a cat](https://img.example/cat.png)');
    expect(html).not.toContain('<img');
    expect(html).toBe('<p>!<a href="https://img.example/cat.png" rel="nofollow ugc noopener">a cat</a></p>');
  });

  it('takes a backslash as Markdown does, to show a character as itself', () => {
    expect(renderBody('\\*not emphasis\\*')).toBe('<p>*not emphasis*</p>');
  });
});

describe('the duplicate fingerprint', () => {
  it('ignores case, surrounding space and runs of whitespace, and nothing else', () => {
    expect(bodyFingerprint('  Great   point,\n\tthanks ')).toBe(bodyFingerprint('great point, THANKS'));
    expect(bodyFingerprint('great point')).not.toBe(bodyFingerprint('great points'));
  });
});

describe('the plain-text shortcut', () => {
  it('gives exactly what the full pipeline gives', () => {
    const texts = [
      'Plain words.',
      'Line one\nline two\n\n\nAfter blank lines\n',
      '  leading and trailing spaces  ',
      'Quotes "double" and \'single\', a colon: here, 3.14 and v2.0',
      'Unicode: Grüße, 東京, emoji 😀, RTL שלום',
      '    indented by four spaces',
      'a line with two trailing spaces  \nand the next',
      '\n\n\nOnly newlines around\n\n\n',
    ];
    for (const text of texts) expect(renderBody(text), text).toBe(renderBody(text, { shortcut: false }));
  });
});
