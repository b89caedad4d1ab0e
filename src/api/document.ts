// The OpenAPI 3.1 document of Parley's HTTP API (DESIGN.md §10), built from
// the route list (api/route-list.ts) and the zod schemas themselves: request
// schemas rendered as what the client sends (io: 'input'), response schemas
// (responses.ts) as what the server sends, under their export names in
// components. Built once, on the first request for it.
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { AUTHOR_TOKEN_HEADER, type ErrorCode } from '../contracts.js';
import * as responses from '../responses.js';
import type { Answer, RouteDoc } from './route-doc.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const TAGS = [
  { name: 'Readers', description: "The readers' API: what the widget calls, from the sites' pages (CORS for each site's origins)." },
  { name: 'Moderators', description: "Sign-in and the moderation queue: the dashboard's API, same origin only, with the session cookie." },
  { name: 'Bans', description: "Bans of a comment's author on that comment's site, by email and/or address (digests only)." },
  { name: 'Admins', description: "Admins only: site settings and readers' personal data." },
  { name: 'Operations', description: 'Health, metrics and this document.' },
  { name: 'Pages', description: 'HTML pages and the widget script.' },
];

/** Errors a route answers by its kind, beside those it names. */
function impliedErrors(route: RouteDoc): Array<[number, ErrorCode]> {
  const implied: Array<[number, ErrorCode]> = [];
  if (route.body) implied.push([400, 'validation_failed'], [400, 'invalid_json'], [413, 'payload_too_large'], [415, 'unsupported_media_type']);
  if (route.query) implied.push([400, 'validation_failed']);
  if (route.access === 'moderator' || route.access === 'admin' || route.access === 'metrics') implied.push([401, 'unauthenticated']);
  if (route.access === 'admin') implied.push([403, 'forbidden']);
  if (route.sameOrigin && route.method !== 'get') implied.push([403, 'origin_not_allowed']);
  if (!route.noDatabase) implied.push([503, 'unavailable']);
  implied.push([500, 'internal_error']);
  return implied;
}

/** A JSON Schema as OpenAPI embeds it: no $schema or $id of its own. */
function embedded(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

const inputSchema = (schema: z.ZodType) => embedded(z.toJSONSchema(schema, { io: 'input' }) as Json);

/** A query string cannot carry null: an optional parameter's `anyOf [X, null]` is X. */
function withoutNull(schema: Json): Json {
  const options = (schema.anyOf as Json[] | undefined)?.filter((s) => s.type !== 'null');
  if (!options || options.length === (schema.anyOf as Json[]).length) return schema;
  const { anyOf: _anyOf, ...rest } = schema;
  return options.length === 1 ? { ...rest, ...options[0] } : { ...rest, anyOf: options };
}

export interface ApiDocumentOptions {
  /** The server's own origin (PUBLIC_URL's), never a request's Host. */
  readonly serverUrl: string;
  readonly version: string;
}

export function apiDocument(routes: readonly RouteDoc[], opts: ApiDocumentOptions): Json {
  // Every response schema under its export name; a schema used inside another becomes a $ref.
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries(responses)) {
    if (!(schema instanceof z.ZodType)) continue;
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  const rendered = z.toJSONSchema(registry, { io: 'output', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Json> };
  const schemas = Object.fromEntries(Object.entries(rendered.schemas).map(([name, s]) => [name, embedded(s)]));

  const nameOf = (schema: z.ZodType, route: RouteDoc) => {
    const name = names.get(schema);
    if (!name) throw new Error(`${route.method.toUpperCase()} ${route.path}: a response schema that responses.ts does not export`);
    return name;
  };
  const headersOf = (status: number, extra: Readonly<Record<string, string>> = {}) => {
    const all: Record<string, string> = { ...extra };
    if (status === 429 || status === 503) all['Retry-After'] = 'Seconds to wait before trying again.';
    const entries = Object.entries(all);
    return entries.length ? { headers: Object.fromEntries(entries.map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {};
  };

  function response(route: RouteDoc, status: number, answer: Answer): Json {
    if ('errors' in answer) {
      const codes = [...new Set(answer.errors)];
      const schema = { allOf: [ref('ErrorBody'), { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: codes } } } } }] };
      return { description: answer.description ?? codes.join(', '), ...headersOf(status), content: { 'application/json': { schema } } };
    }
    if ('json' in answer) return { description: answer.description, ...headersOf(status, answer.headers), content: { 'application/json': { schema: ref(nameOf(answer.json, route)) } } };
    if ('media' in answer) return { description: answer.description, ...headersOf(status), content: { [answer.media]: { schema: answer.schema ?? { type: 'string' } } } };
    return { description: answer.description, ...headersOf(status, answer.headers) };
  }

  function operation(route: RouteDoc): Json {
    const parameters: Json[] = [];
    for (const name of route.path.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
      const schema = route.params?.[name];
      if (!schema) throw new Error(`${route.method.toUpperCase()} ${route.path}: no schema for the path parameter ${name}`);
      parameters.push({ name, in: 'path', required: true, schema: inputSchema(schema) });
    }
    if (route.query) {
      const q = inputSchema(route.query) as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema: withoutNull(schema) });
    }
    for (const [name, about] of Object.entries(route.pageQuery ?? {}))
      parameters.push({ name, in: 'query', required: typeof about === 'string', description: typeof about === 'string' ? about : about.description, schema: { type: 'string' } });
    for (const [name, description] of Object.entries(route.headers ?? {})) parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });

    const errors = new Map<number, ErrorCode[]>();
    for (const [status, codes] of [...Object.entries(route.responses).flatMap(([s, a]) => ('errors' in a ? [[Number(s), a.errors] as const] : [])), ...impliedErrors(route).map(([s, c]) => [s, [c]] as const)])
      errors.set(status, [...(errors.get(status) ?? []), ...codes]);
    const answers = new Map<number, Answer>(Object.entries(route.responses).map(([s, a]) => [Number(s), a]));
    for (const [status, codes] of errors) {
      const named = answers.get(status);
      if (named && !('errors' in named)) throw new Error(`${route.method.toUpperCase()} ${route.path}: ${status} is both an answer and an error`);
      answers.set(status, { description: named?.description, errors: codes } as Answer);
    }

    const security =
      route.access === 'moderator' || route.access === 'admin'
        ? [{ moderatorSession: [] }]
        : route.access === 'metrics'
          ? [{}, { metricsToken: [] }]
          : route.authorToken
            ? [{}, { authorToken: [] }]
            : undefined;
    return {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(route.body) } } } } : {}),
      responses: Object.fromEntries([...answers].sort(([a], [b]) => a - b).map(([status, answer]) => [String(status), response(route, status, answer)])),
      ...(security ? { security } : {}),
    };
  }

  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const item = (paths[path] ??= {});
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is described twice`);
    item[route.method] = operation(route);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley',
      version: opts.version,
      description:
        'A self-hosted, moderated comment service. Every error answer is `{"error": {"code", "message", "fields"?}}`; the codes each route can answer are listed per status.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: opts.serverUrl }],
    tags: TAGS,
    paths,
    components: {
      schemas,
      securitySchemes: {
        moderatorSession: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/auth/login (HttpOnly, SameSite=Strict).' },
        authorToken: {
          type: 'apiKey',
          in: 'header',
          name: AUTHOR_TOKEN_HEADER,
          description: "Optional: a reader's author token (`authorToken` of a 201). A page then includes that author's pending comments; a new comment keeps the author's key.",
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when the server sets one; without it /metrics is open.' },
      },
    },
  };
}
