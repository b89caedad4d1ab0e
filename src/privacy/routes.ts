// The admins' personal-data API (DESIGN.md §3, §6): a reader's export and
// erasure, as the CLI's privacy:export and privacy:erase. Wiring only.
import { noStore } from '../http/params.js';
import { Router, type RequestHandler } from 'express';
import type { Sql } from '../comments/repository.js';
import type { Config } from '../config.js';
import { requireAdmin, requireModerator, requireSameOrigin, signedInOf } from '../auth/middleware.js';
import type { OwnOrigin } from '../http/origin.js';
import { parseOrThrow } from '../validation.js';
import { EraseRequest, ExportRequest } from './schema.js';
import { erasePersonalData, exportPersonalData, type PrivacyDeps } from './service.js';

export function privacyRouter(deps: PrivacyDeps & { sql: Sql; config: Config; origin: OwnOrigin }): Router {
  const router = Router();
  // Admins only: a moderator's sites do not make them the keeper of every reader's data.
  // An export holds personal data: no cache may keep it.
  router.use('/api/admin/privacy', requireSameOrigin(deps.origin), requireModerator(deps), requireAdmin, noStore);

  const adminOf = (req: Parameters<RequestHandler>[0]) => {
    const { moderator } = signedInOf(req);
    return { by: { id: moderator.id, name: moderator.name } };
  };

  router.post('/api/admin/privacy/export', async (req, res) => {
    const { email } = parseOrThrow(ExportRequest, req.body ?? {});
    res.json(await exportPersonalData(deps, email, adminOf(req)));
  });

  router.post('/api/admin/privacy/erase', async (req, res) => {
    const { email, deleteContent } = parseOrThrow(EraseRequest, req.body ?? {});
    res.json(await erasePersonalData(deps, email, { ...adminOf(req), deleteContent }));
  });

  return router;
}
