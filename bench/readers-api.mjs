// The readers' API against its floor, then the storm. A throwaway embedded
// PostgreSQL at its default durability is seeded through Parley's public API
// (20,000 comments: top-level comments, then replies under the first of them),
// and measured right after that burst, with no ANALYZE or pause between.
// Parley and a hand-written Express + pg server (baseline-server.mjs) on the
// same database are driven in turn by bench/load.mjs: ≥ 50 connections from
// many loopback source addresses, each reconnecting every RECYCLE requests.
//
// The storm: 5,000 reader sockets on one thread, mixed traffic (90 % page
// GET, 9 % counts, 1 % POST) at half the baseline's GET req/s measured above,
// then one approval to those readers.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { clients } from './live-fanout.mjs';
import { loopbackAddresses, drive } from './load.mjs';
import { createSite, embeddedUrl, formToken, freePort, moderatorSession, root, rssMb, startParley, startProcess, stop } from './lib.mjs';

const settings = (quick) => ({
  threads: quick ? 20 : 200,
  topLevel: 80, // per thread
  replies: 20, // per thread, one under each of its first top-level comments
  connections: 64,
  addresses: 1_000, // source addresses 127.0.0.2 …; connections take them in turn as they reconnect
  recycle: 100, // requests per connection before it reconnects from the next address
  seconds: quick ? 2 : 5,
  rounds: quick ? 1 : 3,
  stormSeconds: quick ? 10 : 60,
  stormSockets: quick ? 500 : 5_000,
  stormConnections: 200, // open loop: enough connections that one slow answer does not delay the schedule
});

