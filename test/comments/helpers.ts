// A site with known settings, and small verbs for the readers' API.
import type { TestApp } from '../helpers/app.js';
import { aComment, buildSite, setStatus } from '../helpers/factories.js';

export const SITE_ORIGIN = 'https://news.example';

export async function siteIn(t: TestApp, overrides: Parameters<typeof buildSite>[1] = {}) {
  return buildSite(t.db, { allowedOrigins: [SITE_ORIGIN], mode: 'pre', ...overrides });
}

export function commentsApi(t: TestApp, siteId: string) {
  const post = (overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    let req = t.api.post('/api/comments');
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    return req.send(aComment({ site: siteId, ...overrides }));
  };
  return {
    post,
    /** Posts and approves; returns the comment's id. */
    async approved(overrides: Record<string, unknown> = {}) {
      const res = await post(overrides).expect(201);
      await setStatus(t.db, res.body.comment.id, 'approved');
      return res.body.comment.id as string;
    },
    list: (query: Record<string, string | number>, headers: Record<string, string> = {}) => {
      let req = t.api.get('/api/comments').query({ site: siteId, ...query });
      for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
      return req;
    },
  };
}
