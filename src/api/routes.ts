// GET /api/openapi.json (DESIGN.md §10): the API document, built on the
// first request and kept (it changes only with the code). Public, as the API
// it describes; any origin may read it (a documentation viewer elsewhere).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { OwnOrigin } from '../http/origin.js';
import { projectRoot } from '../paths.js';
import { apiDocument } from './document.js';
import { API_ROUTES } from './route-list.js';

export function apiDocumentRouter(deps: { origin: OwnOrigin }): Router {
  const router = Router();
  let body: string | undefined;
  router.get('/api/openapi.json', (_req, res) => {
    body ??= JSON.stringify(apiDocument(API_ROUTES, { serverUrl: deps.origin.url, version: packageVersion() }));
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }).type('json').send(body);
  });
  return router;
}

const packageVersion = () => (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
