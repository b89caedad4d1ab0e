// What a site is made of, validated the same way wherever a site is created
// or changed: the CLI (site:create, site:update) and the admin API
// (GET/PATCH /api/admin/sites/:id, DESIGN.md §6).
import { z } from 'zod';
import { isHttpUrl, requiredText } from '../http/fields.js';

export const SiteName = z.string().trim().min(1, { error: 'Name is required.' }).max(200, { error: 'Name must be at most 200 characters.' });

/** An http(s) origin: scheme, host and optional port, nothing else. */
export const Origin = z
  .string({ error: 'An origin must be text such as https://news.example.com.' })
  .trim()
  .transform((value, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not an origin such as https://news.example.com (http or https, no path).` });
      return z.NEVER;
    }
    return url.origin;
  });

export const AllowedOrigins = z
  .array(Origin, { error: 'Allowed origins must be a list of origins.' })
  .min(1, { error: 'At least one origin is required.' })
  .max(50, { error: 'At most 50 origins.' })
  .transform((list) => [...new Set(list)]);

export const ModerationMode = z.enum(['pre', 'post', 'trusted'], { error: 'Mode must be pre, post or trusted.' });

export const NewSite = z.object({
  name: SiteName,
  allowedOrigins: AllowedOrigins,
  mode: ModerationMode.default('pre'),
});
export type NewSite = z.input<typeof NewSite>;

/** Public site ids are short, URL-safe and safe on a command line (no leading dash). */
export const SiteId = z.string().regex(/^[a-z0-9]{1,32}$/, { error: 'A site id is 1–32 lower-case letters and digits.' });

/** A whole number within bounds, one message for every way of missing them. */
const whole = (min: number, max: number, message: string) => z.int({ error: message }).min(min, { error: message }).max(max, { error: message });

export const MAX_WORDS = 200;
export const MAX_WORD_LENGTH = 100;

/** Words (or phrases) matched case-insensitively: trimmed, each once (the first spelling kept). */
const WordList = (label: string) =>
  z
    .array(requiredText(`A ${label.toLowerCase().replace(/s$/, '')}`, { max: MAX_WORD_LENGTH }), { error: `${label} must be a list of words.` })
    .max(MAX_WORDS, { error: `${label}: at most ${MAX_WORDS} words.` })
    .transform((words) => {
      const seen = new Set<string>();
      return words.filter((w) => {
        const key = w.toLocaleLowerCase('en');
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    });

/**
 * PATCH /api/admin/sites/:id and `site:update`: any subset of the settings.
 * An absent key is left as it is; null clears closeAfterDays (never) and
 * webhookUrl (none). `id` may be sent back as read (a GET, edited, PATCHed)
 * but cannot change. Unknown keys are refused by name (see service.ts).
 */
export const SiteSettingsChange = z.strictObject({
  id: SiteId.optional(),
  name: requiredText('Name', { max: 200 }).optional(),
  allowedOrigins: AllowedOrigins.optional(),
  mode: ModerationMode.optional(),
  /** 0 turns the rule off, as in WordPress. */
  maxLinks: whole(0, 100, 'Max links must be a whole number from 0 (off) to 100.').optional(),
  moderationWords: WordList('Moderation words').optional(),
  disallowedWords: WordList('Disallowed words').optional(),
  depthLimit: whole(1, 10, 'Depth limit must be a whole number from 1 to 10.').optional(),
  floodSeconds: whole(0, 3600, 'Flood seconds must be a whole number from 0 (off) to 3600.').optional(),
  closeAfterDays: whole(1, 3650, 'Close after days must be a whole number from 1 to 3650, or null for never.').nullable().optional(),
  webhookUrl: requiredText('Webhook URL', {
    max: 2048,
    shape: { test: isHttpUrl, message: 'Webhook URL must be an http:// or https:// address.', format: 'uri' },
  })
    .nullable()
    .optional(),
});
export type SiteSettingsChange = z.output<typeof SiteSettingsChange>;

/** POST /api/admin/sites: a name and origins, and any other setting (the rest take their defaults). Its id is generated. */
export const NewSiteSettings = SiteSettingsChange.omit({ id: true }).extend({ name: requiredText('Name', { max: 200 }), allowedOrigins: AllowedOrigins });
export type NewSiteSettings = z.output<typeof NewSiteSettings>;

/** `thread:close` / `thread:open --site ID --thread KEY` */
export const ThreadRef = z.object({ site: SiteId, thread: requiredText('Thread', { max: 512 }) });
export type ThreadRef = z.output<typeof ThreadRef>;
