// What a site is made of, validated the same way wherever a site is created
// or changed (CLI now, the admin API later).
import { z } from 'zod';

export const SiteName = z.string().trim().min(1, { error: 'Name is required.' }).max(200, { error: 'Name must be at most 200 characters.' });

/** An http(s) origin: scheme, host and optional port, nothing else. */
export const Origin = z
  .string()
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

export const ModerationMode = z.enum(['pre', 'post', 'trusted'], { error: 'Mode must be pre, post or trusted.' });

export const NewSite = z.object({
  name: SiteName,
  allowedOrigins: z.array(Origin).min(1, { error: 'At least one origin is required.' }).max(50).transform((list) => [...new Set(list)]),
  mode: ModerationMode.default('pre'),
});
export type NewSite = z.input<typeof NewSite>;

/** Public site ids are short, URL-safe and safe on a command line (no leading dash). */
export const SiteId = z.string().regex(/^[a-z0-9]{1,32}$/, { error: 'A site id is 1–32 lower-case letters and digits.' });
