// Health, metrics, this document and the pages, as the API document
// describes them (route-doc.ts): the routes that belong to no capability's API.
import { Health, Ready } from '../responses.js';
import type { RouteDoc } from './route-doc.js';
import { empty, json, media } from './route-doc.js';

const operations = { tag: 'Operations', noDatabase: true } as const;
const page = { tag: 'Pages', noDatabase: true } as const;

export const operationsApi: RouteDoc[] = [
  { ...operations, method: 'get', path: '/healthz', operationId: 'health', summary: 'The process answers', responses: { 200: json('Up.', Health) } },
  {
    ...operations,
    noDatabase: false,
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    summary: 'The process answers and reaches its database',
    description: 'Route traffic by this: 503 while the database cannot be reached.',
    responses: { 200: json('Ready to serve.', Ready) },
  },
  {
    ...operations,
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: "This instance's metrics, in Prometheus text format",
    description:
      'Each instance answers for its own process; the pending queue per site is read from the database and the same from every instance. With METRICS_TOKEN set it needs `Authorization: Bearer <token>`; without, it is open: keep it on an internal network.',
    access: 'metrics',
    responses: { 200: media('text/plain', 'Prometheus text exposition format 0.0.4.') },
  },
  {
    ...operations,
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'apiDocument',
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: media('application/json', 'Generated from the schemas the routes validate with.', { type: 'object' }) },
  },
  { ...operations, method: 'get', path: '/favicon.ico', operationId: 'favicon', summary: 'No icon', responses: { 204: empty('Nothing.') } },
  {
    ...page,
    method: 'get',
    path: '/widget.js',
    operationId: 'widget',
    summary: 'The comment widget, to load from a site’s pages',
    description: 'Pre-compressed (br, gzip by Accept-Encoding); cached 5 minutes, then revalidated by ETag.',
    middleware: true,
    headers: { 'If-None-Match': 'The ETag of the copy the browser holds.' },
    responses: { 200: media('text/javascript', 'The script.'), 304: empty('The browser’s copy is current.') },
  },
  { ...page, method: 'get', path: '/admin', operationId: 'dashboard', summary: "The moderators' dashboard", responses: { 200: media('text/html', 'The page.') } },
  {
    ...page,
    method: 'get',
    path: '/demo',
    operationId: 'demo',
    summary: 'A demo article with the widget under it',
    description: 'Only when the demo is on (PARLEY_DEMO; the default without DATABASE_URL).',
    responses: { 200: media('text/html', 'The page.') },
  },
];
