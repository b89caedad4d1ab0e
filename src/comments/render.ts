// A comment's body becomes HTML once, when it is written (DESIGN.md §5, §11):
// a small Markdown subset (emphasis, strong, inline and block code, links,
// quotes, lists), a newline as a line break, bare http(s) URLs, www. addresses
// and emails made links. Raw HTML is never markup: "<div>" in a comment about
// HTML shows as the text the reader typed. The result then goes through
// sanitize-html's allowlist all the same, so a parser bug or a rule enabled
// by mistake cannot bring in anything the allowlist does not hold.
//
// Imported bodies (WordPress HTML) are not Markdown: render-html.ts renders them.
import { createHash } from 'node:crypto';
import type { MarkdownIt, MarkdownItOptions } from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';

// The sanitizer (sanitize-html, with htmlparser2 and postcss) and markdown-it
// take ~150 ms to load, and only a new comment needs them: they load after the
// server is ready (loadRenderer), not on the way to it.
const importLibraries = () => Promise.all([import('sanitize-html'), import('markdown-it')]);
interface Libraries {
  readonly sanitizeHtml: typeof sanitizeHtml;
  /** Made once: building a parser costs more than rendering a comment. */
  readonly markdown: MarkdownIt;
}
let libraries: Libraries | undefined;
let loading: Promise<Libraries> | undefined;

/** Loads what renderBody needs; renderBody may run once this resolved. Cheap after the first call. */
export const loadRenderer = (): Promise<Libraries> =>
  (loading ??= importLibraries().then(([s, m]) => (libraries = { sanitizeHtml: s.default, markdown: createMarkdown(m.default) })));

function lib(): Libraries {
  if (!libraries) throw new Error('renderBody ran before loadRenderer() resolved');
  return libraries;
}

/** The sanitizer, for render-html.ts (loaded by loadRenderer). */
export const sanitizer = () => lib().sanitizeHtml;

const REL = 'nofollow ugc noopener';
/** What a comment may hold besides paragraphs and line breaks (typed as HTML in imported bodies, made by Markdown in new ones). */
export const INLINE_TAGS = ['a', 'b', 'strong', 'i', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'];
/** Only absolute links: a relative href ("/admin", "?do=x", "javascript%3A…") would lead into the host page's site. */
const ABSOLUTE_HREF = /^(?:https?:\/\/|mailto:)/i;

export const commonOptions: sanitizeHtml.IOptions = {
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Not a sanitizer concern, but a reader's "<3" must not swallow text.
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

/** The last pass over any comment HTML: the allowlist plus paragraphs, every link marked, an ordered list's first number kept. */
export const lastPass: sanitizeHtml.IOptions = {
  ...commonOptions,
  allowedTags: [...INLINE_TAGS, 'p', 'br'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...(ABSOLUTE_HREF.test(attribs.href ?? '') ? { href: attribs.href } : {}), rel: REL } }),
    // "2024. What a year." is a list that starts at 2024; anything but a number is dropped.
    ol: (tagName, attribs): sanitizeHtml.Tag => ({ tagName, attribs: /^\d{1,9}$/.test(attribs.start ?? '') ? { start: attribs.start! } : {} }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

/**
 * markdown-it as the subset: CommonMark minus images, headings, rules and
 * raw HTML (and the GFM extras, tables and strikethrough); a newline is a
 * line break, as it was before Markdown. The HTML comes without the newlines
 * markdown-it puts between blocks, as renderBody always wrote it.
 */
let wwwTail: RegExp | undefined;

function createMarkdown(Markdown: new (preset: 'default', options: MarkdownItOptions) => MarkdownIt): MarkdownIt {
  const md = new Markdown('default', {
    html: false,
    linkify: true,
    breaks: true,
    typographer: false,
    xhtmlOut: true,
    // Twenty quotes or lists deep is as deep as a comment goes (markdown-it's default, 100, is for documents).
    maxNesting: 20,
  });
  md.disable(['image', 'heading', 'lheading', 'hr', 'table', 'strikethrough', 'html_block', 'html_inline']);
  // A link is a link only to an absolute http(s) or mailto address ("[x](/admin)" stays text).
  md.validateLink = (url) => ABSOLUTE_HREF.test(url);
  // Bare links as before: http(s) URLs, emails, and "www." addresses (made
  // https), not every word with a dot ("node.js", "notes.md" are no
  // addresses). linkify-it's fuzzy links would find those, and their search
  // costs ~50 ms on 10,000 characters of some text ("`a`a`a…"): "www." is a
  // scheme of its own instead, read from there by the fuzzy host pattern.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: true, fuzzyIP: false });
  md.linkify.add('www.', {
    validate(text, pos, self) {
      const re = (wwwTail ??= new RegExp(self.re.get_fuzzy_url_host_port().source + self.re.get_path().source, 'iy'));
      re.lastIndex = pos;
      return re.exec(text)?.[0].length ?? 0;
    },
    normalize(match) {
      match.url = `https://${match.url}`;
    },
  });
  const rules = md.renderer.rules;
  rules.hardbreak = rules.softbreak = () => '<br />';
  const renderToken = md.renderer.renderToken.bind(md.renderer);
  md.renderer.renderToken = (tokens, idx, options) => renderToken(tokens, idx, options).replace(/^\n|\n$/g, '');
  for (const name of ['fence', 'code_block'] as const) {
    const rule = rules[name]!;
    rules[name] = (...args) => rule(...args).replace(/\n$/, '');
  }
  return md;
}

/** Markdown's HTML with only paragraphs, breaks and text (escaped by markdown-it, so no "&"): what the sanitizer would give back unchanged. */
const NOT_PLAIN = /&|<(?!\/?p>|br \/>)/;

/** Needs loadRenderer() resolved first. */
export function renderBody(body: string, { shortcut = true } = {}): string {
  const { markdown, sanitizeHtml: sanitize } = lib();
  const html = markdown.render(body.replace(/\r\n?/g, '\n'));
  // Most comments are plain text: nothing in them for the sanitizer to change.
  return shortcut && !NOT_PLAIN.test(html) ? html : sanitize(html, lastPass);
}

/** The same words in the same order, whatever the spacing or case. */
export const bodyFingerprint = (body: string) =>
  createHash('sha256').update(body.trim().replace(/\s+/g, ' ').toLowerCase()).digest('hex');

/**
 * HTML that renderBody made before, read back from a backup: passed through
 * renderBody's last step again, so the page reads the same and a doctored
 * file cannot bring in anything renderBody would not have written. Needs
 * loadRenderer() resolved first.
 */
export const sanitizeRendered = (html: string): string => lib().sanitizeHtml(html, lastPass);
