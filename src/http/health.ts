// /healthz: the process answers. /readyz: it can also reach its database, so
// a load balancer sends traffic only to instances that can serve it.
import { Router } from 'express';
import type { Database } from '../db/client.js';
import { unavailable } from '../errors.js';

export function healthRouter(deps: { database: Pick<Database, 'ping'> }): Router {
  const router = Router();
  router.use(['/healthz', '/readyz'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (!(await deps.database.ping())) throw unavailable();
    res.json({ status: 'ready' });
  });
  return router;
}
