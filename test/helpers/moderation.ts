// Signing in and acting as a moderator, over real HTTP.
import { createTestApp, type TestApp } from './app.js';
import { TEST_PASSWORD } from './factories.js';

/** The server's own origin in these tests (PUBLIC_URL). */
export const ORIGIN = 'http://parley.test';

export const moderationApp = (env: Record<string, string> = {}) => createTestApp({ env: { PUBLIC_URL: ORIGIN, ...env } });

/** The `name=value` of the session cookie a sign-in answer set (a supertest response or a fetch Response). */
export function sessionCookie(res: { headers: unknown }): string {
  const headers = res.headers as Headers | Record<string, string | string[] | undefined>;
  const raw = headers instanceof Headers ? headers.get('set-cookie') : [headers['set-cookie']].flat()[0];
  if (!raw) throw new Error('the answer set no cookie');
  return raw.split(';')[0]!;
}

/** Signs in; returns the `name=value` of the session cookie. */
export async function signIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.api.post('/api/auth/login').set('Origin', ORIGIN).send({ email, password });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.text}`);
  return sessionCookie(res);
}

/** Requests as the holder of `cookie` (none: anonymous), from the server's own pages. */
export function as(t: TestApp, cookie?: string) {
  const withCookie = <R extends { set(k: string, v: string): R }>(req: R) => (cookie ? req.set('Cookie', cookie) : req);
  return {
    get: (path: string) => withCookie(t.api.get(path)),
    post: (path: string, body: object = {}) => withCookie(t.api.post(path).set('Origin', ORIGIN)).send(body),
    patch: (path: string, body: object = {}) => withCookie(t.api.patch(path).set('Origin', ORIGIN)).send(body),
    delete: (path: string) => withCookie(t.api.delete(path).set('Origin', ORIGIN)),
  };
}
