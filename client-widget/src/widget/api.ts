// The readers' API as the widget uses it.
import type { CommentsPage, Counts, ErrorBody, FormToken, PostedComment } from '../../../src/contracts.js';

export interface ApiError {
  status: number;
  error: ErrorBody['error'];
}

export function api(base: string, site: string) {
  // One author token per site: a token of another site is ignored by the server.
  const tokenKey = `parley:token:${site}`;
  const token = () => localStorage.getItem(tokenKey);
  const headers = (): Record<string, string> => {
    const t = token();
    return t ? { 'X-Parley-Author': t } : {};
  };
  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(base + path, init);
    if (res.status === 204) return undefined as T; // a DELETE's answer
    const body = (await res.json().catch((): ErrorBody => ({ error: { code: 'internal_error', message: 'Unexpected answer.' } }))) as ErrorBody;
    if (!res.ok) throw { status: res.status, error: body.error } as ApiError;
    return body as T;
  }
  const q = (params: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries({ site, ...params }).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return {
    list: (thread: string, extra: Record<string, string | undefined> = {}) => call<CommentsPage>(`/api/comments?${q({ thread, ...extra })}`, { headers: headers() }),
    post: (body: Record<string, string | boolean | undefined>) =>
      call<PostedComment>('/api/comments', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers() }, body: JSON.stringify({ site, ...body }) }),
    formToken: () => call<FormToken>(`/api/form-token?${q({})}`).then((r) => r.formToken),
    counts: (keys: string[]) => call<Counts>(`/api/counts?${q({})}&${keys.map((k) => `thread=${encodeURIComponent(k)}`).join('&')}`),
    saveToken: (t: string) => localStorage.setItem(tokenKey, t),
    // For the feature chunk (more.ts), which makes the calls the first render does not need.
    call,
    headers,
    q,
    site,
  };
}
