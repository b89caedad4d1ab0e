// Serves the browser bundles in dist/public (client-widget/build.mjs) from
// memory, in the encoding the client takes: the build writes a .br (brotli,
// max quality) and a .gz (gzip -9) beside each .js/.css/.json, so nothing is
// compressed per request.
//
// The files are read once, when the app is built: they never change while the
// server runs (a new build means a restart). Only a file the build wrote at
// the top of dist/public can be answered, found by exact name in a map, so no
// path (`..`, encoded or not) reaches anything else, and there is no listing.
// Anything unknown goes on to the app's JSON 404.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

type Coding = 'br' | 'gzip' | 'identity';

interface Variant {
  readonly body: Buffer;
  readonly etag: string;
}

interface Asset {
  readonly type: string;
  readonly cacheControl: string;
  /** identity always; br and gzip when the build wrote them. */
  readonly variants: ReadonlyMap<Coding, Variant>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
/** Content-hashed names (widget-live.<hash>.js, admin.<hash>.css) never change: cache them for good. */
const HASHED = /\.[0-9a-f]{10}\.(js|css)$/;
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz', identity: '' };
/** On a tie of the client's q-values, the smaller answer first. */
const PREFERENCE: readonly Coding[] = ['br', 'gzip', 'identity'];

export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return assets; // not built: every request goes on to the 404
  }
  const present = new Set(names);
  for (const name of names) {
    if (/\.(br|gz)$/.test(name) || !statSync(path.join(dir, name)).isFile()) continue;
    const original = readFileSync(path.join(dir, name));
    const tag = createHash('sha256').update(original).digest('base64url').slice(0, 22);
    const variants = new Map<Coding, Variant>([['identity', { body: original, etag: `"${tag}"` }]]);
    for (const coding of ['br', 'gzip'] as const) {
      const file = name + SUFFIX[coding];
      if (present.has(file)) variants.set(coding, { body: readFileSync(path.join(dir, file)), etag: `"${tag}-${coding}"` });
    }
    assets.set(name, {
      type: TYPES[path.extname(name)] ?? 'application/octet-stream',
      cacheControl: HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      variants,
    });
  }
  return assets;
}

/** The q-value the Accept-Encoding header gives each coding (RFC 9110 §12.5.3). */
export function acceptedCodings(header: string | undefined): Map<Coding, number> {
  const listed = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.toLowerCase().split(';');
    const name = token?.trim();
    if (!name) continue;
    const q = params.map((p) => p.trim().match(/^q=([01](?:\.\d{0,3})?)$/)).find(Boolean);
    listed.set(name, q ? Number(q[1]) : 1);
  }
  const star = listed.get('*');
  const qOf = (coding: Coding) => listed.get(coding) ?? (coding === 'gzip' ? listed.get('x-gzip') : undefined) ?? star ?? (coding === 'identity' ? 1 : 0);
  return new Map(PREFERENCE.map((c) => [c, qOf(c)]));
}

function choose(asset: Asset, header: string | undefined): Coding {
  const q = acceptedCodings(header);
  let best: Coding = 'identity';
  let bestQ = 0;
  for (const coding of PREFERENCE) {
    const cq = q.get(coding) ?? 0;
    if (asset.variants.has(coding) && cq > bestQ) [best, bestQ] = [coding, cq];
  }
  // Nothing acceptable (identity;q=0 and no variant taken): identity all the same, as RFC 9110 allows.
  return best;
}

const matches = (ifNoneMatch: string, etag: string) =>
  ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);

export function staticAssets(dir: string): RequestHandler {
  const assets = loadAssets(dir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let name: string;
    try {
      name = decodeURIComponent(req.path.slice(1));
    } catch {
      return next();
    }
    const asset = assets.get(name);
    if (!asset) return next();

    // The metrics' route label (metrics/route-label.ts): one series for every bundle, whatever its hashed name.
    res.locals.route = 'static';
    const coding = choose(asset, req.headers['accept-encoding']);
    const variant = asset.variants.get(coding)!;
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', asset.cacheControl);
    res.setHeader('ETag', variant.etag);
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && matches(ifNoneMatch, variant.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', asset.type);
    if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
    res.setHeader('Content-Length', variant.body.length);
    res.status(200).end(req.method === 'HEAD' ? undefined : variant.body);
  };
}
