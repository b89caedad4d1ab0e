// A comment quoted outside its page (mail, webhooks): its text as written, on
// one line, shortened. A pointer to the comment, not a copy of it.

/** Any run of whitespace or control characters becomes one space. */
export const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();

/** The first `max` characters of a text on one line, cut at a word where one is near, with "…" when shortened. */
export function excerpt(text: string, max = 300): string {
  const flat = oneLine(text);
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
