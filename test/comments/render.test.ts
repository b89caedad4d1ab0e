import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { bodyFingerprint, renderBody } from '../../src/comments/render.js';

function elements(html: string): Element[] {
  const found: Element[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
        found.push(n as Element);
        walk((n as Element).children);
      }
    }
  };
  walk(parseDocument(html).children);
  return found;
}

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

// OWASP filter-evasion style, plus mutation-XSS shapes.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=javascript:alert(\'XSS\')>',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<a onmouseover=alert(document.cookie)>xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC= onmouseover="alert(\'xxs\')">',
  '<IMG onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;">click</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">click</a>',
  '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29">click</a>',
  '<a href="jav\tascript:alert(\'XSS\');">tab</a>',
  '<a href="jav&#x09;ascript:alert(\'XSS\');">entity tab</a>',
  '<a href="jav&#x0A;ascript:alert(\'XSS\');">newline</a>',
  '<a href=" &#14;  javascript:alert(\'XSS\');">leading junk</a>',
  '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<SCRIPT SRC=http://xss.example/xss.js?< B >',
  '<IMG SRC="`<javascript:alert>`(\'XSS\')"',
  '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
  '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
  '<BODY BACKGROUND="javascript:alert(\'XSS\')">',
  '<svg/onload=alert(\'XSS\')>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math><mi xlink:href="data:x,<script>alert(4)</script>">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<IFRAME SRC="javascript:alert(\'XSS\');"></IFRAME>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv" AllowScriptAccess="always"></EMBED>',
  '<STYLE>@import\'http://xss.example/xss.css\';</STYLE>',
  '<STYLE>BODY{-moz-binding:url("http://xss.example/xssmoz.xml#xss")}</STYLE>',
  '<div style="background-image: url(javascript:alert(\'XSS\'))">x</div>',
  '<a href="https://ok.example" style="position:fixed;top:0">overlay</a>',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
  '<BASE HREF="javascript:alert(\'XSS\');//">',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="//evil.example/x">protocol-relative</a>',
  '<a href="javascript://%0aalert(1)">comment trick</a>',
  '<b onclick=alert(1)>bold</b><i onmouseover=alert(2)>it</i>',
  '<blockquote cite="javascript:alert(1)">q</blockquote>',
  '<code><script>alert(1)</script></code>',
  '<pre><img src=x onerror=alert(1)></pre>',
  '<ul><li onclick="alert(1)">x</li></ul>',
  '<form action="https://evil.example"><input name=x></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<details open ontoggle=alert(1)>',
  '<a href="https://ok.example"><img src=x onerror=alert(1)></a>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '"><script>alert(1)</script>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<template><script>alert(1)</script></template>',
  '<a href="https://ok.example" target="_blank">new tab</a>',
  'https://ok.example/"onmouseover="alert(1)',
  'www.ok.example/<script>alert(1)</script>',
  '<a href="mailto:x@example.com?subject=<script>">mail</a>',
];

describe('rendering a body', () => {
  it(`neutralises ${PAYLOADS.length} XSS payloads: only allowlisted tags, no on* or style, only http(s)/mailto links`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
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
