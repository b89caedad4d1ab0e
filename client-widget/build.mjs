// Builds the browser bundles served by the server from dist/public:
//   widget.js                the widget (DESIGN.md §8): one minified IIFE, held to
//                            10 KB gzipped (10,240 bytes), the budget of everything
//                            loaded before the first render;
//   widget-live.<hash>.js    its live part (socket.io-client), loaded after the first
//                            render; content-hashed, so it can be cached for good;
//   widget-more.<hash>.js    what the first render does not need (editing, deleting,
//                            the preview), loaded when a reader first asks for it;
//   widget-<lang>.<hash>.js  the strings of each language but English (which is in
//                            widget.js) that the first render needs, loaded before it
//                            when chosen: the budget counts widget.js plus the largest;
//   widget-<lang>-later.<hash>.js  the rest of them, loaded with widget-more;
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
/** The languages built in besides English (client-widget/src/widget/lang/). */
export const LANGUAGES = ['de', 'fr', 'es'];

const common = { bundle: true, minify: true, write: false, target: 'es2020', legalComments: 'none', logLevel: 'error' };

export async function buildClients({ quiet = false } = {}) {
  mkdirSync(out, { recursive: true });
  const hashed = (prefix, code) => `${prefix}.${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
  /** The widget's lazy files, by the name the widget knows them by: live, more, and each language. */
  const lazy = new Map();
  const bundle = async (key, input) => {
    const code = (await esbuild.build({ ...common, ...input, format: 'iife' })).outputFiles[0].contents;
    lazy.set(key, { name: hashed(`widget-${key}`, code), code });
  };
  await bundle('live', { entryPoints: [path.join(here, 'src/widget/live.ts')] });
  await bundle('more', { entryPoints: [path.join(here, 'src/widget/more.ts')] });
  // A language's two parts, each a script adding its strings to window.parleyLang[lang] (strings.ts).
  for (const l of LANGUAGES)
    for (const [part, key] of [['first', l], ['later', `${l}-later`]])
      await bundle(key, {
        stdin: { contents: `import { ${part} as s } from './lang/${l}.ts'; const w = window; w.parleyLang = { ...w.parleyLang, ${l}: { ...w.parleyLang?.${l}, ...s } };`, resolveDir: path.join(here, 'src/widget'), loader: 'ts' },
      });
  const langs = Object.fromEntries(LANGUAGES.map((l) => [l, [lazy.get(l).name, lazy.get(`${l}-later`).name]]));
  const define = { __LIVE__: JSON.stringify(lazy.get('live').name), __MORE__: JSON.stringify(lazy.get('more').name), __LANGS__: JSON.stringify(langs) };
  const widget = await esbuild.build({ ...common, entryPoints: [path.join(here, 'src/widget/index.ts')], format: 'iife', define });
  const widgetCode = widget.outputFiles[0].contents;

  const names = new Set([...lazy.values()].map((f) => f.name));
  for (const f of readdirSync(out)) if (/^widget-[a-z-]+\.[0-9a-f]+\.js$/.test(f) && !names.has(f)) rmSync(path.join(out, f));
  for (const f of lazy.values()) writeFileSync(path.join(out, f.name), f.code);
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
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ widget: 'widget.js', live: lazy.get('live').name, more: lazy.get('more').name, languages: langs, dashboard: dashName, dashboardCss: dashCssName }, null, 2));

  const compressed = precompress();

  const gz = (code) => gzipSync(code, { level: 9 }).length;
  const widgetGz = gz(widgetCode);
  // The first render loads widget.js (its CSS inside) and, for a reader of another language than English, that language's file.
  const biggestLang = Math.max(0, ...LANGUAGES.map((l) => gz(lazy.get(l).code)));
  const firstRender = widgetGz + biggestLang;
  if (!quiet) {
    process.stderr.write(`widget.js: ${widgetCode.length} bytes, ${widgetGz} gzipped, ${compressed.get('widget.js.br') ?? '-'} brotli\n`);
    for (const l of LANGUAGES) process.stderr.write(`${lazy.get(l).name} (before the first render, when chosen): ${gz(lazy.get(l).code)} gzipped\n`);
    process.stderr.write(`first render (widget.js + CSS + the largest language): ${firstRender} gzipped (budget ${WIDGET_BUDGET_BYTES})\n`);
    for (const k of ['more', ...LANGUAGES.map((l) => `${l}-later`), 'live']) process.stderr.write(`${lazy.get(k).name} (lazy): ${lazy.get(k).code.length} bytes, ${gz(lazy.get(k).code)} gzipped\n`);
    const dashGz = gzipSync(dash.outputFiles[0].contents, { level: 9 }).length;
    process.stderr.write(`${dashName} (dashboard, socket.io-client included): ${dashGz} gzipped; ${dashCssName}: ${gzipSync(dashCss.outputFiles[0].contents, { level: 9 }).length} gzipped\n`);
  }
  if (firstRender > WIDGET_BUDGET_BYTES) throw new Error(`the first render loads ${firstRender} bytes gzipped (widget.js ${widgetGz} + a language ${biggestLang}): over its ${WIDGET_BUDGET_BYTES}-byte budget`);
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
