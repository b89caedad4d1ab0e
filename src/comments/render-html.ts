// An imported comment's body (a WordPress comment, written as HTML) becomes
// HTML as Parley rendered every body before Markdown (render.ts): plain text
// with paragraphs and line breaks, links made clickable, and the small
// allowlist of inline markup kept as typed. Everything else is shown as the
// text it is (escaped). A new comment is Markdown instead: never rendered here.
import { randomBytes } from 'node:crypto';
import type sanitizeHtml from 'sanitize-html';
import { commonOptions as common, INLINE_TAGS, lastPass, loadRenderer, sanitizer } from './render.js';

// linkify takes a while to load and only imports need it: it loads with them.
const importLibraries = () => Promise.all([import('linkify-html'), import('linkifyjs'), loadRenderer()]);
type Imported = Awaited<ReturnType<typeof importLibraries>>;
type Libraries = { linkifyHtml: Imported[0]['default']; findLinks: Imported[1]['find'] };
let libraries: Libraries | undefined;
let loading: Promise<Libraries> | undefined;

/** Loads what renderHtmlBody and bodyFromHtml need (loadRenderer's libraries too). Cheap after the first call. */
export const loadHtmlRenderer = (): Promise<Libraries> =>
  (loading ??= importLibraries().then(([l, f]) => (libraries = { linkifyHtml: l.default, findLinks: f.find })));

function lib(): Libraries & { sanitizeHtml: typeof sanitizeHtml } {
  if (!libraries) throw new Error('renderHtmlBody ran before loadHtmlRenderer() resolved');
  return { ...libraries, sanitizeHtml: sanitizer() };
}

const REL = 'nofollow ugc noopener';
const BLOCK_START = /^<(blockquote|ul|ol)\b/i;

/** First pass, on the raw text: allowlisted tags stay, any other tag is escaped into visible text. */
const firstPass: sanitizeHtml.IOptions = { ...common, allowedTags: INLINE_TAGS, disallowedTagsMode: 'escape' };

const linkOptions = {
  defaultProtocol: 'https',
  ignoreTags: ['a', 'code', 'pre'],
  rel: REL,
  validate: { url: (value: string) => /^(https?:\/\/|www\.)/i.test(value) },
};

// linkifyjs restarts its scan one token further on after every failed match,
// so a long unbroken run of link-like text that never becomes a link
// ("a.a.a.…", "www.x.www.x.…", "http://.a.a.…") costs time quadratic in its
// length: 100-400 ms for 10,000 characters. A run (no whitespace, no tag)
// longer than this is linked only when it holds an http(s) URL that linkify
// reads in one pass; any other long run is kept from it and stays text.
const MAX_LINKED_RUN = 64;
const RUN = /<[^<>]*>?|[^\s<>]+/g;
/**
 * A long run linkify reads in one pass: at most MAX_LINKED_RUN characters
 * ending in a symbol, such as "(" or "word," (so "http" is a token of its
 * own), then "http(s)://" and a letter or digit. From there linkify's URL
 * state takes every token but whitespace and "・" (ruled out apart).
 */
const LONG_URL = /^(?:[\s\S]{0,63}?[^\p{L}\p{N}\p{M}])?https?:\/\/[\p{L}\p{N}]/iu;
const isSlowRun = (run: string) => run.length > MAX_LINKED_RUN && run[0] !== '<' && !(LONG_URL.test(run) && !run.includes('\u30fb'));
const SKIPPED = /<code data-skip-([0-9a-f]{16})="">([^<]*)<\/code>/g;

/** Whether plain text holds anything linkify would make a link of (slow runs aside). */
const hasLinks = (text: string) => lib().findLinks(text.replace(RUN, (run) => (isSlowRun(run) ? ' ' : run))).length > 0;

