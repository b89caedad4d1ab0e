// Imported comments (WordPress's HTML bodies) render as every body did before
// Markdown: the inline allowlist kept as typed, any other tag shown as text,
// paragraphs from blank lines, bare URLs linked. Markdown is never read here.
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyFromHtml, loadHtmlRenderer, renderHtmlBody } from '../../src/comments/render-html.js';
import { unsafeHtml, XSS_PAYLOADS } from '../xss/corpus.js';

beforeAll(loadHtmlRenderer);

describe('rendering an imported body', () => {
  it('neutralises the XSS corpus', () => {
    for (const payload of XSS_PAYLOADS) expect(unsafeHtml(renderHtmlBody(payload)), payload).toEqual([]);
  });

  it('shows a disallowed tag as the text it is', () => {
    expect(renderHtmlBody('use <div> for layout')).toBe('<p>use &lt;div&gt; for layout</p>');
    expect(renderHtmlBody('a < b && c > d')).toBe('<p>a &lt; b &amp;&amp; c &gt; d</p>');
  });

  it('keeps the inline allowlist and the newlines of <pre>', () => {
    expect(renderHtmlBody('<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <code>c</code>')).toBe('<p><b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <code>c</code></p>');
    expect(renderHtmlBody('<pre>one\n\ntwo</pre>')).toBe('<pre>one\n\ntwo</pre>');
    expect(renderHtmlBody('<ul>\n<li>a</li>\n<li>b</li>\n</ul>')).toBe('<ul><li>a</li><li>b</li></ul>');
  });

  it('reads no Markdown: asterisks and brackets are the text written', () => {
    expect(renderHtmlBody('*not* [a](https://x.example)')).toBe(
      '<p>*not* [a](<a href="https://x.example" rel="nofollow ugc noopener">https://x.example</a>)</p>',
    );
  });

  it('links bare URLs and marks every link nofollow ugc noopener, not inside code', () => {
    expect(renderHtmlBody('See www.example.org')).toBe('<p>See <a href="https://www.example.org" rel="nofollow ugc noopener">www.example.org</a></p>');
    expect(renderHtmlBody('<a href="https://ok.example" rel="me">x</a>')).toBe('<p><a href="https://ok.example" rel="nofollow ugc noopener">x</a></p>');
    expect(renderHtmlBody('<code>https://example.com</code>')).toBe('<p><code>https://example.com</code></p>');
  });

  it('gives for a WordPress comment’s HTML what its author saw', () => {
    expect(renderHtmlBody(bodyFromHtml('<p>Great <cite>post</cite>!</p>\n<p>Second <a href="https://x.example">para</a><br />line</p>'))).toBe(
      '<p>Great post!</p><p>Second <a href="https://x.example" rel="nofollow ugc noopener">para</a><br />line</p>',
    );
  });
});

describe('the plain-text shortcut of imported bodies', () => {
  it('gives exactly what the full pipeline gives', () => {
    for (const text of ['Plain words.', 'Line one\nline two\n\n\nAfter blank lines\n', '  spaces  '])
      expect(renderHtmlBody(text), text).toBe(renderHtmlBody(text, { shortcut: false }));
  });
});
