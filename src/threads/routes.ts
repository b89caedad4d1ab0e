// GET /threads/:site/:key — the thread page (page.ts) for readers without
// JavaScript and for crawlers: the comments the widget would show, approved
// only, read through the readers' service as GET /api/comments reads them
// (no Origin, no author token: nobody's pending comments, the same page for
// everyone), a page of top-level comments at a time.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { PublicComment } from '../contracts.js';
import { AppError } from '../errors.js';
import { listComments, type CommentsDeps } from '../comments/service.js';
import { parseOrThrow } from '../validation.js';
import { CSP, problemPage, threadPage } from './page.js';
import { ThreadPageParams, ThreadPageQuery } from './schema.js';

/** Top-level comments per page, each with all its replies. */
const PAGE = 50;
const Params = z.object(ThreadPageParams);

/** The page's ETag: the thread's version (as GET /api/comments's), marked as a page's. */
const pageTag = (apiTag: string) => apiTag.replace(/^W\/"/, 'W/"page.');
const apiTag = (pageTag: string | undefined) => (pageTag?.startsWith('W/"page.') ? pageTag.replace('W/"page.', 'W/"') : undefined);

function send(res: Response, status: number, html: string) {
  res.status(status).set('Content-Security-Policy', CSP).type('html').send(html);
}

export function threadsRouter(deps: CommentsDeps): Router {
  const router = Router();

  router.get('/threads/:site/:key', async (req, res) => {
    try {
      const { site, key } = parseOrThrow(Params, req.params);
      const { cursor } = parseOrThrow(ThreadPageQuery, req.query);
      const reader = { origin: undefined, ip: req.ip ?? 'unknown', userAgent: undefined, authorToken: undefined };
      const { etag, body } = await listComments(deps, { site, thread: key, cursor, since: undefined, limit: PAGE, sort: 'oldest' }, reader, apiTag(req.get('if-none-match')));
      // Public and the same for everyone, and revalidated by its version on every use: a comment a moderator
      // removes, or an author's erased data, is gone from shared caches at once (a 304 costs one small read).
      if (etag) res.set({ ETag: pageTag(etag), 'Cache-Control': 'public, no-cache' });
      if (!body) return void res.status(304).end();
      const next = body.nextCursor ? `?cursor=${encodeURIComponent(body.nextCursor)}` : null;
      // Without an author token there are no pending comments; the filter says so to the types.
      const approved = body.comments.filter((c): c is PublicComment => !('status' in c));
      send(res, 200, threadPage({ thread: body.thread, comments: approved, next, later: cursor !== undefined }));
    } catch (err) {
      // A reader's mistake gets a page, not the API's JSON; anything else goes to the error handler.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      if (err.code === 'site_not_found') return send(res, 404, problemPage('No such site', 'There is no site with this name here: check the link.'));
      const fields = err.details.fields as Record<string, string> | undefined;
      const why = fields && Object.keys(fields).length ? Object.values(fields).join(' ') : err.message;
      send(res, err.status, problemPage('This link is not right', `${why} Check the link, or start from the first page of comments.`));
    }
  });

  return router;
}