// Seeding needs ~20,000 POSTs within a minute or two: the per-address post limit (30/min) is raised for it.
// The reads limit stays at its default (1,200/min per address): the 1,000 source addresses keep each under it.
const LIMITS = { POSTS_PER_MINUTE_PER_ADDRESS: '1000000' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pickOne = (list) => list[Math.floor(Math.random() * list.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Request makers for one server: a page, counts, a new comment. */
function requests(site, threadKeys, token) {
  let n = 0;
  return {
    page: () => ({ kind: 'page', method: 'GET', path: `/api/comments?site=${site}&thread=${pickOne(threadKeys)}&limit=50` }),
    counts: () => ({ kind: 'counts', method: 'GET', path: `/api/counts?site=${site}&${Array.from({ length: 10 }, () => `thread=${pickOne(threadKeys)}`).join('&')}` }),
    post: (thread = pickOne(threadKeys), parentId) => {
      n++;
      const body = { site, thread, parentId, name: 'Bench Reader', email: `reader${n}@bench.example`, body: `Benchmark comment ${n}: ${Math.random()}, the kind of paragraph readers write under an article.`, formToken: token, honeypot: '' };
      return { kind: 'post', method: 'POST', path: '/api/comments', body: JSON.stringify(body) };
    },
  };
}

const createdId = (answer) => (answer.status === 201 ? JSON.parse(answer.body).comment : undefined);

/** Seeds through POST /api/comments; answers the thread keys. */
async function seed(port, site, token, s, addresses) {
  const began = performance.now();
  const threadKeys = Array.from({ length: s.threads }, (_, i) => `thread-${i + 1}`);
  const make = requests(site, threadKeys, token);
  const tops = new Map(threadKeys.map((k) => [k, []]));
  const failures = [];
  const check = (req, answer) => {
    const c = createdId(answer);
    if (c?.status !== 'approved') failures.push(answer.status || answer.error);
    return c;
  };
  // Top-level comments, thread by thread in turn.
  let i = 0;
  await drive({
    port, connections: s.connections, addresses, recycleEvery: s.recycle, requests: s.threads * s.topLevel,
    pick: () => make.post(threadKeys[i++ % s.threads]),
    onAnswer: (req, answer) => { const c = check(req, answer); if (c) tops.get(JSON.parse(req.body).thread).push(c.id); },
  });
  // Replies, one under each of a thread's first top-level comments.
  const parents = threadKeys.flatMap((k) => tops.get(k).slice(0, s.replies).map((id) => [k, id]));
  let j = 0;
  await drive({ port, connections: s.connections, addresses, recycleEvery: s.recycle, requests: parents.length, pick: () => make.post(...parents[j++]), onAnswer: check });
  if (failures.length) throw new Error(`seeding: ${failures.length} comments not published at once (${[...new Set(failures)].join(', ')})`);
  const count = s.threads * s.topLevel + parents.length;
  const seconds = (performance.now() - began) / 1000;
  console.log(`seeded ${count.toLocaleString('en')} comments over ${s.threads} threads through POST /api/comments in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)}/s; POSTS_PER_MINUTE_PER_ADDRESS=${LIMITS.POSTS_PER_MINUTE_PER_ADDRESS})`);
  return threadKeys;
}

/** Interleaved rounds, order alternating, so that drift (a growing table, a checkpoint, autovacuum after the seeding, the other tenant of this machine) hits both alike. */
async function compare(name, servers, scenario, s) {
  const runs = Object.fromEntries(servers.map(([who]) => [who, []]));
  for (const [who, port] of servers) await drive({ port, connections: s.connections, addresses: s.addressList, recycleEvery: s.recycle, seconds: 1, pick: scenario[who] }); // warm-up
  for (let round = 0; round < s.rounds; round++) {
    for (const [who, port] of round % 2 ? [...servers].reverse() : servers) {
      const r = await drive({ port, connections: s.connections, addresses: s.addressList, recycleEvery: s.recycle, seconds: s.seconds, pick: scenario[who] });
      if (r.failed) throw new Error(`${who}: ${r.failed} of ${r.answered} requests failed in "${name}" (${JSON.stringify({ ...r.statuses, ...r.errors })})`);
      runs[who].push(r);
    }
  }
  const m = Object.fromEntries(Object.entries(runs).map(([who, rs]) => [who, rs.find((r) => r.rps === median(rs.map((x) => x.rps)))]));
  for (const [who, r] of Object.entries(m)) {
    console.log(`${name.padEnd(16)} ${who.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  (rounds: ${runs[who].map((x) => x.rps.toFixed(0)).join(', ')}; per address ≤ ${((r.rps * 60) / s.addresses).toFixed(0)}/min)`);
  }
  return m;
}

/** The storm: mixed open-loop traffic with readers connected, then one approval to them. */
async function storm({ port, dataDir, site, preSite, threadKeys, token, rate, s, parley, cookie }) {
  const origin = `http://127.0.0.1:${port}`;
  const readers = clients(origin, 'parley', preSite, 'storm', s.stormSockets);
  try {
    await readers.waitFor('ready');
    const make = requests(site, threadKeys, token);
    const mix = () => { const x = Math.random(); return x < 0.9 ? make.page() : x < 0.99 ? make.counts() : make.post(); };
    const created = [];
    let peakRss = rssMb(parley.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(parley.pid))), 500);
    const r = await drive({
      port, connections: s.stormConnections, addresses: s.addressList, recycleEvery: s.recycle, seconds: s.stormSeconds, rate, pick: mix,
      onAnswer: (_req, answer) => { const c = createdId(answer); if (c) created.push(c.id); },
    });
    clearInterval(sampler);

    // Every 201 is in the database.
    const db = new pg.Client({ connectionString: embeddedUrl(dataDir) });
    await db.connect();
    const { rows } = await db.query('SELECT count(*)::int AS n FROM comments WHERE id = ANY($1::uuid[])', [created]);
    await db.end();

    // The approval: a comment held on the pre-moderated site, approved by a moderator, timed to the last reader.
    const posted = await fetch(`${origin}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: make.post('storm').body.replace(`"site":"${site}"`, `"site":"${preSite}"`) });
    const { comment } = await posted.json();
    await readers.reset();
    const delivered = readers.waitFor('delivered', 30_000);
    const t0 = performance.timeOrigin + performance.now();
    const res = await fetch(`${origin}/api/moderation/comments/${comment.id}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie }, body: JSON.stringify({ status: 'approved' }) });
    if (res.status !== 200) throw new Error(`storm approval failed: ${res.status}`);
    const approvalMs = (await delivered).last - t0;

    // RSS back under 250 MB within 30 s of the end, the readers still connected.
    const ended = performance.now();
    let rssAfter = rssMb(parley.pid);
    while (rssAfter >= 250 && performance.now() - ended < 30_000) {
      await sleep(1_000);
      rssAfter = rssMb(parley.pid);
    }
    const settledS = (performance.now() - ended) / 1000;

    console.log(`storm: ${s.stormSockets.toLocaleString('en')} reader sockets, ${r.answered.toLocaleString('en')} requests in ${r.seconds.toFixed(1)} s at ${rate.toFixed(0)} req/s asked (${r.rps.toFixed(0)} done), 90 % pages / 9 % counts / 1 % POST over ${s.stormConnections} connections`);
    console.log(`storm: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (from when each request was due), statuses ${JSON.stringify(r.statuses)}, errors ${JSON.stringify(r.errors)}`);
    console.log(`storm: ${rows[0].n} of ${created.length} created comments stored; approval → last of ${s.stormSockets} readers ${approvalMs.toFixed(0)} ms; RSS peak ${peakRss.toFixed(0)} MB, ${rssAfter.toFixed(0)} MB ${settledS.toFixed(0)} s after the end`);
    const checks = {
      'p99 < 100 ms': r.p99 < 100,
      '0 errors': r.failed === 0,
      'every 201 stored': rows[0].n === created.length,
      'approval < 1 s': approvalMs < 1_000,
      'RSS < 250 MB within 30 s': rssAfter < 250,
    };
    const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([k]) => k);
    return {
      row: { name: `storm (${s.stormSockets} sockets, ${s.stormSeconds} s)`, parley: `p99 ${r.p99.toFixed(0)} ms, ${r.failed} err, appr. ${approvalMs.toFixed(0)} ms, ${rssAfter.toFixed(0)} MB`, baseline: `${rate.toFixed(0)} req/s asked`, ratio: '', goal: Object.keys(checks).join(', '), verdict: failed.length ? `FAIL (${failed.join(', ')})` : 'pass' },
      peakRss,
    };
  } finally {
    readers.exit();
    readers.child.kill();
  }
}

