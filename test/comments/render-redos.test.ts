// Rendering time stays linear in the body: no regular expression or library
// call backtracks over what a reader typed. Each shape below is a full-size
// body (10,000 characters, the limit) built to hit a known worst case; a
// quadratic step turns the worst of them into 35-900 ms, a linear pipeline
// into a few ms. Quadratic steps too cheap to pass 20 ms at 10,000 characters
// show in how the time grows with the length.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRenderer, renderBody } from '../../src/comments/render.js';
import { loadHtmlRenderer, renderHtmlBody } from '../../src/comments/render-html.js';

beforeAll(() => Promise.all([loadRenderer(), loadHtmlRenderer()]));

/** New comments are Markdown (render.ts); imported ones HTML (render-html.ts): both get every shape. */
const RENDERERS = { 'a Markdown body': renderBody, 'an imported HTML body': renderHtmlBody } as const;
type Render = (body: string) => string;

const BODY_MAX = 10_000;
const LIMIT_MS = 20;

/** `unit` repeated to exactly `length` characters (after `head`, before `tail`). */
function body(unit: string, { head = '', tail = '', length = BODY_MAX } = {}): string {
  const room = length - head.length - tail.length;
  return head + unit.repeat(Math.ceil(room / unit.length)).slice(0, room) + tail;
}

/** Runs of `unit` `length` characters long, space-separated, then `tail`: the longest runs linkify is still given. */
function runs(unit: string, length: number, tail = ''): string {
  const run = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return body(`${run} `, { tail });
}

const SHAPES: Record<string, string> = {
  // Whitespace holding newlines after ">" inside a list or quote (the old />\s*\n\s*</).
  'whitespace and newlines after ">" in a list': body('\u00a0\n', { head: '<ul>', tail: 'x' }),
  'ideographic spaces and newlines after ">" in a quote': body('\u3000\n', { head: '<blockquote>', tail: 'x' }),
  'spaces then one newline after ">"': body(' ', { head: '<ul><li>a</li>', tail: '\nb' }),
  '">\\n" repeated': body('>\n'),
  '">\\n" repeated in a quote': body('>\n', { head: '<blockquote>' }),
  'many "<pre>" never closed': body('<pre>'),
  'many "<pre x" never closed': body('<pre x'),
  '"<pre>" and newlines': body('<pre>\n'),
  // linkify-html decodes a link's address: "&lt;pre" in an href comes back as "<pre" with no "</pre>" after it.
  'many "<pre" in a link\'s address': body('<pre', { head: '<a href="https://x.example/', tail: '">x</a>' }),
  'many "<pre>" in a link\'s address': body('&lt;pre&gt;', { head: '<a href="https://x.example/', tail: '">x</a>' }),
  'a run of "<"': body('<'),
  'a run of ">"': body('>'),
  'a run of "</"': body('</'),
  'deeply nested allowed tags': body('<blockquote><ul><li><b><i><em><strong><code>'),
  'nested lists': body('<ul><li>'),
  'a run of "&"': body('&'),
  'a run of "&amp;"': body('&amp;'),
  'a run of "&#x"': body('&#x1'),
  'one long word': body('a'),
  'newlines': body('\n'),
  'blank lines of spaces and tabs': body('\n \t'),
  // linkify's parser restarts after each failed match: runs that look like links but never are.
  'many "http://" fragments': body('http://'),
  '"http://" fragments without a host': body('http://.a'),
  '"www." fragments': body('www.'),
  '"www.a." fragments': body('www.a.'),
  'a dotted run with no TLD': body('a.'),
  'a dotted run of accented letters': body('é.'),
  'a path-like run': body('a/'),
  'underscored labels': body('_a.'),
  'hyphenated labels': body('a-b.'),
  'email-like fragments': body('a@b.'),
  'an http URL cut by "・", then a dotted run': body('a.', { head: 'https://example.com/x・' }),
  'a long URL after a dotted prefix': body('é.', { head: `${'é.'.repeat(31)}(https://example.com/` }),
  // The longest runs still linked, each costly, and a link so every pass runs.
  '64-character dotted runs, and a link': runs('é.', 64, ' https://example.com'),
  '64-character label runs, and a link': runs('a-b.', 64, ' https://example.com'),
  '64-character runs with markup': runs('_a.', 64, ' <b>x</b>'),
  'mixed markup, links and entities': body('<ul>\n <li>http://a.example &amp; <b>x</b> me@example.com\n\n<pre>'),
  // Markdown's delimiters, brackets and block markers, unclosed or alternating.
  'a run of "*"': body('*'),
  '"*a" repeated': body('*a'),
  '"_a" repeated': body('_a'),
  'a run of "`"': body('`'),
  '"`a" repeated': body('`a'),
  '"``a`" repeated': body('``a`'),
  'a run of "["': body('['),
  '"[a" repeated': body('[a'),
  '"[a](" repeated': body('[a]('),
  '"[a](b \\"" repeated': body('[a](b "'),
  'link reference definitions': body('[a]: '),
  '"![" repeated': body('!['),
  'a run of "\\"': body('\\'),
  'nested quotes': body('>', { tail: ' x' }),
  'nested list items': body('-\n '),
  'list items': body('- a\n'),
  'ordered list items': body('1. a\n'),
  'unclosed fences': body('```\n'),
  'Markdown delimiters mixed': body('*_[`<&'),
};

