// Site settings (routes.ts) as the API document describes them (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { fails, json } from '../api/route-doc.js';
import { SiteList, SiteSettings } from '../responses.js';
import { NewSiteSettings, SiteId, SiteSettingsChange } from './schema.js';

const admins = { tag: 'Admins', access: 'admin', sameOrigin: true } as const;
const admin = { ...admins, params: { id: SiteId } } as const;

export const sitesApi: RouteDoc[] = [
  {
    ...admins,
    method: 'get',
    path: '/api/admin/sites',
    operationId: 'listSites',
    summary: 'Every site, with its settings',
    responses: { 200: json('Oldest first.', SiteList) },
  },
  {
    ...admins,
    method: 'post',
    path: '/api/admin/sites',
    operationId: 'createSite',
    summary: 'Create a site',
    description: 'A name and origins, and any other setting; its id is generated. A widget on its origins may post at once.',
    body: NewSiteSettings,
    responses: { 201: json('Created: every setting.', SiteSettings) },
  },
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
