// A big WordPress export (about 50 MB: 2,000 posts of 42 comments) streams
// through the import in bounded memory: the CLI process's peak RSS, as the
// kernel counted it (getrusage's ru_maxrss, read as the process exits), stays
// under 300 MB, and every comment arrives.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { buildSite } from '../helpers/factories.js';
import { CLI, cleanEnv, run } from '../helpers/processes.js';
import { writeWxr } from './helpers.js';

let t: TestApp;
let tmp: string;
beforeAll(async () => {
  t = await createTestApp();
  tmp = mkdtempSync(path.join(tmpdir(), 'parley-wxr-big-'));
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await t.close();
});

/** Loaded into the CLI process before it starts (--import): writes its peak RSS (kB) to a file as it exits. */
const PEAK_RSS = `import { writeFileSync } from 'node:fs';
const file = process.env.PARLEY_TEST_PEAK_RSS_FILE;
process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
`;

describe('import:wordpress of a large export', () => {
  it('streams 50 MB through in under 300 MB of memory, every comment accounted for', async () => {
    const file = path.join(tmp, 'big.xml');
    const made = await writeWxr(file, 2_000, 42);
    expect(statSync(file).size).toBeGreaterThan(45 * 1024 * 1024);
    const preload = path.join(tmp, 'peak-rss.mjs');
    writeFileSync(preload, PEAK_RSS);
    const rssFile = path.join(tmp, 'peak-rss.txt');
    const site = await buildSite(t.db, { allowedOrigins: ['https://big.example'] });

    const started = Date.now();
    const result = await run(
      CLI,
      ['import:wordpress', '--site', site.id, file],
      cleanEnv({ DATABASE_URL: t.url, PARLEY_SECRET: TEST_SECRET, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, PARLEY_TEST_PEAK_RSS_FILE: rssFile }),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(result.code, result.stderr).toBe(0);

    const peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    expect(peakMb).toBeGreaterThan(20); // it measured something
    expect(peakMb, `peak RSS ${peakMb.toFixed(0)} MB in ${seconds.toFixed(1)} s`).toBeLessThan(300);

    const summary = JSON.parse(result.stdout);
    const total = made.byStatus.approved + made.byStatus.pending + made.byStatus.spam + made.byStatus.rejected;
    expect(summary.comments).toEqual({ ...made.byStatus, total });
    expect(summary.skipped.pingback).toBe(made.pingbacks);
    expect(summary.threads).toEqual({ created: 2_000, existing: 0 });
    expect(summary.movedToTop).toBe(0);

    // Not a terminal: a plain progress line every 10,000 comments, and one at the end.
    const lines = result.stderr.trim().split('\n');
    const every = lines.slice(0, -1).map((line) => Number(/^parley: import: ([\d,]+) comments · [\d,]+ threads · [\d,]+\/s$/.exec(line)?.[1]?.replaceAll(',', '')));
    // Posts of 42 comments: each line comes with the post that crossed the next 10,000.
    expect(every.map((n) => Math.floor(n / 10_000))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(every.every((n) => n % 10_000 < 42)).toBe(true);
    expect(lines.at(-1)).toMatch(/^parley: import: done, 84,000 comments, 2,000 threads read in [\d.]+ s$/);

    const [stored] = (
      await t.database.pool.query(
        `SELECT count(*)::int AS comments, count(*) FILTER (WHERE c.status = 'approved')::int AS approved,
                (SELECT sum(approved_count)::int FROM threads WHERE site_id = $1) AS counted, max(c.depth) AS deepest
         FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.site_id = $1`,
        [site.id],
      )
    ).rows;
    expect(stored).toEqual({ comments: total, approved: made.byStatus.approved, counted: made.byStatus.approved, deepest: 3 });
  }, 120_000);
});
