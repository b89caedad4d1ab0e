// Bans (DESIGN.md §6): wiring only. Mounted inside the moderation router
// (src/moderation/routes.ts), behind its same-origin check, its session check
// and its no-store header; on its own it would have neither.
import { Router } from 'express';
import { signedInOf } from '../../auth/middleware.js';
import { banNotFound } from '../../errors.js';
import { parseOrThrow } from '../../validation.js';
import { BanId, BansQuery, NewBan } from './schema.js';
import { banAuthor, liftBan, listBans, type BanDeps } from './service.js';

export function bansRouter(deps: BanDeps): Router {
  const router = Router();

  router.get('/api/moderation/bans', async (req, res) => {
    res.json(await listBans(deps, signedInOf(req), parseOrThrow(BansQuery, req.query)));
  });

  // 201 with the new ban; 200 with the same ban when this author was already banned so.
  router.post('/api/moderation/bans', async (req, res) => {
    const { ban, created } = await banAuthor(deps, signedInOf(req), parseOrThrow(NewBan, req.body ?? {}));
    res.status(created ? 201 : 200).json({ ban });
  });

  router.delete('/api/moderation/bans/:id', async (req, res) => {
    const id = BanId.safeParse(req.params.id);
    if (!id.success) throw banNotFound();
    await liftBan(deps, signedInOf(req), id.data);
    res.status(204).end();
  });

  return router;
}