/** Shapes whose cost was quadratic in the length, some too cheap at 10,000 characters to pass 20 ms. */
const GROWING: Record<string, (length: number) => string> = {
  'whitespace and newlines after ">" in a list': (length) => body('\u00a0\n', { head: '<ul>', tail: 'x', length }),
  'many "<pre" in a link\'s address': (length) => body('<pre', { head: '<a href="https://x.example/', tail: '">x</a>', length }),
  'many "<pre" in a linked address': (length) => body('&lt;pre', { head: 'https://x.example/', length }),
  'a dotted run with no TLD': (length) => body('a.', { length }),
  '"www.a." fragments': (length) => body('www.a.', { length }),
};

/** An ordinary full-size comment (prose, markup, a quote, a list, links): about 3 ms on a quiet machine. */
const ORDINARY = body(
  'I read the piece twice. The <b>second</b> half, on https://example.com/news/2024/a-story, is <i>much</i> better:\n\n' +
    '<blockquote>a quoted line</blockquote>\n<ul>\n<li>one point</li>\n<li>another</li>\n</ul>\nThanks, me@example.com\n\n',
);

/** The limit, for a machine that now takes `ordinary` ms for ORDINARY: 20 ms, more only while it is busy with other work. */
const limit = (ordinary: number) => Math.max(LIMIT_MS, 6 * ordinary);

/**
 * The best time of each text, rendered in turn: best of 3 after a warm-up.
 * On a machine busy with other work a linear render can take several times
 * its cost, so while the times do not pass it keeps sampling, for up to 2 s:
 * a quiet moment shows the real cost, and a quadratic shape never passes
 * however often it runs.
 */
function fastest(render: Render, texts: readonly string[], passes: (best: number[]) => boolean): number[] {
  for (const text of texts) render(text);
  const until = performance.now() + 2_000;
  const best = texts.map(() => Infinity);
  for (let i = 0; i < 3 || (!passes(best) && performance.now() < until); i++) {
    texts.forEach((text, j) => {
      const start = performance.now();
      render(text);
      best[j] = Math.min(best[j]!, performance.now() - start);
    });
  }
  return best;
}

describe.each(Object.entries(RENDERERS))('rendering %s of 10,000 characters and a worst shape', (_, render) => {
  it.each(Object.entries(SHAPES))(`%s: under ${LIMIT_MS} ms`, (_, text) => {
    expect(text.length).toBe(BODY_MAX);
    const [ms, ordinary] = fastest(render, [text, ORDINARY], ([ms, ordinary]) => ms! < limit(ordinary!));
    expect(ms, `an ordinary body took ${ordinary!.toFixed(1)} ms`).toBeLessThan(limit(ordinary!));
  });

  it.each(Object.entries(GROWING))('%s: four times as long takes under six times as long (linear: 4, quadratic: 16)', (_, shape) => {
    // Under 2 ms is too little to tell growth from noise (and no quadratic shape is that fast).
    const bound = (small: number) => Math.max(6 * small, 2);
    const [small, large] = fastest(render, [shape(BODY_MAX / 4), shape(BODY_MAX)], ([small, large]) => large! < bound(small!));
    expect(large).toBeLessThan(bound(small!));
  });
});

describe.each(Object.entries(RENDERERS))('the bound on linking, in %s', (_, render) => {
  it('still links a long URL, also after a bracket or a word and a comma', () => {
    const url = `https://news.example/2024/05/12/${'slug-'.repeat(40)}?utm_source=x&utm_medium=y`;
    for (const text of [url, `(${url})`, `see,${url}`])
      expect(render(text)).toContain(`<a href="${url.replace(/&/g, '&amp;')}" rel="nofollow ugc noopener">`);
  });

  it('shows a long run that is no link as the text it is, whichever path renders it', () => {
    const run = 'a.'.repeat(200);
    expect(render(run)).toBe(`<p>${run}</p>`);
    expect(render(`${run} https://example.com`)).toBe(`<p>${run} <a href="https://example.com" rel="nofollow ugc noopener">https://example.com</a></p>`);
  });
});

it('an imported body keeps its markup around a long run that is no link', () => {
  const run = 'a.'.repeat(200);
  expect(renderHtmlBody(`<b>${run}</b> &amp;lt;${run}`)).toBe(`<p><b>${run}</b> &lt;${run}</p>`);
});
