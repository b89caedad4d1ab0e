// The readers' API: wiring only (DESIGN.md §5).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { AUTHOR_TOKEN_HEADER } from '../contracts.js';
import { commentNotFound, notAnObject, unsupportedMediaType } from '../errors.js';
import { pathId } from '../http/params.js';
import { publicCors } from './cors.js';
import type { OwnOrigin } from '../http/origin.js';
import type { RequestLimitMark } from '../http/request-limits.js';
import { parseOrThrow } from '../validation.js';
import { CommentEdit, CommentId, CommentsQuery, ContextQuery, CountsQuery, FormTokenQuery, NewComment, PreviewRequest } from './schema.js';
import { deleteOwnComment, editOwnComment } from './own/service.js';
import { setLike } from './likes/service.js';
import { commentContext } from './context.js';
import { countComments, formTokenFor, listComments, postComment, previewBody, type CommentsDeps, type Reader, type Versioned } from './service.js';

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) throw unsupportedMediaType();
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw notAnObject();
  next();
};

const noStore: RequestHandler = (_req, res, next) => {
  // Personal (the author's pending comments) and live: never from a cache.
  res.set('Cache-Control', 'no-store');
  res.vary(AUTHOR_TOKEN_HEADER);
  next();
};

/**
 * A versioned answer: the same for every reader, so a browser may keep it
 * and ask again with If-None-Match (no-cache: always revalidated, as it is
 * live), and get 304 with no body when nothing they can see has changed.
 */
function answer<T>(res: Response, { etag, body }: Versioned<T>) {
  if (etag !== undefined) res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
  if (body === undefined) res.status(304).end();
  else res.json(body);
}

export function commentsRouter(deps: CommentsDeps & { db: Db; config: Config; origin: OwnOrigin }): Router {
  const readerOf = (req: Request, res: Response): Reader => ({
    overLimit: (res.locals as RequestLimitMark).overLimit,
    origin: req.get('origin'),
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: req.get('user-agent'),
    authorToken: req.get(AUTHOR_TOKEN_HEADER),
  });

  // A malformed id names no comment: 404, as an unknown one.
  const idOf = pathId(CommentId, commentNotFound);

  const router = Router();
  router.use(['/api/comments', '/api/counts', '/api/form-token', '/api/preview'], publicCors(deps), noStore);

  router.get('/api/comments', async (req, res) => {
    answer(res, await listComments(deps, parseOrThrow(CommentsQuery, req.query), readerOf(req, res), req.get('if-none-match')));
  });

  router.post('/api/comments', requireJson, async (req, res) => {
    res.status(201).json(await postComment(deps, parseOrThrow(NewComment, req.body), readerOf(req, res)));
  });

  router.get('/api/comments/:id/context', async (req, res) => {
    const query = parseOrThrow(ContextQuery, req.query);
    res.json(await commentContext(deps, idOf(req.params.id), query, readerOf(req, res)));
  });

  // The author's own comment, within 10 minutes of posting (own/service.ts).
  router.patch('/api/comments/:id', requireJson, async (req, res) => {
    const input = parseOrThrow(CommentEdit, req.body);
    res.json(await editOwnComment(deps, idOf(req.params.id), input, readerOf(req, res)));
  });

  router.delete('/api/comments/:id', async (req, res) => {
    await deleteOwnComment(deps, idOf(req.params.id), readerOf(req, res));
    res.status(204).end();
  });

  router.post('/api/comments/:id/like', async (req, res) => {
    res.json(await setLike(deps, idOf(req.params.id), true, readerOf(req, res)));
  });

  router.delete('/api/comments/:id/like', async (req, res) => {
    res.json(await setLike(deps, idOf(req.params.id), false, readerOf(req, res)));
  });

  router.post('/api/preview', requireJson, async (req, res) => {
    res.json(await previewBody(deps, parseOrThrow(PreviewRequest, req.body), readerOf(req, res)));
  });

  router.get('/api/form-token', async (req, res) => {
    res.json(await formTokenFor(deps, parseOrThrow(FormTokenQuery, req.query).site, readerOf(req, res)));
  });

  router.get('/api/counts', async (req, res) => {
    answer(res, await countComments(deps, parseOrThrow(CountsQuery, req.query), readerOf(req, res), req.get('if-none-match')));
  });

  return router;
}
