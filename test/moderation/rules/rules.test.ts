// The auto-moderation rules, each a pure function, and their order.
import { describe, expect, it } from 'vitest';
import { countLinks, moderate, RULES, type Candidate, type Facts, type RuleSettings } from '../../../src/moderation/rules/index.js';
import { hasWord } from '../../../src/moderation/rules/words.js';

const candidate = (over: Partial<Candidate> = {}): Candidate => ({
  body: 'A thoughtful comment.',
  bodyHtml: '<p>A thoughtful comment.</p>',
  name: 'Ada',
  email: 'ada@example.com',
  website: undefined,
  honeypot: undefined,
  ...over,
});
// A person's form token: shown a minute before the post.
const facts = (over: Partial<Facts> = {}): Facts => ({ banned: false, returningAuthor: false, formTokenAge: 60_000, ...over });
const settings = (over: Partial<RuleSettings> = {}): RuleSettings => ({ mode: 'post', maxLinks: 2, moderationWords: [], disallowedWords: [], ...over });
const link = (n: number) => Array.from({ length: n }, (_, i) => `<a href="https://e.example/${i}" rel="nofollow ugc noopener">x</a>`).join(' ');

describe('each rule', () => {
  it.each([
    ['post mode, nothing wrong', candidate(), facts(), settings(), 'approved', []],
    ['pre mode', candidate(), facts(), settings({ mode: 'pre' }), 'pending', ['premoderation']],
    ['trusted mode, a first comment', candidate(), facts(), settings({ mode: 'trusted' }), 'pending', ['first_comment']],
    ['trusted mode, a returning author', candidate(), facts({ returningAuthor: true }), settings({ mode: 'trusted' }), 'approved', []],
    ['a banned author', candidate(), facts({ banned: true }), settings(), 'spam', ['banned']],
    ['a disallowed word in the body', candidate({ body: 'cheap VIAGRA here' }), facts(), settings({ disallowedWords: ['viagra'] }), 'spam', ['disallowed_words']],
    ['a disallowed word in the website', candidate({ website: 'https://casino.example/' }), facts(), settings({ disallowedWords: ['casino'] }), 'spam', ['disallowed_words']],
    ['a disallowed word in the email', candidate({ email: 'casino@spam.example' }), facts(), settings({ disallowedWords: ['casino'] }), 'spam', ['disallowed_words']],
    ['a filled honeypot', candidate({ honeypot: 'http://bot.example' }), facts(), settings(), 'spam', ['honeypot']],
    ['an empty honeypot', candidate({ honeypot: '' }), facts(), settings(), 'approved', []],
    ['no form token (or a forged, expired or other site\'s one)', candidate(), facts({ formTokenAge: undefined }), settings(), 'pending', ['form_token']],
    ['a form token used 1 s after it was issued', candidate(), facts({ formTokenAge: 1_000 }), settings(), 'pending', ['too_fast']],
    ['a form token used just under 3 s after', candidate(), facts({ formTokenAge: 2_999 }), settings(), 'pending', ['too_fast']],
    ['a form token used 3 s after', candidate(), facts({ formTokenAge: 3_000 }), settings(), 'approved', []],
    ['one link under a limit of 2', candidate({ bodyHtml: link(1) }), facts(), settings(), 'approved', []],
    ['two links with a limit of 2', candidate({ bodyHtml: link(2) }), facts(), settings(), 'pending', ['links']],
    ['many links with the limit off (0)', candidate({ bodyHtml: link(9) }), facts(), settings({ maxLinks: 0 }), 'approved', []],
    ['a moderation word, in another case', candidate({ body: 'Read my NEWSLETTER' }), facts(), settings({ moderationWords: ['newsletter'] }), 'pending', ['words']],
    ['a moderation phrase in the name', candidate({ name: 'Buy Now Bob' }), facts(), settings({ moderationWords: ['buy now'] }), 'pending', ['words']],
  ] as const)('%s', (_what, c, f, s, status, reasons) => {
    expect(moderate(c, f, s)).toEqual({ status, heldReasons: reasons });
  });
});

describe('the order', () => {
  it('lets the first spam rule decide, alone', () => {
    const c = candidate({ body: 'viagra', honeypot: 'x', bodyHtml: link(5) });
    expect(moderate(c, facts({ banned: true }), settings({ mode: 'pre', disallowedWords: ['viagra'] }))).toEqual({ status: 'spam', heldReasons: ['banned'] });
    expect(moderate(c, facts(), settings({ mode: 'pre', disallowedWords: ['viagra'] }))).toEqual({ status: 'spam', heldReasons: ['disallowed_words'] });
    expect(moderate(c, facts(), settings({ mode: 'pre' }))).toEqual({ status: 'spam', heldReasons: ['honeypot'] });
  });

  it('keeps every reason that held a comment, in order', () => {
    const c = candidate({ body: 'my newsletter', bodyHtml: link(3) });
    expect(moderate(c, facts(), settings({ mode: 'pre', moderationWords: ['newsletter'] }))).toEqual({ status: 'pending', heldReasons: ['links', 'words', 'premoderation'] });
    expect(moderate(c, facts({ formTokenAge: 10 }), settings({ mode: 'trusted', moderationWords: ['newsletter'] }))).toEqual({
      status: 'pending',
      heldReasons: ['too_fast', 'links', 'words', 'first_comment'],
    });
  });

  it('lets a spam rule win over a missing form token', () => {
    expect(moderate(candidate({ honeypot: 'x' }), facts({ formTokenAge: undefined }), settings())).toEqual({ status: 'spam', heldReasons: ['honeypot'] });
  });

  it('runs banned → disallowed words → honeypot → form token → links → moderation words → mode', () => {
    expect(RULES.map((r) => r.name)).toEqual(['banned', 'disallowedWords', 'honeypot', 'formToken', 'tooManyLinks', 'moderationWords', 'mode']);
  });
});

describe('whole words', () => {
  it.each([
    [['ass'], 'a classic class', false],
    [['ass'], 'what an ass!', true],
    [['spam'], 'SPAM.', true],
    [['c++'], 'I write C++ daily', true],
    [['über'], 'Über alles', true],
    [['buy now'], 'buy  now', false],
    [[], 'anything', false],
    [['  ', ''], 'anything', false],
  ])('%j in %j → %s', (words, text, found) => {
    expect(hasWord(words, [text])).toBe(found);
  });

  it('stays fast on a long text and a long list', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}x`);
    const text = 'a'.repeat(10_000);
    const started = performance.now();
    expect(hasWord(words, [text, text, text, text])).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('counts links as shown (the anchors of the sanitized HTML)', () => {
    expect(countLinks('<p>no links</p>')).toBe(0);
    expect(countLinks(link(3))).toBe(3);
  });
});
