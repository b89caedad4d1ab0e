// CPU per render of a typical comment (about 300 characters), the Markdown
// renderer of new comments (src/comments/render.ts) against the HTML one it
// replaced, kept for imported bodies (render-html.ts): `node bench/render.mjs`.
// Each body is rendered 10,000 times after a warm-up; the figure is the mean.
// Not part of `npm run bench`: a unit figure, for when the renderer changes.
import { build } from 'esbuild';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNS = 10_000;
const BODIES = {
  'plain prose': `I read this twice and I still think the second half undersells the point about local papers. My town lost its weekly in 2019 and nobody covers the council any more; the meetings are streamed, but who watches three hours of that? Thanks for writing it, and for the numbers in the third section.`,
  'prose with a link and a newline': `I read this twice and I still think the second half undersells the point about local papers.\nMy town lost its weekly in 2019, see https://news.example.com/2019/05/closing for the story; nobody covers the council any more and the meetings are streamed. Thanks for writing it, and for the numbers in the third part.`,
  'Markdown: emphasis, code, a quote, a list': `> the second half undersells the point\n\nI *really* agree. My town lost its weekly in 2019:\n\n- nobody covers the council\n- the meetings are streamed, but \`nobody\` watches\n\nSee [the story](https://news.example.com/2019/05/closing) and thanks for the **numbers** in the third part.`,
};

// Beside node_modules, so the bundle's imports of the libraries resolve.
await mkdir('node_modules/.cache', { recursive: true });
const dir = await mkdtemp(join(process.cwd(), 'node_modules/.cache/render-bench-'));
try {
  const outfile = join(dir, 'render.mjs');
  await build({
    stdin: { contents: "export * from './src/comments/render.ts'; export { renderHtmlBody, loadHtmlRenderer } from './src/comments/render-html.ts';", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning',
  });
  const r = await import(pathToFileURL(outfile).href);
  await r.loadHtmlRenderer();
  const measure = (render, body) => {
    for (let i = 0; i < 1_000; i++) render(body);
    const start = process.cpuUsage();
    for (let i = 0; i < RUNS; i++) render(body);
    const { user, system } = process.cpuUsage(start);
    return (user + system) / RUNS; // µs
  };
  for (const [name, body] of Object.entries(BODIES)) {
    const markdown = measure(r.renderBody, body);
    const html = measure(r.renderHtmlBody, body);
    console.log(`${name} (${body.length} characters): Markdown ${markdown.toFixed(1)} µs, HTML (before) ${html.toFixed(1)} µs per render`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
