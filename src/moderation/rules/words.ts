// Whole-word, case-insensitive matching of a site's word lists, as WordPress
// matches its "Comment Moderation" and "Disallowed Comment Keys" lists. One
// regular expression per list (literals in an alternation, bounded by
// letter/digit look-arounds): linear in the text for a list of bounded size.

const compiled = new Map<string, RegExp | null>();
const MAX_CACHED = 1_000;

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(words: readonly string[]): RegExp | null {
  const key = words.join('\u0000');
  let re = compiled.get(key);
  if (re !== undefined) return re;
  const list = [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))];
  re = list.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu') : null;
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(key, re);
  return re;
}

/** Whether any of `texts` holds one of `words` as a whole word (or phrase), in any case. */
export function hasWord(words: readonly string[], texts: ReadonlyArray<string | undefined>): boolean {
  const re = matcher(words);
  return re !== null && texts.some((t) => t !== undefined && re.test(t));
}
