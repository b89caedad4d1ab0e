// Bad input gets a clear 4xx, all bad fields at once, and never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aComment } from '../helpers/factories.js';
import { siteIn } from './helpers.js';

let t: TestApp;
let siteId: string;
beforeAll(async () => {
  t = await createTestApp();
  siteId = (await siteIn(t, { mode: 'post' })).id;
});
afterAll(() => t.close());

const post = (body: unknown) => t.api.post('/api/comments').send(body as object);
const fieldsOf = async (body: Record<string, unknown>) => (await post(aComment({ site: siteId, ...body })).expect(400)).body.error.fields;

describe('field validation', () => {
  it('reports every bad field at once, in the form’s words', async () => {
    const res = await post({ site: siteId, thread: '', name: '   ', email: 'not-an-email', website: 'ftp://files.example', body: '' }).expect(400);
    expect(res.body).toEqual({
      error: {
        code: 'validation_failed',
        message: expect.any(String),
        fields: {
          thread: 'Thread is required.',
          name: 'Name is required.',
          email: 'Email must be a valid address.',
          website: 'Website must be an http:// or https:// address.',
          body: 'Comment is required.',
        },
      },
    });
  });

  it('counts characters, not bytes or UTF-16 units, at the limits', async () => {
    await post(aComment({ site: siteId, name: '😀'.repeat(100) })).expect(201);
    expect(await fieldsOf({ name: 'n'.repeat(101) })).toEqual({ name: 'Name must be at most 100 characters.' });
    await post(aComment({ site: siteId, body: 'b'.repeat(10_000) })).expect(201);
    expect(await fieldsOf({ body: 'b'.repeat(10_001) })).toEqual({ body: 'Comment must be at most 10,000 characters.' });
    expect(await fieldsOf({ email: `${'e'.repeat(250)}@x.io` })).toEqual({ email: 'Email must be at most 254 characters.' });
    expect(await fieldsOf({ website: `https://x.example/${'p'.repeat(190)}` })).toEqual({ website: 'Website must be at most 200 characters.' });
    expect(await fieldsOf({ thread: 't'.repeat(513) })).toEqual({ thread: 'Thread must be at most 512 characters.' });
    expect(await fieldsOf({ threadTitle: 'T'.repeat(301) })).toEqual({ threadTitle: 'Article title must be at most 300 characters.' });
  });

  it('refuses NUL bytes, lone surrogates and control characters; allows newlines and tabs in the comment', async () => {
    expect(await fieldsOf({ name: 'Ada\u0000' })).toEqual({ name: 'Name contains characters that are not allowed.' });
    expect(await fieldsOf({ body: 'text \ud800 more' })).toEqual({ body: 'Comment contains characters that are not allowed.' });
    expect(await fieldsOf({ body: 'bell \u0007' })).toEqual({ body: 'Comment contains characters that are not allowed.' });
    expect(await fieldsOf({ name: 'two\nlines' })).toEqual({ name: 'Name contains characters that are not allowed.' });
    await post(aComment({ site: siteId, body: 'line one\n\tindented\r\nline three' })).expect(201);
  });

  it('refuses a website with any scheme but http(s), instead of dropping it silently', async () => {
    for (const website of ['javascript:alert(1)', 'data:text/html,x', 'mailto:a@b.c', 'example.com', '//example.com']) {
      expect(await fieldsOf({ website })).toEqual({ website: 'Website must be an http:// or https:// address.' });
    }
  });

  it('treats an empty website as none', async () => {
    const res = await post(aComment({ site: siteId, website: '' })).expect(201);
    expect(res.body.comment.authorWebsite).toBeNull();
  });
});

