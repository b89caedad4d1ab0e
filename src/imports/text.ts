// Plain-text fields of an imported comment (a name, a title): WordPress keeps
// some of them with HTML entities ("Tom &amp; Jerry", "&#8217;"), and Parley
// shows them as text (textContent), so they are decoded once, here. Text that
// PostgreSQL or a browser would choke on (NUL and other control characters,
// lone surrogates) is dropped, and lengths are cut to the column's, counted
// in code points as PostgreSQL counts them.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g;

export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (all, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? all;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** The first `max` code points. */
export function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  return Array.from(value).slice(0, max).join('');
}

/** One line of text: entities decoded, control characters and runs of spaces made single spaces, trimmed, cut to `max`. */
export function plainLine(value: string, max: number): string {
  const line = decodeEntities(value)
    .toWellFormed()
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim();
  return cut(line, max).trim();
}

/** Multi-line text (a body): lone surrogates and control characters other than newline and tab dropped. */
export const cleanMultiline = (value: string) => value.toWellFormed().replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
