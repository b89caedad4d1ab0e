// The unsubscribe link of every message (mail/unsubscribe.ts):
//   GET  /api/unsubscribe?token=…  a small page with a button; changes nothing
//        (mail scanners and link previews open links; they must not unsubscribe anyone);
//   POST /api/unsubscribe?token=…  unsubscribes: the button, or a mail program's
//        one-click request (RFC 8058: form-encoded `List-Unsubscribe=One-Click`,
//        sent from no page at all, so neither Origin nor a cookie is asked for).
// The token is the only credential: it unsubscribes the address it was made
// for, from its list, and the pages never show the address.
import express, { Router, type Response } from 'express';
import type { Sql } from '../outbox/repository.js';
import type { Keys } from '../security/keys.js';
import { unsubscribePage } from './page.js';
import { unsubscribe } from './repository.js';
import { readUnsubscribeToken } from './unsubscribe.js';

const tokenOf = (query: unknown) => (query as { token?: unknown }).token;

function page(res: Response, status: number, html: string) {
  // The token is in the URL: no cache keeps the page, no Referer carries it (helmet: no-referrer).
  res.status(status).set('Cache-Control', 'no-store').type('html').send(html);
}

export function unsubscribeRouter(deps: { sql: Sql; keys: Keys }): Router {
  const router = Router();

  router.get('/api/unsubscribe', (req, res) => {
    const token = tokenOf(req.query);
    const target = readUnsubscribeToken(deps.keys, token);
    if (!target) return page(res, 400, unsubscribePage({ kind: 'invalid' }));
    page(res, 200, unsubscribePage({ kind: 'confirm', list: target.list, token: token as string }));
  });

  // One-click requests come form-encoded (some mail programs send multipart): the body is not needed, only read when small.
  router.post('/api/unsubscribe', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const target = readUnsubscribeToken(deps.keys, tokenOf(req.query));
    if (!target) return page(res, 400, unsubscribePage({ kind: 'invalid' }));
    await unsubscribe(deps.sql, target.list, target.addressDigest);
    page(res, 200, unsubscribePage({ kind: 'done', list: target.list }));
  });

  return router;
}
