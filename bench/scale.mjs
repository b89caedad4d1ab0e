// One thread of 100,000 comments against one of 100 (issue 14, item 6): the
// first page of the big one must come within 1.5× the p99 of the small one
// (keyset pagination, the trigger-kept count: nothing per request grows with
// the thread). Both are seeded through POST /api/comments, then their first
// pages are read in alternating rounds by the same driver as the readers' bench.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drive, loopbackAddresses } from './load.mjs';
import { createSite, embeddedUrl, formToken, freePort, rssMb, startParley, stop } from './lib.mjs';
import pg from 'pg';

const settings = (quick) => ({ big: quick ? 5_000 : 100_000, small: 100, connections: 64, addresses: 1_000, recycle: 100, seconds: quick ? 2 : 5, rounds: quick ? 1 : 3 });

export async function benchScale({ quick = false } = {}) {
  const s = settings(quick);
  const addresses = loopbackAddresses(s.addresses);
  const name = `first page, ${s.big.toLocaleString('en')} vs ${s.small} comments`;
  console.log(`## scale: the first page of a ${s.big.toLocaleString('en')}-comment thread against a ${s.small}-comment one${quick ? ' (--quick)' : ''}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-scale-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const parley = await startParley({ PORT: String(port), PARLEY_DATA_DIR: dataDir, PARLEY_DEMO: 'false', LOG_LEVEL: 'warn', POSTS_PER_MINUTE_PER_ADDRESS: '1000000' });
  try {
    const site = await createSite(dataDir, 'Scale', 'post');
    const token = await formToken(`http://127.0.0.1:${port}`, site);
    let n = 0;
    const post = (thread) => () => {
      n++;
      const body = { site, thread, name: 'Scale Reader', email: `reader${n}@scale.example`, body: `Comment ${n}: ${Math.random()}, a paragraph of the usual length under an article.`, formToken: token, honeypot: '' };
      return { method: 'POST', path: '/api/comments', body: JSON.stringify(body) };
    };
    const began = performance.now();
    for (const [thread, count] of [['big', s.big], ['small', s.small]]) {
      const r = await drive({ port, connections: s.connections, addresses, recycleEvery: s.recycle, requests: count, pick: post(thread) });
      if (r.failed) throw new Error(`seeding ${thread}: ${r.failed} of ${r.answered} failed (${JSON.stringify({ ...r.statuses, ...r.errors })})`);
    }
    const seconds = (performance.now() - began) / 1000;
    // A burst of that size leaves nothing behind: every 201 stored, memory back down.
    const db = new pg.Client({ connectionString: embeddedUrl(dataDir) });
    await db.connect();
    const { rows } = await db.query('SELECT count(*)::int AS n FROM comments');
    await db.end();
    console.log(`seeded ${(s.big + s.small).toLocaleString('en')} comments through POST /api/comments in ${seconds.toFixed(0)} s (${((s.big + s.small) / seconds).toFixed(0)}/s), ${rows[0].n.toLocaleString('en')} stored; Parley RSS ${rssMb(parley.child.pid).toFixed(0)} MB`);
    if (rows[0].n !== s.big + s.small) throw new Error(`${s.big + s.small} comments answered 201, ${rows[0].n} stored`);

    const page = (thread) => () => ({ method: 'GET', path: `/api/comments?site=${site}&thread=${thread}&limit=50` });
    const runs = { big: [], small: [] };
    for (const thread of ['big', 'small']) await drive({ port, connections: s.connections, addresses, recycleEvery: s.recycle, seconds: 1, pick: page(thread) }); // warm-up
    for (let round = 0; round < s.rounds; round++) {
      for (const thread of round % 2 ? ['small', 'big'] : ['big', 'small']) {
        const r = await drive({ port, connections: s.connections, addresses, recycleEvery: s.recycle, seconds: s.seconds, pick: page(thread) });
        if (r.failed) throw new Error(`${thread} thread: ${r.failed} of ${r.answered} requests failed (${JSON.stringify({ ...r.statuses, ...r.errors })})`);
        runs[thread].push(r);
      }
    }
    const worst = (rs) => Math.max(...rs.map((r) => r.p99));
    for (const [thread, rs] of Object.entries(runs)) console.log(`first page, ${thread.padEnd(5)} thread: ${rs.map((r) => `${r.rps.toFixed(0)} req/s p99 ${r.p99.toFixed(1)} ms`).join('; ')}`);
    const ratio = worst(runs.big) / worst(runs.small);
    return { rows: [{ name, parley: `p99 ${worst(runs.big).toFixed(1)} ms`, baseline: `p99 ${worst(runs.small).toFixed(1)} ms`, ratio, goal: '≤ 1.5×', verdict: ratio <= 1.5 }] };
  } catch (err) {
    console.error(`scale benchmark failed: ${err.stack}`);
    process.exitCode = 1;
    return { rows: [{ name, parley: 'not measured', goal: '≤ 1.5×', verdict: `ERROR (${err.message.split('\n')[0].slice(0, 60)})` }] };
  } finally {
    await stop(parley.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
