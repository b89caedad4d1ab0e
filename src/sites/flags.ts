// `site:update`'s flags (DESIGN.md §3), turned into the same settings change
// the admin API takes, so both are validated by one schema (schema.ts). A
// value that is not a number stays text: the schema then names the setting.
export const SITE_UPDATE_OPTIONS = {
  site: { type: 'string' },
  name: { type: 'string' },
  mode: { type: 'string' },
  'max-links': { type: 'string' },
  'moderation-words': { type: 'string' },
  'disallowed-words': { type: 'string' },
  depth: { type: 'string' },
  'flood-seconds': { type: 'string' },
  'close-after-days': { type: 'string' },
  webhook: { type: 'string' },
  origin: { type: 'string', multiple: true },
  'add-origin': { type: 'string', multiple: true },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

const whole = (s: string) => (/^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : s);
/** "a, b,,c" → ["a", "b", "c"]; "" clears the list. */
const words = (s: string) =>
  s
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');

/**
 * Only the flags given: the rest of the site stays as it is. `--origin`
 * replaces the whole list; `--add-origin` adds to it (to `current`, the
 * site's list, or to the `--origin`s given with it).
 */
export function siteChangeFromFlags(v: Values, current: readonly string[] = []): Record<string, unknown> {
  const text = (flag: string) => (typeof v[flag] === 'string' ? (v[flag] as string) : undefined);
  const change: Record<string, unknown> = {};
  const put = (key: string, flag: string, convert: (s: string) => unknown = (s) => s) => {
    const value = text(flag);
    if (value !== undefined) change[key] = convert(value);
  };
  put('name', 'name');
  put('mode', 'mode');
  put('maxLinks', 'max-links', whole);
  put('moderationWords', 'moderation-words', words);
  put('disallowedWords', 'disallowed-words', words);
  put('depthLimit', 'depth', whole);
  put('floodSeconds', 'flood-seconds', whole);
  put('closeAfterDays', 'close-after-days', (s) => (s.trim().toLowerCase() === 'never' ? null : whole(s)));
  put('webhookUrl', 'webhook', (s) => (s.trim().toLowerCase() === 'none' ? null : s));
  if (Array.isArray(v.origin)) change.allowedOrigins = v.origin;
  const added = v['add-origin'];
  if (Array.isArray(added)) change.allowedOrigins = [...new Set([...((change.allowedOrigins as string[] | undefined) ?? current), ...added])];
  return change;
}
