// A site's settings as an admin reads them (GET/PATCH /api/admin/sites/:id,
// `site:update`): every setting, nothing else.
import type { SiteRow } from './repository.js';

export interface SiteSettings {
  id: string;
  name: string;
  allowedOrigins: string[];
  mode: 'pre' | 'post' | 'trusted';
  maxLinks: number;
  moderationWords: string[];
  disallowedWords: string[];
  depthLimit: number;
  floodSeconds: number;
  closeAfterDays: number | null;
  webhookUrl: string | null;
}

export const forAdmin = (s: SiteRow): { site: SiteSettings } => ({
  site: {
    id: s.id,
    name: s.name,
    allowedOrigins: s.allowedOrigins,
    mode: s.mode,
    maxLinks: s.maxLinks,
    moderationWords: s.moderationWords,
    disallowedWords: s.disallowedWords,
    depthLimit: s.depthLimit,
    floodSeconds: s.floodSeconds,
    closeAfterDays: s.closeAfterDays,
    webhookUrl: s.webhookUrl,
  },
});
