// The admins' sites (DESIGN.md §6, §12): the list, a new site, and GET and
// PATCH /api/admin/sites/:id, as the CLI's site:create and site:update. Wiring only.
import { Router } from 'express';
import type { Config } from '../config.js';
import { requireAdmin, requireModerator, requireSameOrigin, signedInOf } from '../auth/middleware.js';
import type { Sql } from '../comments/repository.js';
import type { Db } from '../db/client.js';
import { siteNotFound } from '../errors.js';
import type { OwnOrigin } from '../http/origin.js';
import { noStore, pathId } from '../http/params.js';
import type { Keys } from '../security/keys.js';
import type { SiteLookup } from './lookup.js';
import { SiteId } from './schema.js';
import { createSiteWithSettings, listSiteSettings, siteSettings, updateSiteSettings } from './service.js';

export function sitesRouter(deps: { db: Db; sql: Sql; sites: SiteLookup; keys: Keys; config: Config; origin: OwnOrigin }): Router {
  const router = Router();
  router.use('/api/admin/sites', requireSameOrigin(deps.origin), requireModerator(deps), requireAdmin, noStore);
  const idOf = pathId(SiteId, siteNotFound);

  router.get('/api/admin/sites', async (_req, res) => {
    res.json(await listSiteSettings(deps));
  });

  router.post('/api/admin/sites', async (req, res) => {
    res.status(201).json(await createSiteWithSettings(deps, req.body ?? {}, signedInOf(req).moderator.id));
  });

  router.get('/api/admin/sites/:id', async (req, res) => {
    res.json(await siteSettings(deps, idOf(req.params.id)));
  });

  router.patch('/api/admin/sites/:id', async (req, res) => {
    res.json(await updateSiteSettings(deps, idOf(req.params.id), req.body ?? {}, signedInOf(req).moderator.id));
  });

  return router;
}