describe('malformed requests', () => {
  const raw = (body: string, type = 'application/json') => t.api.post('/api/comments').set('Content-Type', type).send(body);

  it('answers each with a 4xx in the error shape, never a 5xx, and stays healthy', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const deepObject = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    const cases: Array<[string, () => ReturnType<typeof raw>, number]> = [
      ['malformed JSON', () => raw('{"name": '), 400],
      ['JSON string', () => raw('"just a string"'), 400],
      ['JSON array', () => raw('[1,2,3]'), 400],
      ['JSON null', () => raw('null'), 400],
      ['JSON number', () => raw('42'), 400],
      ['empty body', () => raw(''), 400],
      ['10k-level nested array', () => raw(deep), 400],
      ['5k-level nested object', () => raw(deepObject), 400],
      ['text/plain', () => raw('name=x', 'text/plain'), 415],
      ['form encoded', () => raw('name=x&body=y', 'application/x-www-form-urlencoded'), 415],
      ['latin1 charset', () => raw('{}', 'application/json; charset=latin1'), 415],
      ['over 64 KiB', () => raw(JSON.stringify(aComment({ site: siteId, body: 'x'.repeat(70_000) }))), 413],
      ['name as array', () => raw(JSON.stringify(aComment({ site: siteId, name: ['a', 'b'] }))), 400],
      ['body as object', () => raw(JSON.stringify(aComment({ site: siteId, body: { $gt: '' } }))), 400],
      ['email as number', () => raw(JSON.stringify(aComment({ site: siteId, email: 12345 }))), 400],
      ['site as boolean', () => raw(JSON.stringify(aComment({ site: true }))), 400],
      ['huge number', () => raw(`{"site":"${siteId}","thread":"t","name":1e400,"email":"a@b.co","body":"x"}`), 400],
      ['__proto__ key', () => raw(`{"__proto__":{"admin":true},"site":"${siteId}","thread":"t","name":"n","email":"a@b.co"}`), 400],
      ['constructor key', () => raw(JSON.stringify({ constructor: { prototype: { x: 1 } }, site: siteId })), 400],
      ['NUL in thread', () => raw(JSON.stringify(aComment({ site: siteId, thread: 'a\u0000b' }))), 400],
      ['NUL in site', () => raw(JSON.stringify(aComment({ site: 'de\u0000mo' }))), 400],
      ['lone surrogate escape', () => raw(`{"site":"${siteId}","thread":"t","name":"\\udc00","email":"a@b.co","body":"x"}`), 400],
      ['parentId not a uuid', () => raw(JSON.stringify(aComment({ site: siteId, parentId: "1' OR '1'='1" }))), 400],
      ['parentId as number', () => raw(JSON.stringify(aComment({ site: siteId, parentId: 7 }))), 400],
      ['threadUrl javascript', () => raw(JSON.stringify(aComment({ site: siteId, threadUrl: 'javascript:alert(1)' }))), 400],
      ['huge site id', () => raw(JSON.stringify(aComment({ site: 's'.repeat(5000) }))), 400],
    ];
    const gets: Array<[string, string, number]> = [
      ['repeated site', `/api/comments?site=${siteId}&site=${siteId}&thread=t`, 400],
      ['site[] brackets', `/api/comments?site[]=${siteId}&thread=t`, 400],
      ['forged cursor', `/api/comments?site=${siteId}&thread=t&cursor=AAAA`, 400],
      ['cursor with symbols', `/api/comments?site=${siteId}&thread=t&cursor=%00%ff%fe`, 400],
      ['very long cursor', `/api/comments?site=${siteId}&thread=t&cursor=${'A'.repeat(3000)}`, 400],
      ['limit huge', `/api/comments?site=${siteId}&thread=t&limit=99999999999999999999`, 400],
      ['limit negative', `/api/comments?site=${siteId}&thread=t&limit=-1`, 400],
      ['percent-encoded NUL thread', `/api/comments?site=${siteId}&thread=%00`, 400],
      // Undecodable bytes arrive as U+FFFD: an ordinary (unknown) thread key.
      ['bad percent-encoding', `/api/comments?site=${siteId}&thread=%E0%A4%A`, 200],
      ['counts repeated site', `/api/counts?site=${siteId}&site=x&thread=a`, 400],
      ['counts NUL key', `/api/counts?site=${siteId}&thread=%00`, 400],
    ];
    expect(cases.length + gets.length).toBeGreaterThanOrEqual(30);
    for (const [name, send, status] of cases) {
      const res = await send();
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBe(status);
      expect(res.body.error, name).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    }
    for (const [name, path, status] of gets) {
      const res = await t.api.get(path);
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBe(status);
      if (status === 400) expect(res.body.error.code, name).toBe('validation_failed');
    }
    await t.api.get('/readyz').expect(200);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
