// The browser bundles, served pre-compressed from dist/public (built by the
// global setup) through the real app.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedCodings } from '../../src/http/static.js';
import { publicDir } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let server: http.Server;
beforeAll(async () => {
  t = await createTestApp();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

const manifest = JSON.parse(readFileSync(path.join(publicDir, 'manifest.json'), 'utf8')) as { live: string; dashboard: string; dashboardCss: string };
const onDisk = (name: string) => readFileSync(path.join(publicDir, name));

interface Raw {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The bytes as sent, not decoded. */
  readonly body: Buffer;
}

/** A request with exactly these headers (no client adds an Accept-Encoding of its own), the body as sent. */
const raw = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<Raw>((resolve, reject) => {
    const { port } = server.address() as AddressInfo;
    const req = http.request({ host: '127.0.0.1', port, path: url, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

async function ok(pending: Promise<Raw>, status: number): Promise<Raw> {
  const res = await pending;
  expect(res.status).toBe(status);
  return res;
}

describe('static bundles', () => {
  it('answers br, gzip and identity that all decode to the file the build wrote, with its type and length', async () => {
    for (const name of ['widget.js', manifest.live, manifest.dashboardCss, 'manifest.json']) {
      const original = onDisk(name);
      const br = await ok(raw(`/${name}`, { 'Accept-Encoding': 'gzip, deflate, br' }), 200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).equals(original)).toBe(true);

      const gz = await ok(raw(`/${name}`, { 'Accept-Encoding': 'gzip' }), 200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).equals(original)).toBe(true);

      const plain = await ok(raw(`/${name}`, { 'Accept-Encoding': 'identity' }), 200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect((plain.body).equals(original)).toBe(true);

      for (const res of [br, gz, plain]) {
        expect(res.headers['vary']).toBe('Accept-Encoding');
        expect(Number(res.headers['content-length'])).toBe((res.body).length);
        expect(res.headers['content-type']).toBe(name.endsWith('.css') ? 'text/css; charset=utf-8' : name.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8');
      }
      expect((br.body).length).toBeLessThan((gz.body).length);
    }
  });

  it('sends identity when no Accept-Encoding is given, or neither br nor gzip is accepted', async () => {
    for (const ae of [undefined, '', 'deflate', 'br;q=0, gzip;q=0', '*;q=0, identity']) {
      const res = await ok(raw('/widget.js', ae === undefined ? {} : { 'Accept-Encoding': ae }), 200);
      expect(res.headers['content-encoding'], ae).toBeUndefined();
      expect((res.body).equals(onDisk('widget.js'))).toBe(true);
    }
  });

  it('honours q-values: q=0 refuses a coding, and a higher q wins over br', async () => {
    expect((await raw('/widget.js', { 'Accept-Encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await raw('/widget.js', { 'Accept-Encoding': 'gzip;q=1, br;q=0.5' })).headers['content-encoding']).toBe('gzip');
    expect((await raw('/widget.js', { 'Accept-Encoding': '*' })).headers['content-encoding']).toBe('br');
    expect(acceptedCodings('gzip ; q=0.5, *;q=0')).toEqual(new Map([['br', 0], ['gzip', 0.5], ['identity', 0]]));
  });

  it('caches hashed chunks for good and widget.js for 5 minutes', async () => {
    for (const name of [manifest.live, manifest.dashboard, manifest.dashboardCss]) {
      expect((await ok(raw(`/${name}`), 200)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await ok(raw('/widget.js'), 200)).headers['cache-control']).toBe('public, max-age=300');
  });

  it('revalidates widget.js by an ETag of each encoding: 304 when it matches', async () => {
    const br = await ok(raw('/widget.js', { 'Accept-Encoding': 'br' }), 200);
    const gz = await ok(raw('/widget.js', { 'Accept-Encoding': 'gzip' }), 200);
    const plain = await ok(raw('/widget.js'), 200);
    const tags = [br, gz, plain].map((r) => r.headers['etag']);
    expect(new Set(tags).size).toBe(3);

    const notModified = await ok(raw('/widget.js', { 'Accept-Encoding': 'br', 'If-None-Match': `"other", ${tags[0]}` }), 304);
    expect(notModified.headers['etag']).toBe(tags[0]);
    expect(notModified.headers['vary']).toBe('Accept-Encoding');
    expect(notModified.headers['cache-control']).toBe('public, max-age=300');
    expect((notModified.body).length).toBe(0);
    // The br ETag does not validate the gzip answer.
    await ok(raw('/widget.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': tags[0]! }), 200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await ok(raw('/widget.js', { 'Accept-Encoding': 'br' }), 200);
    const head = await ok(raw('/widget.js', { 'Accept-Encoding': 'br' }, 'HEAD'), 200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(onDisk('widget.js.br').length);
    for (const h of ['content-encoding', 'content-type', 'content-length', 'etag', 'cache-control', 'vary']) expect(head.headers[h], h).toBe(get.headers[h]);
  });

  it('reaches nothing outside dist/public, lists nothing, and answers unknown files with the JSON 404', async () => {
    const notFound = { error: { code: 'not_found', message: 'No such page or endpoint.' } };
    for (const url of ['/..%2fpackage.json', '/..%2f..%2fpackage.json', '/%2e%2e/package.json', '/../package.json', '/nothing.js', '/widget.js.br', '/', '/%E0%A4%A']) {
      const res = await ok(raw(url), 404);
      expect(JSON.parse(res.body.toString()), url).toEqual(notFound);
    }
    await ok(raw('/widget.js', {}, 'POST'), 404);
  });
});
