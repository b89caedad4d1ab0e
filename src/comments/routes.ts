// The readers' API: wiring only (DESIGN.md §5).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { AUTHOR_TOKEN_HEADER } from '../contracts.js';
import { notAnObject, unsupportedMediaType } from '../errors.js';
import { publicCors } from './cors.js';
import type { OwnOrigin } from '../http/origin.js';
import type { RequestLimitMark } from '../http/request-limits.js';
import { parseOrThrow } from '../validation.js';
import { CommentsQuery, CountsQuery, FormTokenQuery, NewComment } from './schema.js';
import { countComments, formTokenFor, listComments, postComment, type CommentsDeps, type Reader } from './service.js';

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

export function commentsRouter(deps: CommentsDeps & { db: Db; config: Config; origin: OwnOrigin }): Router {
  const readerOf = (req: Request, res: Response): Reader => ({
    overLimit: (res.locals as RequestLimitMark).overLimit,
    origin: req.get('origin'),
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: req.get('user-agent'),
    authorToken: req.get(AUTHOR_TOKEN_HEADER),
  });

  const router = Router();
  router.use(['/api/comments', '/api/counts', '/api/form-token'], publicCors(deps), noStore);

  router.get('/api/comments', async (req, res) => {
    res.json(await listComments(deps, parseOrThrow(CommentsQuery, req.query), readerOf(req, res)));
  });

  router.post('/api/comments', requireJson, async (req, res) => {
    res.status(201).json(await postComment(deps, parseOrThrow(NewComment, req.body), readerOf(req, res)));
  });

  router.get('/api/form-token', async (req, res) => {
    res.json(await formTokenFor(deps, parseOrThrow(FormTokenQuery, req.query).site, readerOf(req, res)));
  });

  router.get('/api/counts', async (req, res) => {
    res.json(await countComments(deps, parseOrThrow(CountsQuery, req.query), readerOf(req, res)));
  });

  return router;
}
