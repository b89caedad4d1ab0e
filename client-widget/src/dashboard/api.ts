// The moderators' HTTP API as the dashboard calls it (same origin, session
// cookie). Two different troubles, kept apart: a 401 outside signing in means
// the session has ended (back to the sign-in form); a request that reaches no
// server (a restart, a dropped network) means only that: the connection line
// says "Reconnecting…" and the view stays (connection.ts).
import type { ErrorBody } from '../../../src/contracts.js';
import { reachable, unreachable } from './connection.js';

export class HttpError extends Error {
  constructor(
    /** 0: no answer at all (the server cannot be reached). */
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
  let res: Response;
  try {
    res = await fetch(path, { ...init, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  } catch {
    unreachable();
    throw new HttpError(0, { error: { code: 'unavailable', message: 'The server cannot be reached; reconnecting.' } });
  }
  reachable();
  const body = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') {
    sessionEnded();
    throw new HttpError(401, body);
  }
  if (!res.ok) throw new HttpError(res.status, body);
  return body as T;
}

/** What went wrong with a request, for a status line ("Not changed: …"); nothing for an ended session (the sign-in form says it). */
export const failure = (err: unknown): string | null => {
  if (!(err instanceof HttpError)) return err instanceof Error ? err.message : String(err);
  if (err.status === 401) return null;
  return err.message;
};