export async function benchReadersApi({ quick = false } = {}) {
  const s = settings(quick);
  s.addressList = loopbackAddresses(s.addresses);
  console.log(`## readers API: Parley vs a hand-written Express + pg baseline; then the storm${quick ? ' (--quick)' : ''}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-api-'));
  chmodSync(dataDir, 0o755);
  const [parleyPort, basePort] = [await freePort(), await freePort()];
  const parley = await startParley({ PORT: String(parleyPort), PARLEY_DATA_DIR: dataDir, PARLEY_DEMO: 'false', LOG_LEVEL: 'warn', ...LIMITS });
  let baseline;
  const rows = [];
  try {
    const origin = `http://127.0.0.1:${parleyPort}`;
    const site = await createSite(dataDir, 'Benchmark', 'post');
    const preSite = await createSite(dataDir, 'Benchmark, pre-moderated', 'pre');
    // The moderator now, not after the storm: a setup failure shows before the long runs.
    const cookie = await moderatorSession(dataDir, origin);
    const token = await formToken(origin, site);
    const threadKeys = await seed(parleyPort, site, token, s, s.addressList);
    baseline = await startProcess(path.join(root, 'bench', 'baseline-server.mjs'), { DATABASE_URL: embeddedUrl(dataDir), PORT: String(basePort) }, 'baseline ready');

    const servers = [['parley', parleyPort], ['baseline', basePort]];
    const make = requests(site, threadKeys, token);
    const get = await compare('GET page', servers, { parley: make.page, baseline: make.page }, s);
    rows.push({ name: 'GET a 50-comment page', parley: `${get.parley.rps.toFixed(0)} req/s`, baseline: `${get.baseline.rps.toFixed(0)} req/s`, ratio: get.parley.rps / get.baseline.rps, goal: '≥ 1.0×', verdict: get.parley.rps / get.baseline.rps >= 1.0 });
    const post = await compare('POST comment', servers, { parley: () => make.post(), baseline: () => make.post() }, s);
    rows.push({ name: 'POST a comment', parley: `${post.parley.rps.toFixed(0)} req/s`, baseline: `${post.baseline.rps.toFixed(0)} req/s`, ratio: post.parley.rps / post.baseline.rps, goal: '≥ 0.7×', verdict: post.parley.rps / post.baseline.rps >= 0.7 });
    console.log(`Parley RSS after the runs: ${rssMb(parley.child.pid).toFixed(1)} MB (${s.connections} connections from ${s.addresses} addresses, reconnecting every ${s.recycle} requests; ${s.rounds} round(s) of ${s.seconds} s per server and scenario)`);
    await stop(baseline.child);
    baseline = undefined;

    const stormed = await storm({ port: parleyPort, dataDir, site, preSite, threadKeys, token, rate: get.baseline.rps / 2, s, parley: parley.child, cookie });
    rows.push(stormed.row);
    return { rows, peakRss: stormed.peakRss };
  } catch (err) {
    console.error(`readers API benchmark failed: ${err.stack}`);
    process.exitCode = 1;
    // The table still shows every row this part owes, as not measured.
    const owed = ['GET a 50-comment page', 'POST a comment', `storm (${s.stormSockets} sockets, ${s.stormSeconds} s)`];
    for (const name of owed.slice(rows.length)) rows.push({ name, parley: 'not measured', goal: '', verdict: `ERROR (${err.message.split('\n')[0].slice(0, 60)})` });
    return { rows };
  } finally {
    if (baseline) await stop(baseline.child);
    await stop(parley.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
