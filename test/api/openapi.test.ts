// GET /api/openapi.json (DESIGN.md §10) is a valid OpenAPI 3.1 document, and
// it tells the truth: real requests to every documented route, answered by
// the real server, each match the document's schema for that route and
// status, and an answer with a status the document does not list fails.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_ROUTES } from '../../src/api/route-list.js';
import { unsubscribeToken } from '../../src/mail/unsubscribe.js';
import { deriveKeys } from '../../src/security/keys.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { aComment, buildModerator, buildSite, TEST_PASSWORD } from '../helpers/factories.js';
import { as, ORIGIN, signIn } from '../helpers/moderation.js';

const TOKEN = 'openapi-metrics-token-0123';
/** A parsed document, read by path: the validators check its shape. */
type Json = Record<string, any>;

let t: TestApp;
let doc: Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('date-time', (s: string) => z.iso.datetime().safeParse(s).success);
ajv.addFormat('email', (s: string) => z.email().safeParse(s).success);
ajv.addFormat('uri', (s: string) => URL.canParse(s));

/** `METHOD /template` of every answer checked, by status. */
const checked = new Map<string, Set<number>>();
const pointer = (...tokens: string[]) => tokens.map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

/** Checks a real answer against the document: its status is listed, its media type too, and a JSON body matches the schema. */
function conforms(res: Response, method: string, template: string): Response {
  const path = template.replace(/:(\w+)/g, '{$1}');
  const operation = doc.paths[path]?.[method];
  expect(operation, `${method.toUpperCase()} ${template} is in the document`).toBeDefined();
  const answer = operation.responses[String(res.status)];
  expect(answer, `${method.toUpperCase()} ${template} answered ${res.status}, a status the document does not list (${res.text.slice(0, 200)})`).toBeDefined();
  const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
  if (!answer.content) expect(res.text ?? '', `${method.toUpperCase()} ${template} ${res.status} has no body`).toBe('');
  else {
    expect(Object.keys(answer.content), `${method.toUpperCase()} ${template} ${res.status}: media type`).toContain(type);
    if (type === 'application/json') {
      const validate = ajv.compile({ $ref: `openapi#/${pointer('paths', path, method, 'responses', String(res.status), 'content', type, 'schema')}` });
      expect(validate(res.body) ? [] : validate.errors, `${method.toUpperCase()} ${template} ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`).toEqual([]);
    }
  }
  const key = `${method.toUpperCase()} ${template}`;
  checked.set(key, (checked.get(key) ?? new Set()).add(res.status));
  return res;
}

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: ORIGIN, METRICS_TOKEN: TOKEN }, demoSiteId: 'demo' });
  doc = (await t.api.get('/api/openapi.json').expect(200).expect('Content-Type', /^application\/json/)).body;
  ajv.addSchema(doc, 'openapi');
});
afterAll(() => t.close());

