// Real headless Chromium (Debian's), driven with playwright-core, and a host
// page on another origin that embeds the widget as a site would.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);

if (!hasBrowser) {
  const message = `Chromium not found at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (or set CHROMIUM_PATH).`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(message);
  console.warn(`Skipping browser tests. ${message}`);
}

export const launch = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

/** Serves `html()` on its own port: another origin than Parley's. */
export async function hostPage(html: () => string) {
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

export const embed = (parley: string, site: string, thread: string, extraHead = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>An article</title>${extraHead}</head>
<body><main><h1>An article</h1><p class="outside">Host page text.</p><button class="outside-button">Host button</button>
<p>Comments: <span data-parley-count="${thread}">…</span></p>
<div id="parley-comments" data-thread="${thread}"></div>
<script src="${parley}/widget.js" data-site="${site}" async></script></main></body></html>`;
