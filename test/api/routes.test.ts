// The API document's route list (src/api/route-list.ts) is the list of what
// Express really serves: a route added without its description, or a
// description left behind by a removed route, fails here.
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/api/route-list.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  slash?: boolean;
}

/** Every route of the app's router stack, nested routers included, as `METHOD /path`; and the routers not mounted at the root. */
function expressRoutes(app: Express) {
  const routes = new Set<string>();
  const mountedElsewhere: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = [layer.route.path].flat().map((p) => (p.length > 1 ? p.replace(/\/$/, '') : p));
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all'))
          for (const path of paths) routes.add(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle.stack) {
        if (!layer.slash) mountedElsewhere.push(String(layer.route ?? 'a router'));
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return { routes, mountedElsewhere };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoSiteId: 'demo' });
});
afterAll(() => t.close());

describe('the route list of the API document', () => {
  it('holds every route Express serves, and nothing else', () => {
    const { routes } = expressRoutes(t.app);
    expect(routes.size).toBeGreaterThan(20);
    const documented = new Set(API_ROUTES.filter((r) => !r.middleware).map((r) => `${r.method.toUpperCase()} ${r.path}`));
    expect([...routes].filter((r) => !documented.has(r)).sort(), 'served but not described in src/api/route-list.ts').toEqual([]);
    expect([...documented].filter((r) => !routes.has(r)).sort(), 'described but not served').toEqual([]);
  });

  it('mounts every router at the root, so that a route’s own path is its whole template (the metrics label requests by it)', () => {
    expect(expressRoutes(t.app).mountedElsewhere).toEqual([]);
  });

  it('describes each route once, with a unique operation id', () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBe(new Set(keys).size);
    const ids = API_ROUTES.map((r) => r.operationId);
    expect(ids.length).toBe(new Set(ids).size);
  });
});
