// A comment's body becomes HTML once, when it is written (DESIGN.md §5):
// plain text with paragraphs and line breaks, links made clickable, and a
// small allowlist of inline markup. Everything else is shown as the text the
// reader typed (escaped), so "<div>" in a comment about HTML stays readable.
import { createHash } from 'node:crypto';
import linkifyHtml from 'linkify-html';
import { find as findLinks } from 'linkifyjs';
import sanitizeHtml from 'sanitize-html';

const REL = 'nofollow ugc noopener';
const INLINE_TAGS = ['a', 'b', 'strong', 'i', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'];
const BLOCK_START = /^<(blockquote|ul|ol)\b/i;

const common: sanitizeHtml.IOptions = {
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Not a sanitizer concern, but a reader's "<3" must not swallow text.
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

/** First pass, on the raw text: allowlisted tags stay, any other tag is escaped into visible text. */
const firstPass: sanitizeHtml.IOptions = { ...common, allowedTags: INLINE_TAGS, disallowedTagsMode: 'escape' };

/** Last pass, on the finished HTML: the same allowlist plus paragraphs, every link marked. */
const lastPass: sanitizeHtml.IOptions = {
  ...common,
  allowedTags: [...INLINE_TAGS, 'p', 'br'],
  allowedAttributes: { a: ['href', 'rel'] },
  disallowedTagsMode: 'discard',
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: REL } }) },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

const linkOptions = {
  defaultProtocol: 'https',
  ignoreTags: ['a', 'code', 'pre'],
  rel: REL,
  validate: { url: (value: string) => /^(https?:\/\/|www\.)/i.test(value) },
};

/** Paragraphs from blank lines, <br> from single newlines; <pre> blocks keep theirs. */
function paragraphs(html: string): string {
  return html
    .split(/(<pre\b[^>]*>[\s\S]*?<\/pre>)/i)
    .map((segment, i) => (i % 2 === 1 ? segment : textParagraphs(segment)))
    .join('');
}

function textParagraphs(text: string): string {
  return text
    .split(/\n[ \t]*\n+/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK_START.test(chunk) ? chunk.replace(/>\s*\n\s*</g, '><').replace(/\n/g, '<br />') : `<p>${chunk.replace(/\n/g, '<br />')}</p>`))
    .join('');
}

export function renderBody(body: string, { shortcut = true } = {}): string {
  const text = body.replace(/\r\n?/g, '\n');
  // Most comments are plain text. Without <, > or & nothing can become markup
  // or an entity, so when there is no link either, paragraphs are all there is to add.
  const markup = /[<>&]/.test(text);
  if (shortcut && !markup && findLinks(text).length === 0) return paragraphs(text);
  const safe = markup ? sanitizeHtml(text, firstPass) : text;
  const linked = linkifyHtml(safe, linkOptions);
  return sanitizeHtml(paragraphs(linked), lastPass);
}

/** The same words in the same order, whatever the spacing or case. */
export const bodyFingerprint = (body: string) =>
  createHash('sha256').update(body.trim().replace(/\s+/g, ' ').toLowerCase()).digest('hex');