/** linkify-html, with each slow run inside a tag it skips (and decodes as it would any text), unwrapped after. */
function linkify(html: string): string {
  let mark = '';
  const wrapped = html.replace(RUN, (run) => {
    if (!isSlowRun(run)) return run;
    // Unguessable, so nothing a reader typed can pass for the wrapper.
    mark ||= randomBytes(8).toString('hex');
    return `<code data-skip-${mark}>${run}</code>`;
  });
  const linked = lib().linkifyHtml(wrapped, linkOptions);
  return mark ? linked.replace(SKIPPED, (all, m: string, run: string) => (m === mark ? run : all)) : linked;
}

const PRE_OPEN = /<pre\b/gi;
const PRE_CLOSE = /<\/pre>/gi;

/**
 * Paragraphs from blank lines, <br> from single newlines; <pre> blocks keep theirs.
 * The blocks are what html.split(/(<pre\b[^>]*>[\s\S]*?<\/pre>)/i) would cut,
 * found in one pass: that regex rescans to the end from every "<pre" with no
 * "</pre>" after it, as linkify-html leaves in a decoded href.
 */
function paragraphs(html: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    PRE_OPEN.lastIndex = from;
    const open = PRE_OPEN.exec(html);
    const tagEnd = open ? html.indexOf('>', open.index) : -1;
    PRE_CLOSE.lastIndex = tagEnd + 1;
    if (!open || tagEnd < 0 || !PRE_CLOSE.exec(html)) return out + textParagraphs(html.slice(from));
    out += textParagraphs(html.slice(from, open.index)) + html.slice(open.index, PRE_CLOSE.lastIndex);
    from = PRE_CLOSE.lastIndex;
  }
}

function textParagraphs(text: string): string {
  return text
    .split(/\n[ \t]*\n+/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK_START.test(chunk) ? joinTagLines(chunk).replace(/\n/g, '<br />') : `<p>${chunk.replace(/\n/g, '<br />')}</p>`))
    .join('');
}

/**
 * Inside a list or quote, the whitespace between two tags goes when it holds a
 * line break (else each line would become a <br />). One pass over each run:
 * the obvious />\s*\n\s*</ backtracks quadratically on whitespace after ">".
 */
const joinTagLines = (chunk: string) => chunk.replace(/>(\s+)</g, (all, space: string) => (space.includes('\n') ? '><' : all));

/** An imported body (see bodyFromHtml) as HTML. Needs loadHtmlRenderer() resolved first. */
export function renderHtmlBody(body: string, { shortcut = true } = {}): string {
  const text = body.replace(/\r\n?/g, '\n');
  // Most comments are plain text. Without <, > or & nothing can become markup
  // or an entity, so when there is no link either, paragraphs are all there is to add.
  const markup = /[<>&]/.test(text);
  if (shortcut && !markup && !hasLinks(text)) return paragraphs(text);
  const { sanitizeHtml: sanitize } = lib();
  const safe = markup ? sanitize(text, firstPass) : text;
  const linked = linkify(safe);
  return sanitize(paragraphs(linked), lastPass);
}

/** Imported markup: Parley's allowlist kept, paragraphs and breaks kept for now (made newlines below), everything else unwrapped. */
const importPass: sanitizeHtml.IOptions = {
  ...common,
  allowedTags: [...INLINE_TAGS, 'p', 'br'],
  disallowedTagsMode: 'discard',
  // Dropped with their content, not unwrapped: their text was never meant to be read.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template'],
};

/**
 * A comment written elsewhere as HTML (a WordPress comment) as a body Parley
 * would have been sent: the tags Parley allows kept, any other unwrapped to
 * its text (WordPress allows <cite>, <q>, <del>…), scripts and styles dropped
 * with their content, <p> and <br> as the blank lines and newlines they stand
 * for. renderHtmlBody then makes its HTML. Needs loadHtmlRenderer() resolved
 * first.
 */
export function bodyFromHtml(html: string): string {
  const text = html.replace(/\r\n?/g, '\n');
  if (!/[<>&]/.test(text)) return text.trim();
  return lib()
    .sanitizeHtml(text, importPass)
    .replace(/<br \/>\n?/g, '\n')
    .replace(/<p>/g, '')
    .replace(/<\/p>\s*/g, '\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
