// A site's settings as an admin reads them (GET/PATCH /api/admin/sites/:id,
// `site:update`): every setting, nothing else; beside them, the secret that
// signs the site's webhook calls (webhooks/signature.ts), which only admins
// see. It is not a setting (it derives from PARLEY_SECRET), so it stays out of
// `site`: a settings object read, edited and sent back stays valid.
import type { SiteSettingsAnswer } from '../contracts.js';
import type { Keys } from '../security/keys.js';
import { webhookSecret } from '../webhooks/signature.js';
import type { SiteRow } from './repository.js';

export type { SiteSettings, SiteSettingsAnswer } from '../contracts.js';

/** `keys` left out (a caller that only changes settings): no secret in the answer. */
export const forAdmin = (s: SiteRow, keys?: Keys): SiteSettingsAnswer => ({
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
  ...(keys ? { webhookSecret: s.webhookUrl ? webhookSecret(keys, s.id) : null } : {}),
});
