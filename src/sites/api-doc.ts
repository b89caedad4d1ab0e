// Site settings (routes.ts) as the API document describes them (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { fails, json } from '../api/route-doc.js';
import { SiteSettings } from '../responses.js';
import { SiteId, SiteSettingsChange } from './schema.js';

const admin = { tag: 'Admins', access: 'admin', sameOrigin: true, params: { id: SiteId } } as const;

export const sitesApi: RouteDoc[] = [
  {
    ...admin,
    method: 'get',
    path: '/api/admin/sites/:id',
    operationId: 'siteSettings',
    summary: "A site's settings",
    responses: { 200: json('Every setting.', SiteSettings), 404: fails('site_not_found') },
  },
  {
    ...admin,
    method: 'patch',
    path: '/api/admin/sites/:id',
    operationId: 'updateSiteSettings',
    summary: "Change a site's settings",
    description: 'Any subset of the settings; null clears `closeAfterDays` and `webhookUrl`. Every instance follows within 2 s.',
    body: SiteSettingsChange,
    responses: { 200: json('Every setting, as they are now.', SiteSettings), 404: fails('site_not_found') },
  },
];