describe('the API document', () => {
  it('is a valid OpenAPI 3.1 document, on the server’s own origin', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.servers).toEqual([{ url: ORIGIN }]);
  });

  it('describes requests with the schemas the routes validate with: parameters, bodies, security', () => {
    const list = doc.paths['/api/comments'].get;
    expect(list.parameters.find((p: Json) => p.name === 'site')).toMatchObject({ in: 'query', required: true, schema: { type: 'string', maxLength: 64 } });
    expect(list.parameters.find((p: Json) => p.name === 'sort')).toMatchObject({ required: false, schema: { enum: ['oldest', 'newest', 'best'], default: 'oldest' } });
    expect(list.security).toEqual([{}, { authorToken: [] }]);
    const post = doc.paths['/api/comments'].post;
    expect(post.requestBody.content['application/json'].schema.properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    expect(post.responses['409'].content['application/json'].schema.allOf[1].properties.error.properties.code.enum).toEqual(['duplicate_comment']);
    const status = doc.paths['/api/moderation/comments/{id}/status'].post;
    expect(status.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: expect.objectContaining({ format: 'uuid' }) }]);
    expect(status.security).toEqual([{ moderatorSession: [] }]);
    expect(Object.keys(status.responses)).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '500', '503']);
    expect(doc.paths['/metrics'].get.security).toEqual([{}, { metricsToken: [] }]);
    expect(doc.components.securitySchemes).toMatchObject({
      moderatorSession: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
      authorToken: { type: 'apiKey', in: 'header', name: 'X-Parley-Author' },
      metricsToken: { type: 'http', scheme: 'bearer' },
    });
  });

  it('is answered the same every time, to anyone', async () => {
    const again = await t.api.get('/api/openapi.json').set('Origin', 'https://docs.example').expect(200);
    expect(again.body).toEqual(doc);
    expect(again.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('real answers match the document', () => {
  it('on every documented route', async () => {
    const site = (await buildSite(t.db, { mode: 'pre', allowedOrigins: ['https://news.example'] })).id;
    const other = (await buildSite(t.db)).id;
    const admin = await buildModerator(t.db, { role: 'admin' });
    const plain = await buildModerator(t.db, { role: 'moderator', siteIds: [site] });
    const a = as(t, await signIn(t, admin.email));
    const m = as(t, await signIn(t, plain.email));
    const anon = as(t);
    const check = conforms;

    // Operations and pages.
    check(await t.api.get('/healthz'), 'get', '/healthz');
    check(await t.api.get('/readyz'), 'get', '/readyz');
    check(await t.api.get('/favicon.ico'), 'get', '/favicon.ico');
    check(await t.api.get('/metrics'), 'get', '/metrics');
    check(await t.api.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789'), 'get', '/metrics');
    check(await t.api.get('/metrics').set('Authorization', `Bearer ${TOKEN}`), 'get', '/metrics');
    check(await t.api.get('/api/openapi.json'), 'get', '/api/openapi.json');
    const widget = check(await t.api.get('/widget.js'), 'get', '/widget.js');
    check(await t.api.get('/widget.js').set('If-None-Match', String(widget.headers.etag)), 'get', '/widget.js');
    check(await t.api.get('/admin'), 'get', '/admin');
    check(await t.api.get('/demo'), 'get', '/demo');

    // Readers.
    check(await t.api.get('/api/form-token').query({ site }), 'get', '/api/form-token');
    check(await t.api.get('/api/form-token'), 'get', '/api/form-token');
    check(await t.api.get('/api/form-token').query({ site: 'nosuchsite' }), 'get', '/api/form-token');
    check(await t.api.get('/api/form-token').query({ site }).set('Origin', 'https://evil.example'), 'get', '/api/form-token');
    const first = aComment({ site, thread: 'doc' });
    const posted = check(await t.api.post('/api/comments').send(first), 'post', '/api/comments');
    check(await t.api.post('/api/comments').send(first), 'post', '/api/comments'); // 409
    check(await t.api.post('/api/comments').send({ site, thread: 'doc', name: '', email: 'nope', body: '' }), 'post', '/api/comments');
    check(await t.api.post('/api/comments').set('Content-Type', 'application/json').send('{"site": '), 'post', '/api/comments');
    check(await t.api.post('/api/comments').set('Content-Type', 'text/plain').send('hello'), 'post', '/api/comments');
    check(await t.api.post('/api/comments').send({ ...aComment({ site }), body: 'x'.repeat(70_000) }), 'post', '/api/comments');
    check(await t.api.post('/api/comments').send(aComment({ site: 'nosuchsite' })), 'post', '/api/comments');
    check(await t.api.post('/api/comments').set('Origin', 'https://evil.example').send(aComment({ site })), 'post', '/api/comments');
    const page = check(await t.api.get('/api/comments').query({ site, thread: 'doc' }), 'get', '/api/comments');
    check(await t.api.get('/api/comments').query({ site, thread: 'doc' }).set('If-None-Match', String(page.headers.etag)), 'get', '/api/comments');
    check(await t.api.get('/api/comments').query({ site, thread: 'doc' }).set('X-Parley-Author', posted.body.authorToken), 'get', '/api/comments');
    check(await t.api.get('/api/comments').query({ site }), 'get', '/api/comments');
    check(await t.api.get('/api/comments').query({ site: 'nosuchsite', thread: 'doc' }), 'get', '/api/comments');
    const counts = check(await t.api.get('/api/counts').query({ site, thread: ['doc', 'none'] }), 'get', '/api/counts');
    check(await t.api.get('/api/counts').query({ site, thread: ['doc', 'none'] }).set('If-None-Match', String(counts.headers.etag)), 'get', '/api/counts');
    check(await t.api.get('/api/counts').query({ site }), 'get', '/api/counts');
    check(await t.api.post('/api/preview').send({ site, body: 'A *draft*' }), 'post', '/api/preview');
    check(await t.api.post('/api/preview').send({ site, body: '' }), 'post', '/api/preview');
    check(await t.api.post('/api/preview').send({ site: 'nosuchsite', body: 'x' }), 'post', '/api/preview');
    check(await t.api.post('/api/preview').set('Origin', 'https://evil.example').send({ site, body: 'x' }), 'post', '/api/preview');
    const id = posted.body.comment.id as string;
    // The author's own comment: an edit, and one of another comment deleted (this one is used below).
    check(await t.api.patch(`/api/comments/${id}`).set('X-Parley-Author', posted.body.authorToken).send({ body: 'Edited for the document' }), 'patch', '/api/comments/:id');
    check(await t.api.patch(`/api/comments/${id}`).set('X-Parley-Author', posted.body.authorToken).send({ body: '' }), 'patch', '/api/comments/:id');
    check(await t.api.patch(`/api/comments/${id}`).send({ body: 'Not mine' }), 'patch', '/api/comments/:id');
    check(await t.api.patch(`/api/comments/${id}`).set('Origin', 'https://evil.example').send({ body: 'x' }), 'patch', '/api/comments/:id');
    const doomed = (await t.api.post('/api/comments').send(aComment({ site, thread: 'doc' })).expect(201)).body;
    check(await t.api.delete(`/api/comments/${doomed.comment.id}`), 'delete', '/api/comments/:id');
    check(await t.api.delete(`/api/comments/${doomed.comment.id}`).set('X-Parley-Author', doomed.authorToken), 'delete', '/api/comments/:id');
    check(await t.api.get('/api/comments').query({ site, thread: 'doc', sort: 'best' }), 'get', '/api/comments');
    const threadPage = check(await t.api.get(`/threads/${site}/doc`), 'get', '/threads/:site/:key');
    check(await t.api.get(`/threads/${site}/doc`).set('If-None-Match', String(threadPage.headers.etag)), 'get', '/threads/:site/:key');
    check(await t.api.get(`/threads/${site}/doc?cursor=forged`), 'get', '/threads/:site/:key');
    check(await t.api.get('/threads/nosuchsite/doc'), 'get', '/threads/:site/:key');

    // Sign-in.
    check(await anon.post('/api/auth/login', { email: admin.email, password: 'not the password' }), 'post', '/api/auth/login');
    check(await anon.post('/api/auth/login', {}), 'post', '/api/auth/login');
    check(await anon.post('/api/auth/login', { email: plain.email, password: TEST_PASSWORD }), 'post', '/api/auth/login');
    check(await t.api.post('/api/auth/login').send({ email: admin.email, password: 'x' }), 'post', '/api/auth/login'); // no Origin: 403
    check(await a.get('/api/auth/me'), 'get', '/api/auth/me');
    check(await anon.get('/api/auth/me'), 'get', '/api/auth/me');

    // The queue.
    check(await a.get('/api/moderation/sites'), 'get', '/api/moderation/sites');
    check(await anon.get('/api/moderation/sites'), 'get', '/api/moderation/sites');
    check(await a.get(`/api/moderation/comments?site=${site}`), 'get', '/api/moderation/comments');
    check(await a.get('/api/moderation/comments?thread=doc'), 'get', '/api/moderation/comments');
    check(await m.get(`/api/moderation/comments?site=${other}`), 'get', '/api/moderation/comments');
    check(await a.post(`/api/moderation/comments/${id}/status`, { status: 'approved', from: 'pending' }), 'post', '/api/moderation/comments/:id/status');
    check(await a.post(`/api/moderation/comments/${id}/status`, { status: 'spam', from: 'pending' }), 'post', '/api/moderation/comments/:id/status');
    // A permalink's page, of the comment now published.
    check(await t.api.get(`/api/comments/${id}/context`).query({ site }), 'get', '/api/comments/:id/context');
    check(await t.api.get(`/api/comments/${id}/context`).query({ site: other }), 'get', '/api/comments/:id/context');
    check(await t.api.get(`/api/comments/${id}/context`), 'get', '/api/comments/:id/context');
    check(await t.api.get(`/api/comments/${id}/context`).query({ site }).set('Origin', 'https://evil.example'), 'get', '/api/comments/:id/context');
    // Likes, on the comment now published.
    const liked = check(await t.api.post(`/api/comments/${id}/like`), 'post', '/api/comments/:id/like');
    check(await t.api.post(`/api/comments/${id}/like`).set('X-Parley-Author', liked.body.authorToken), 'post', '/api/comments/:id/like');
    check(await t.api.post(`/api/comments/${id}/like`).set('Origin', 'https://evil.example'), 'post', '/api/comments/:id/like');
    check(await t.api.post('/api/comments/not-an-id/like'), 'post', '/api/comments/:id/like');
    check(await t.api.delete(`/api/comments/${id}/like`).set('X-Parley-Author', liked.body.authorToken), 'delete', '/api/comments/:id/like');
    check(await t.api.delete('/api/comments/01900000-0000-7000-8000-000000000000/like'), 'delete', '/api/comments/:id/like');
    check(await a.post(`/api/moderation/comments/${id}/status`, { status: 'gone' }), 'post', '/api/moderation/comments/:id/status');
    check(await a.post('/api/moderation/comments/not-an-id/status', { status: 'spam' }), 'post', '/api/moderation/comments/:id/status');
    check(await t.api.post(`/api/moderation/comments/${id}/status`).send({ status: 'spam' }), 'post', '/api/moderation/comments/:id/status');
    check(await a.post('/api/moderation/comments/bulk', { ids: [id, '01900000-0000-7000-8000-000000000000'], status: 'approved' }), 'post', '/api/moderation/comments/bulk');
    check(await a.post('/api/moderation/comments/bulk', { ids: [], status: 'approved' }), 'post', '/api/moderation/comments/bulk');
    const answered = check(await a.post(`/api/moderation/comments/${id}/replies`, { body: 'A moderator answers.' }), 'post', '/api/moderation/comments/:id/replies'); // approves it too
    check(await a.post(`/api/moderation/comments/${id}/replies`, {}), 'post', '/api/moderation/comments/:id/replies');
    check(await m.post(`/api/moderation/comments/${answered.body.id}/replies`, { body: 'Deeper.' }), 'post', '/api/moderation/comments/:id/replies');
    check(await a.post('/api/moderation/comments/01900000-0000-7000-8000-000000000000/replies', { body: 'Nobody.' }), 'post', '/api/moderation/comments/:id/replies');
    check(await a.patch(`/api/moderation/comments/${answered.body.id}`, { body: 'A moderator answers, edited.' }), 'patch', '/api/moderation/comments/:id');
    check(await a.patch(`/api/moderation/comments/${answered.body.id}`, { body: '' }), 'patch', '/api/moderation/comments/:id');
    check(await a.patch('/api/moderation/comments/01900000-0000-7000-8000-000000000000', { body: 'x' }), 'patch', '/api/moderation/comments/:id');
    check(await a.get(`/api/moderation/audit?comment=${id}`), 'get', '/api/moderation/audit');
    check(await m.get(`/api/moderation/audit?site=${site}`), 'get', '/api/moderation/audit');
    check(await m.get(`/api/moderation/audit?site=${other}`), 'get', '/api/moderation/audit');
    check(await a.get('/api/moderation/audit'), 'get', '/api/moderation/audit');
    check(await a.patch('/api/moderation/threads', { site, thread: 'doc', title: 'The document' }), 'patch', '/api/moderation/threads');
    check(await a.patch('/api/moderation/threads', { site, thread: 'no-such-thread', title: 'x' }), 'patch', '/api/moderation/threads');
    check(await a.patch('/api/moderation/threads', { site, thread: 'doc' }), 'patch', '/api/moderation/threads');

    // Bans.
    const ban = check(await a.post('/api/moderation/bans', { commentId: id, by: ['email'] }), 'post', '/api/moderation/bans');
    check(await a.post('/api/moderation/bans', { commentId: id, by: ['email'] }), 'post', '/api/moderation/bans'); // 200: already
    check(await a.post('/api/moderation/bans', { commentId: '01900000-0000-7000-8000-000000000000', by: ['ip'] }), 'post', '/api/moderation/bans');
    check(await a.post('/api/moderation/bans', { commentId: id, by: [] }), 'post', '/api/moderation/bans');
    check(await a.get('/api/moderation/bans'), 'get', '/api/moderation/bans');
    check(await m.get(`/api/moderation/bans?site=${other}`), 'get', '/api/moderation/bans');
    check(await a.delete(`/api/moderation/bans/${ban.body.ban.id}`), 'delete', '/api/moderation/bans/:id');
    check(await a.delete(`/api/moderation/bans/${ban.body.ban.id}`), 'delete', '/api/moderation/bans/:id');

    // Admins.
    check(await a.get(`/api/admin/sites/${site}`), 'get', '/api/admin/sites/:id');
    check(await a.get('/api/admin/sites/nosuchsite'), 'get', '/api/admin/sites/:id');
    check(await m.get(`/api/admin/sites/${site}`), 'get', '/api/admin/sites/:id');
    check(await a.patch(`/api/admin/sites/${site}`, { floodSeconds: 0, closeAfterDays: null }), 'patch', '/api/admin/sites/:id');
    check(await a.patch(`/api/admin/sites/${site}`, { floodSeconds: -1 }), 'patch', '/api/admin/sites/:id');
    check(await a.get('/api/admin/sites'), 'get', '/api/admin/sites');
    check(await m.get('/api/admin/sites'), 'get', '/api/admin/sites');
    check(await a.post('/api/admin/sites', { name: 'Documented', allowedOrigins: ['https://documented.example'], webhookUrl: 'https://hooks.example/x' }), 'post', '/api/admin/sites');
    check(await a.post('/api/admin/sites', { name: '', allowedOrigins: [] }), 'post', '/api/admin/sites');
    check(await a.get('/api/admin/moderators'), 'get', '/api/admin/moderators');
    check(await anon.get('/api/admin/moderators'), 'get', '/api/admin/moderators');
    const invited = check(await a.post('/api/admin/moderators', { email: 'documented@example.com', role: 'moderator', sites: [site] }), 'post', '/api/admin/moderators');
    check(await a.post('/api/admin/moderators', { email: 'documented@example.com', role: 'admin' }), 'post', '/api/admin/moderators'); // 409
    check(await a.post('/api/admin/moderators', { email: 'x', role: 'x' }), 'post', '/api/admin/moderators');
    check(await a.patch(`/api/admin/moderators/${invited.body.moderator.id}`, { sites: [site, other] }), 'patch', '/api/admin/moderators/:id');
    check(await a.patch(`/api/admin/moderators/${admin.id}`, { role: 'moderator', sites: [site] }), 'patch', '/api/admin/moderators/:id'); // 409: the last admin
    check(await a.patch('/api/admin/moderators/01900000-0000-7000-8000-000000000000', { name: 'X' }), 'patch', '/api/admin/moderators/:id');
    check(await a.delete(`/api/admin/moderators/${invited.body.moderator.id}`), 'delete', '/api/admin/moderators/:id');
    check(await a.delete(`/api/admin/moderators/${invited.body.moderator.id}`), 'delete', '/api/admin/moderators/:id');
    check(await a.delete(`/api/admin/moderators/${admin.id}`), 'delete', '/api/admin/moderators/:id'); // 409
    check(await a.post('/api/admin/privacy/export', { email: first.email }), 'post', '/api/admin/privacy/export');
    check(await m.post('/api/admin/privacy/export', { email: first.email }), 'post', '/api/admin/privacy/export');
    check(await a.post('/api/admin/privacy/erase', { email: 'nope' }), 'post', '/api/admin/privacy/erase');
    check(await a.post('/api/admin/privacy/erase', { email: first.email }), 'post', '/api/admin/privacy/erase');

    // A message's unsubscribe link: the page, then the one-click request.
    const unsubscribe = `/api/unsubscribe?token=${unsubscribeToken(deriveKeys(TEST_SECRET), 'reader', first.email)}`;
    check(await t.api.get(unsubscribe), 'get', '/api/unsubscribe');
    check(await t.api.get('/api/unsubscribe?token=forged'), 'get', '/api/unsubscribe');
    check(await t.api.post(unsubscribe).type('form').send('List-Unsubscribe=One-Click'), 'post', '/api/unsubscribe');
    check(await t.api.post('/api/unsubscribe?token=forged').type('form').send('List-Unsubscribe=One-Click'), 'post', '/api/unsubscribe');

    // And last, what ends things.
    check(await a.delete(`/api/moderation/comments/${id}`), 'delete', '/api/moderation/comments/:id');
    check(await a.delete(`/api/moderation/comments/${id}`), 'delete', '/api/moderation/comments/:id');
    check(await a.post('/api/auth/logout'), 'post', '/api/auth/logout');
    check(await a.post('/api/auth/logout'), 'post', '/api/auth/logout');

    // Every documented route was tried, and answered at least once with success.
    const untried = API_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).filter((k) => ![...(checked.get(k) ?? [])].some((s) => s < 400));
    expect(untried).toEqual([]);
  });

  it('fails an answer whose status the document does not list', () => {
    const teapot = { status: 418, headers: { 'content-type': 'application/json' }, text: '{}', body: {} } as unknown as Response;
    expect(() => conforms(teapot, 'get', '/healthz')).toThrow(/does not list/);
  });

  it('fails an answer whose body the schema refuses', () => {
    const leaky = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, text: '{}', body: { status: 'ok', email: 'a@b.example' } } as unknown as Response;
    expect(() => conforms(leaky, 'get', '/healthz')).toThrow();
  });
});
