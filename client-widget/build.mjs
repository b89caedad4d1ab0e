// Builds the browser bundles served by the server from dist/public:
//   widget.js                the widget (DESIGN.md §8): one minified IIFE, held to
//                            10 KB gzipped (10,240 bytes), the budget of everything
//                            loaded before the first render;
//   widget-live.<hash>.js    its live part (socket.io-client), loaded after the first
//                            render; content-hashed, so it can be cached for good;
//   admin.<hash>.js/.css     the moderators' dashboard, named in manifest.json.
// Beside each .js/.css/.json it writes a .br (brotli, max quality) and a .gz
// (gzip -9) for the server to send as they are (src/http/static.ts); none when
// compressing does not make the file smaller.
// Prints every bundle's gzipped size; fails when the widget is over budget.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'dist', 'public');
export const WIDGET_BUDGET_BYTES = 10_240;

const common = { bundle: true, minify: true, write: false, target: 'es2020', legalComments: 'none', logLevel: 'error' };

export async function buildClients({ quiet = false } = {}) {
  mkdirSync(out, { recursive: true });
  const live = await esbuild.build({ ...common, entryPoints: [path.join(here, 'src/widget/live.ts')], format: 'iife' });
  const liveCode = live.outputFiles[0].contents;
  const liveName = `widget-live.${createHash('sha256').update(liveCode).digest('hex').slice(0, 10)}.js`;
  const widget = await esbuild.build({ ...common, entryPoints: [path.join(here, 'src/widget/index.ts')], format: 'iife', define: { __LIVE__: JSON.stringify(liveName) } });
  const widgetCode = widget.outputFiles[0].contents;

  for (const f of readdirSync(out)) if (/^widget-live\.[0-9a-f]+\.js$/.test(f) && f !== liveName) rmSync(path.join(out, f));
  writeFileSync(path.join(out, liveName), liveCode);
  writeFileSync(path.join(out, 'widget.js'), widgetCode);

  // The dashboard: its script and stylesheet, content-hashed, named in manifest.json for /admin.
  const dash = await esbuild.build({ ...common, entryPoints: [path.join(here, 'src/dashboard/index.ts')], format: 'iife' });
  const dashCss = await esbuild.build({ ...common, entryPoints: [path.join(here, 'src/dashboard/dashboard.css')] });
  const named = (prefix, ext, bytes) => `${prefix}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${ext}`;
  const dashName = named('admin', 'js', dash.outputFiles[0].contents);
  const dashCssName = named('admin', 'css', dashCss.outputFiles[0].contents);
  for (const f of readdirSync(out)) if (/^admin\.[0-9a-f]+\.(js|css)$/.test(f) && f !== dashName && f !== dashCssName) rmSync(path.join(out, f));
  writeFileSync(path.join(out, dashName), dash.outputFiles[0].contents);
  writeFileSync(path.join(out, dashCssName), dashCss.outputFiles[0].contents);
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ widget: 'widget.js', live: liveName, dashboard: dashName, dashboardCss: dashCssName }, null, 2));

  const compressed = precompress();

  const widgetGz = gzipSync(widgetCode, { level: 9 }).length;
  if (!quiet) {
    process.stderr.write(`widget.js: ${widgetCode.length} bytes, ${widgetGz} gzipped (budget ${WIDGET_BUDGET_BYTES}), ${compressed.get('widget.js.br') ?? '-'} brotli\n`);
    process.stderr.write(`${liveName} (lazy): ${liveCode.length} bytes, ${gzipSync(liveCode, { level: 9 }).length} gzipped\n`);
    const dashGz = gzipSync(dash.outputFiles[0].contents, { level: 9 }).length;
    process.stderr.write(`${dashName} (dashboard, socket.io-client included): ${dashGz} gzipped; ${dashCssName}: ${gzipSync(dashCss.outputFiles[0].contents, { level: 9 }).length} gzipped\n`);
  }
  if (widgetGz > WIDGET_BUDGET_BYTES) throw new Error(`widget.js is ${widgetGz} bytes gzipped: over its ${WIDGET_BUDGET_BYTES}-byte budget`);
}

/** Writes <file>.br and <file>.gz beside every .js/.css/.json in dist/public; removes those of files gone. Returns the sizes written. */
function precompress() {
  const sizes = new Map();
  const files = readdirSync(out);
  for (const f of files.filter((f) => /\.(js|css|json)$/.test(f))) {
    const raw = readFileSync(path.join(out, f));
    const variants = [
      ['.br', brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } })],
      ['.gz', gzipSync(raw, { level: 9 })],
    ];
    for (const [ext, bytes] of variants) {
      if (bytes.length >= raw.length) continue;
      writeFileSync(path.join(out, f + ext), bytes);
      sizes.set(f + ext, bytes.length);
    }
  }
  for (const f of files) if (/\.(br|gz)$/.test(f) && !sizes.has(f)) rmSync(path.join(out, f));
  return sizes;
}

// Run directly (`node client-widget/build.mjs`): build and print the sizes.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildClients();
