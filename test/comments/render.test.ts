import { beforeAll, describe, expect, it } from 'vitest';
import { bodyFingerprint, loadRenderer, renderBody } from '../../src/comments/render.js';
import { elements, XSS_PAYLOADS } from '../xss/corpus.js';

beforeAll(loadRenderer);

const ALLOWED = new Set(['a', 'b', 'strong', 'i', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'p', 'br']);

/** What a browser would execute or load from the rendered body: nothing, ever. */
function assertSafe(html: string) {
  for (const el of elements(html)) {
    expect(ALLOWED, `<${el.name}> in ${html}`).toContain(el.name);
    for (const [name, value] of Object.entries(el.attribs)) {
      expect(['href', 'rel'], `${name}= in ${html}`).toContain(name);
      if (name === 'href') expect(value, html).toMatch(/^(https?:\/\/|mailto:)/i);
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

  it('shows a disallowed tag as the text the reader typed', () => {
    expect(renderBody('use <div> for layout')).toBe('<p>use &lt;div&gt; for layout</p>');
    expect(renderBody('a < b && c > d')).toBe('<p>a &lt; b &amp;&amp; c &gt; d</p>');
  });

  it('makes paragraphs from blank lines and line breaks from newlines', () => {
    expect(renderBody('First line\nsecond line\n\nNew paragraph\r\n\r\nThird')).toBe('<p>First line<br />second line</p><p>New paragraph</p><p>Third</p>');
  });

  it('keeps the inline allowlist and the newlines of <pre>', () => {
    expect(renderBody('<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <code>c</code>')).toBe('<p><b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <code>c</code></p>');
    expect(renderBody('<pre>one\n\ntwo</pre>')).toBe('<pre>one\n\ntwo</pre>');
    expect(renderBody('<ul>\n<li>a</li>\n<li>b</li>\n</ul>')).toBe('<ul><li>a</li><li>b</li></ul>');
  });

  it('links bare URLs and emails, marking every link nofollow ugc noopener', () => {
    const html = renderBody('See https://example.com/a?b=1&c=2, www.example.org and me@example.com');
    expect(html).toBe(
      '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>, ' +
        '<a href="https://www.example.org" rel="nofollow ugc noopener">www.example.org</a> and ' +
        '<a href="mailto:me@example.com" rel="nofollow ugc noopener">me@example.com</a></p>',
    );
    expect(renderBody('<a href="https://ok.example" rel="me">x</a>')).toBe('<p><a href="https://ok.example" rel="nofollow ugc noopener">x</a></p>');
  });

  it('does not link inside code', () => {
    expect(renderBody('<code>https://example.com</code>')).toBe('<p><code>https://example.com</code></p>');
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
      '\n\n\nOnly newlines around\n\n\n',
    ];
    for (const text of texts) expect(renderBody(text), text).toBe(renderBody(text, { shortcut: false }));
  });
});
