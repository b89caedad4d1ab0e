// The readers' API against its floor: 100,000 comments over 1,000 threads on
// a throwaway embedded PostgreSQL; Parley and a hand-written Express + pg
// endpoint (baseline-server.mjs) on the same database, driven in turn by
// autocannon on 127.0.0.1. Prints req/s, p99 and Parley/baseline ratios.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { embeddedUrl, freePort, root, rssMb, startParley, startProcess, stop } from './lib.mjs';

const THREADS = 1_000;
const TOP_LEVEL = 80; // per thread
const REPLIES = 20; // per thread, under its first top-level comments
const CONNECTIONS = 16;
const SECONDS = 5;
const ROUNDS = 3;

export async function seed(url) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a failed query rejects; the shutdown after it must not crash the run
  await client.connect();
  const began = performance.now();
  await client.query(`INSERT INTO sites (id, name, allowed_origins, mode, flood_seconds) VALUES ('bench', 'Benchmark', ARRAY['https://bench.example'], 'pre', 0)`);
  await client.query(`INSERT INTO threads (id, site_id, key, title) SELECT gen_random_uuid(), 'bench', 'thread-' || g, 'Thread ' || g FROM generate_series(1, ${THREADS}) g`);
  const fields = `author_name, author_email_cipher, author_email_digest, avatar_seed, body, body_html, body_fingerprint, status`;
  const values = (expr) => { const n = `(${expr})`; return `'Reader ' || ${n}, '\\x00'::bytea, md5(${n}::text) || md5(t.key), left(md5(${n}::text), 20),
      'Comment ' || ${n} || ' on ' || t.key, '<p>Comment ' || ${n} || ' on ' || t.key || ': a paragraph of ordinary length, the kind readers write under an article, with a <a href="https://example.com" rel="nofollow ugc noopener">link</a>.</p>',
      md5(${n}::text || t.key) || md5(t.key || ${n}::text), 'approved'`; };
  await client.query(`INSERT INTO comments (id, thread_id, depth, ${fields})
    SELECT uuidv7(), t.id, 1, ${values('g')} FROM threads t CROSS JOIN generate_series(1, ${TOP_LEVEL}) g ORDER BY t.id, g`);
  await client.query(`INSERT INTO comments (id, thread_id, parent_id, root_id, depth, ${fields})
    SELECT uuidv7(), t.id, c.id, c.id, 2, ${values('1000 + c.rn')}
    FROM (SELECT id, thread_id, row_number() OVER (PARTITION BY thread_id ORDER BY id) AS rn FROM comments WHERE depth = 1) c
    JOIN threads t ON t.id = c.thread_id WHERE c.rn <= ${REPLIES}`);
  await client.query('ANALYZE');
  // A throwaway database: measure the servers, not this machine's fsync.
  await client.query('ALTER SYSTEM SET synchronous_commit = off');
  await client.query('SELECT pg_reload_conf()');
  const { rows } = await client.query('SELECT count(*)::int AS n FROM comments');
  await client.end();
  console.log(`seeded ${rows[0].n.toLocaleString('en')} comments over ${THREADS} threads in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

const randomThread = () => `thread-${1 + Math.floor(Math.random() * THREADS)}`;
let posted = 0;
/** The form token every POST carries, as the widget's would (fetched once, > 3 s before posting: it is reusable for 2 hours). */
let formToken;

const scenarios = {
  'GET a 50-comment page': () => ({
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: `/api/comments?site=bench&thread=${randomThread()}&limit=50` }),
  }),
  'POST a comment': () => ({
    method: 'POST',
    path: '/api/comments',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => {
      posted++;
      return { ...req, body: JSON.stringify({ site: 'bench', thread: randomThread(), name: 'Bench Reader', email: `reader${posted}@bench.example`, body: `Benchmark comment ${posted}: ${Math.random()}`, formToken, honeypot: '' }) };
    },
  }),
};

function drive(port, scenario, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration, requests: [scenario()] }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function benchReadersApi() {
  console.log('## readers API: Parley vs a hand-written Express + pg baseline');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-api-'));
  chmodSync(dataDir, 0o755);
  const [parleyPort, basePort] = [await freePort(), await freePort()];
  // One client address drives it all: the per-address limits are raised out of the way, not turned off, so their counting is measured.
  const limits = { POSTS_PER_MINUTE_PER_ADDRESS: '1000000', READS_PER_MINUTE_PER_ADDRESS: '1000000' };
  const parley = await startParley({ PORT: String(parleyPort), PARLEY_DATA_DIR: dataDir, PARLEY_DEMO: 'false', LOG_LEVEL: 'warn', ...limits });
  let baseline;
  try {
    const url = embeddedUrl(dataDir);
    await seed(url);
    baseline = await startProcess(path.join(root, 'bench', 'baseline-server.mjs'), { DATABASE_URL: url, PORT: String(basePort) }, 'baseline ready');
    ({ formToken } = await (await fetch(`http://127.0.0.1:${parleyPort}/api/form-token?site=bench`)).json());
    await new Promise((r) => setTimeout(r, 3_200));
    for (const [name, scenario] of Object.entries(scenarios)) {
      const runs = { parley: [], baseline: [] };
      const servers = [['parley', parleyPort], ['baseline', basePort]];
      for (const [, port] of servers) await drive(port, scenario, 2); // warm-up
      // Interleaved rounds, order alternating, so that drift (a growing table,
      // a checkpoint, the other tenant of this machine) hits both alike.
      for (let round = 0; round < ROUNDS; round++) {
        for (const [who, port] of round % 2 ? [...servers].reverse() : servers) {
          const r = await drive(port, scenario, SECONDS);
          const bad = r.non2xx + r.errors + r.timeouts;
          if (bad > r.requests.total / 100) throw new Error(`${who}: ${bad} of ${r.requests.total} requests failed in "${name}"`);
          runs[who].push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
        }
      }
      const median = (list) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
      for (const who of ['parley', 'baseline']) {
        const m = median(runs[who]);
        console.log(`${name.padEnd(22)} ${who.padEnd(8)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms   (rounds: ${runs[who].map((x) => x.rps.toFixed(0)).join(', ')})`);
      }
      console.log(`${name.padEnd(22)} ratio    ${(median(runs.parley).rps / median(runs.baseline).rps).toFixed(2)}× the baseline's req/s (medians of ${ROUNDS} rounds)`);
    }
    // The POSTs went through the whole pipeline as a person's would: none held for its form token.
    const check = new pg.Client({ connectionString: embeddedUrl(dataDir) });
    await check.connect();
    const { rows } = await check.query(`SELECT count(*)::int AS n FROM comments WHERE held_reasons && ARRAY['form_token', 'too_fast']`);
    await check.end();
    if (rows[0].n) throw new Error(`${rows[0].n} benchmark comments were held for their form token`);
    console.log(`Parley RSS after the runs: ${rssMb(parley.child.pid).toFixed(1)} MB (${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per server and scenario)`);
  } catch (err) {
    console.error(`readers API benchmark failed: ${err.message}`);
    process.exitCode = 1;
  } finally {
    if (baseline) await stop(baseline.child);
    await stop(parley.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
