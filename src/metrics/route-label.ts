// The `route` label of a request's latency: the template of the route that
// answered it (`/api/moderation/comments/:id/status`, never an id), so the
// label set stays as small as the API whatever paths clients send. A path no
// route knows is `unmatched`: a scanner's thousand paths are one series.
//
// Every router is mounted at the root (src/app.ts), so a route's own path is
// its whole template; test/api/routes.test.ts keeps it so.
import type { Request, Response } from 'express';

export const UNMATCHED = 'unmatched';

/** What a middleware that answers without a route (the static files) leaves in res.locals to name itself. */
export interface RouteMark {
  route?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** As Express matches a template: any case, one optional trailing slash, a parameter is one path segment. */
const patternOf = (template: string) =>
  new RegExp(`^${template.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : escape(seg))).join('/')}/?$`, 'i');

/**
 * `templates` are the documented routes (src/api/routes.ts): a request
 * answered before its route ran (a guard's 401, the request limits' 429, a
 * body that is not JSON) is still labelled with its route. Only those rare
 * answers walk the list; a routed request reads `req.route`.
 */
export function routeLabeler(templates: readonly string[]): (req: Request, res: Response) => string {
  const known = [...new Set(templates)].map((template) => ({ template, pattern: patternOf(template) }));
  return (req, res) => {
    const path: unknown = req.route?.path;
    if (typeof path === 'string') return path;
    if (Array.isArray(path) && typeof path[0] === 'string') return path[0];
    const marked = (res.locals as RouteMark).route;
    if (marked) return marked;
    const url = (req.originalUrl ?? req.url).split('?')[0]!;
    return known.find((k) => k.pattern.test(url))?.template ?? UNMATCHED;
  };
}
