// The moderators' API: wiring only (DESIGN.md §6).
import { Router } from 'express';
import type { Config } from '../config.js';
import { requireModerator, requireSameOrigin, signedInOf } from '../auth/middleware.js';
import { parseOrThrow } from '../validation.js';
import { BulkChange, CommentId, QueueQuery, StatusChange, ThreadCorrection } from './schema.js';
import { commentNotFound } from '../errors.js';
import { noStore, pathId } from '../http/params.js';
import { sitesInScope } from '../sites/repository.js';
import { bulkSetStatus, correctThread, deleteComment, listQueue, setStatus, type ModerationDeps } from './service.js';
import { bansRouter } from './bans/routes.js';
import { editComment, replyTo } from './authoring/service.js';
import { AuditQuery } from './audit/schema.js';
import { auditTrail } from './audit/service.js';

export function moderationRouter(deps: ModerationDeps & { config: Config }): Router {
  const router = Router();
  router.use('/api/moderation', requireSameOrigin(deps.origin), requireModerator(deps), noStore);
  const idOf = pathId(CommentId, commentNotFound);

  // The sites a moderator may filter by (admins: all of them).
  router.get('/api/moderation/sites', async (req, res) => {
    res.json({ sites: await sitesInScope(deps.db, signedInOf(req).scope) });
  });

  router.get('/api/moderation/comments', async (req, res) => {
    res.json(await listQueue(deps, signedInOf(req), parseOrThrow(QueueQuery, req.query)));
  });

  router.post('/api/moderation/comments/bulk', async (req, res) => {
    const { ids, status, from } = parseOrThrow(BulkChange, req.body ?? {});
    res.json(await bulkSetStatus(deps, signedInOf(req), ids, status, from));
  });

  router.post('/api/moderation/comments/:id/status', async (req, res) => {
    const id = idOf(req.params.id);
    const { status, from } = parseOrThrow(StatusChange, req.body ?? {});
    res.json(await setStatus(deps, signedInOf(req), id, status, from));
  });

  router.delete('/api/moderation/comments/:id', async (req, res) => {
    await deleteComment(deps, signedInOf(req), idOf(req.params.id));
    res.status(204).end();
  });

  // Moderators write too: a reply from the card (published at once), an edit of a body.
  router.post('/api/moderation/comments/:id/replies', async (req, res) => {
    res.status(201).json(await replyTo(deps, signedInOf(req), idOf(req.params.id), req.body ?? {}));
  });

  router.patch('/api/moderation/comments/:id', async (req, res) => {
    res.json(await editComment(deps, signedInOf(req), idOf(req.params.id), req.body ?? {}));
  });

  router.get('/api/moderation/audit', async (req, res) => {
    res.json(await auditTrail(deps, signedInOf(req), parseOrThrow(AuditQuery, req.query)));
  });

  router.use(bansRouter(deps));

  // Readers set an article's title and URL with its first comment; only a moderator corrects them.
  router.patch('/api/moderation/threads', async (req, res) => {
    res.json(await correctThread(deps, signedInOf(req), parseOrThrow(ThreadCorrection, req.body ?? {})));
  });

  return router;
}
