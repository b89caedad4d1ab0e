// /admin: the moderators' dashboard (DESIGN.md §9). A static shell; the
// script (built by client-widget/build.mjs) does the rest. Strict CSP: no
// inline script or style, nothing from anywhere else.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { publicDir } from '../paths.js';

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function dashboardRouter(): Router {
  const router = Router();
  router.get(['/admin', '/admin/'], (_req, res) => {
    // The bundle's hashed name is in the manifest the build writes.
    const manifest = JSON.parse(readFileSync(path.join(publicDir, 'manifest.json'), 'utf8')) as { dashboard: string; dashboardCss: string };
    res.set('Content-Security-Policy', CSP).set('Cache-Control', 'no-store').type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley moderation</title>
<link rel="stylesheet" href="/${manifest.dashboardCss}">
<script src="/${manifest.dashboard}" defer></script>
</head>
<body><main id="app" aria-live="off"><p>Loading…</p></main></body>
</html>
`);
  });
  return router;
}
