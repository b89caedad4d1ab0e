// How a route is described for the API document (GET /api/openapi.json,
// DESIGN.md §10): one entry per method and path, written next to the router
// that serves it (<capability>/api-doc.ts) and gathered in api/route-list.ts.
// Its schemas are the zod schemas the route validates with and the response
// schemas of responses.ts, so the document says what the code does; the
// errors every route of a kind can answer (a body that is not JSON, no
// session, the database down…) are added by api/document.ts from the flags.
// test/api/ checks the list against Express's real routes and real answers.
import type { z } from 'zod';
import type { ErrorCode } from '../contracts.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

export type Tag = 'Readers' | 'Moderators' | 'Bans' | 'Admins' | 'Operations' | 'Pages';

/** An answer: JSON of a responses.ts schema, another media type, nothing (204, 304), or the error body with these codes. */
export type Answer =
  | { readonly description: string; readonly json: z.ZodType; readonly headers?: Readonly<Record<string, string>> }
  | { readonly description: string; readonly media: string; readonly schema?: Readonly<Record<string, unknown>> }
  | { readonly description: string; readonly empty: true; readonly headers?: Readonly<Record<string, string>> }
  | { readonly description?: string; readonly errors: readonly ErrorCode[] };

export interface RouteDoc {
  readonly method: Method;
  /** As Express matches it: `/api/moderation/comments/:id/status`. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: Tag;
  readonly summary: string;
  readonly description?: string;
  /**
   * Who may call it: a signed-in moderator (session cookie; 401 without),
   * an admin (and 403 `forbidden` for other moderators), the metrics token
   * holder (when METRICS_TOKEN is set), or anyone (undefined).
   */
  readonly access?: 'moderator' | 'admin' | 'metrics';
  /** POST/PATCH/DELETE must come from the server's own origin (403 `origin_not_allowed`). */
  readonly sameOrigin?: boolean;
  /** Takes the author token in X-Parley-Author (the readers' API). */
  readonly authorToken?: boolean;
  /** Answers without the database (no 503). */
  readonly noDatabase?: boolean;
  /** Served by a middleware (the static files), not an Express route. */
  readonly middleware?: boolean;
  /** Path parameters by name, as the route parses them. */
  readonly params?: Readonly<Record<string, z.ZodType>>;
  /** The query string, as the route parses it (an object schema). */
  readonly query?: z.ZodType;
  /** Query parameters a page reads, by name: their description (required unless marked optional; a bad one gets the page's own answer, not the error body). */
  readonly pageQuery?: Readonly<Record<string, string | { readonly description: string; readonly optional: true }>>;
  /** Request headers the route reads, by name: their description. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The JSON body, as the route parses it (a body also brings 400 `invalid_json`, 413 and 415). */
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, Answer>>;
}

export const json = (description: string, schema: z.ZodType, headers?: Record<string, string>): Answer => ({ description, json: schema, ...(headers ? { headers } : {}) });
export const empty = (description: string, headers?: Record<string, string>): Answer => ({ description, empty: true, ...(headers ? { headers } : {}) });
export const media = (type: string, description: string, schema?: Record<string, unknown>): Answer => ({ description, media: type, ...(schema ? { schema } : {}) });
export const fails = (...codes: ErrorCode[]): Answer => ({ errors: codes });
