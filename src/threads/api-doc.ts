// The thread page (routes.ts) as the API document describes it (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { empty, media } from '../api/route-doc.js';
import { ThreadPageParams } from './schema.js';

export const threadsApi: RouteDoc[] = [
  {
    tag: 'Pages',
    method: 'get',
    path: '/threads/:site/:key',
    operationId: 'threadPage',
    summary: "A thread's approved comments as an HTML page, for readers without JavaScript and for crawlers",
    description:
      'The key is percent-encoded into one path segment (encodeURIComponent: "/2026/11/article/" is `%2F2026%2F11%2Farticle%2F`). No script; a strict Content-Security-Policy; a canonical link to the article when its URL is known. 50 top-level comments a page, each with its replies; "More comments" links to the next page. Cached a minute, then revalidated by ETag.',
    params: ThreadPageParams,
    pageQuery: { cursor: { description: "The next page, from the previous page's “More comments” link.", optional: true } },
    headers: { 'If-None-Match': 'The ETag of the copy the browser holds.' },
    responses: {
      200: media('text/html', 'The page (an unknown thread: a page saying there are no comments yet).'),
      304: empty('The copy the browser holds is current.'),
      400: media('text/html', 'A page saying the link is not right (a key too long, a cursor not ours).'),
      404: media('text/html', 'A page saying there is no such site.'),
    },
  },
];
