// Sign-in (routes.ts) as the API document describes it (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { empty, fails, json } from '../api/route-doc.js';
import { SignedIn } from '../responses.js';
import { LoginInput } from './schema.js';

export const authApi: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'signIn',
    tag: 'Moderators',
    summary: 'Sign in',
    description: 'Sets the session cookie. 5 failures per email or 20 per client address in 15 minutes: 429 with Retry-After (successes do not count).',
    sameOrigin: true,
    body: LoginInput,
    responses: {
      200: json('Signed in; the answer sets the session cookie.', SignedIn, { 'Set-Cookie': 'The session cookie (HttpOnly, SameSite=Strict).' }),
      401: fails('invalid_credentials'),
      429: fails('rate_limited'),
    },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'signOut',
    tag: 'Moderators',
    summary: 'Sign out',
    access: 'moderator',
    sameOrigin: true,
    responses: { 204: empty('Signed out: the session is deleted and its live connections end.') },
  },
  {
    method: 'get',
    path: '/api/auth/me',
    operationId: 'me',
    tag: 'Moderators',
    summary: 'The signed-in moderator',
    access: 'moderator',
    responses: { 200: json('Who is signed in.', SignedIn) },
  },
];
