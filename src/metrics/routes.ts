// GET /metrics (DESIGN.md §10): Prometheus text. With METRICS_TOKEN set it
// needs `Authorization: Bearer <token>`, compared in constant time; without,
// it is open to whoever reaches it (keep it on an internal network). No CORS,
// and mounted before the readers' request limits: a scraper is not a reader.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { metricsTokenRequired } from '../errors.js';
import type { Metrics } from './registry.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether an Authorization header carries `token`: both sides hashed first, so the comparison takes the same time whatever was sent. */
function bearerCheck(token: string): (header: string | undefined) => boolean {
  const expected = digest(token);
  return (header) => {
    const sent = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    return sent !== undefined && timingSafeEqual(digest(sent), expected);
  };
}

export function metricsRouter(deps: { metrics: Metrics; token: string | undefined }): Router {
  const router = Router();
  const authorized = deps.token === undefined ? () => true : bearerCheck(deps.token);
  router.get('/metrics', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!authorized(req.get('authorization'))) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw metricsTokenRequired();
    }
    res.type(deps.metrics.contentType).send(await deps.metrics.render());
  });
  return router;
}
