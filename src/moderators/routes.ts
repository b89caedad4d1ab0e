// The admins' Moderators page (DESIGN.md §12): list, create (a generated
// password, shown once), change name, role and sites, remove. Wiring only.
import { Router } from 'express';
import type { Config } from '../config.js';
import { requireAdmin, requireModerator, requireSameOrigin, signedInOf } from '../auth/middleware.js';
import type { Sql } from '../comments/repository.js';
import type { Db } from '../db/client.js';
import { moderatorNotFound } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { OwnOrigin } from '../http/origin.js';
import { noStore, pathId } from '../http/params.js';
import { ModeratorId } from './schema.js';
import { changeModerator, dismissModerator, inviteModerator, listManaged } from './service.js';

export function moderatorsRouter(deps: { db: Db; sql: Sql; events: EventBus; config: Config; origin: OwnOrigin }): Router {
  const router = Router();
  router.use('/api/admin/moderators', requireSameOrigin(deps.origin), requireModerator(deps), requireAdmin, noStore);
  const idOf = pathId(ModeratorId, moderatorNotFound);

  router.get('/api/admin/moderators', async (_req, res) => {
    res.json({ moderators: await listManaged(deps) });
  });

  router.post('/api/admin/moderators', async (req, res) => {
    res.status(201).json(await inviteModerator(deps, signedInOf(req).moderator.id, req.body ?? {}));
  });

  router.patch('/api/admin/moderators/:id', async (req, res) => {
    res.json({ moderator: await changeModerator(deps, signedInOf(req).moderator.id, idOf(req.params.id), req.body ?? {}) });
  });

  router.delete('/api/admin/moderators/:id', async (req, res) => {
    await dismissModerator(deps, signedInOf(req).moderator.id, idOf(req.params.id));
    res.status(204).end();
  });

  return router;
}
