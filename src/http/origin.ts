// Which browser origins may use a site's public API (DESIGN.md §5): the
// site's allowedOrigins, and the server's own origin for every site (so /demo
// and the dashboard work wherever Parley is hosted).
import type { Request } from 'express';
import type { Config } from '../config.js';

/** The server's own origin: PUBLIC_URL's, else the one this request was addressed to. */
export const serverOrigin = (config: Config, req: Request) => config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export const siteAllows = (site: { allowedOrigins: readonly string[] }, origin: string, own: string) =>
  origin === own || site.allowedOrigins.includes(origin);
