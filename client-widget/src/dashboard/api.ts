// The moderators' HTTP API as the dashboard calls it (same origin, session
// cookie). A 401 outside signing in means the session has ended.
import type { ErrorBody } from '../../../src/contracts.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: ErrorBody['error'] },
  ) {
    super(body.error?.message ?? `HTTP ${status}`);
  }
}

let onSessionEnd = () => {};
/** What to do when the session has ended (index.ts: the sign-in form, saying so). */
export const whenSessionEnds = (then: () => void) => void (onSessionEnd = then);
export const sessionEnded = () => onSessionEnd();

export async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  const body = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') {
    sessionEnded();
    throw new HttpError(401, body);
  }
  if (!res.ok) throw new HttpError(res.status, body);
  return body as T;
}
