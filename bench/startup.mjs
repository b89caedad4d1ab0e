// Cold start of the real server on a fresh embedded PostgreSQL, a second
// start on the same data, SIGTERM; /healthz and /readyz latency; memory.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, rssMb, startParley, startWithNpm, stop } from './lib.mjs';

const REQUESTS = 3000;
const CONCURRENCY = 32;

async function load(url) {
  const latencies = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const t = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url}: ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
  return { rps: (latencies.length / seconds).toFixed(0), p50: pct(50), p95: pct(95), p99: pct(99) };
}

export async function benchStartup() {
  console.log('## start-up');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  chmodSync(dataDir, 0o755);
  try {
    const port = await freePort();
    const env = { PORT: String(port), PARLEY_DATA_DIR: dataDir };
    const first = await startParley(env);
    console.log(`cold start, first (initdb, migrations, demo seed): ${first.ms.toFixed(0)} ms`);
    console.log(`stop on SIGTERM: ${(await stop(first.child)).toFixed(0)} ms`);
    // What a user runs, build check included; the median of five, after one to warm the file cache.
    const npmStarts = [];
    for (let i = 0; i < 6; i++) {
      const started = await startWithNpm(env);
      await stop(started.child, { group: true });
      // npm may exit before the server has: wait until it stops answering (its embedded PostgreSQL stops before it exits).
      while (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false)) await new Promise((r) => setTimeout(r, 20));
      if (i > 0) npmStarts.push(started.ms);
    }
    const npmMs = [...npmStarts].sort((a, b) => a - b)[2];
    console.log(`npm start, data kept → ready line: median ${npmMs.toFixed(0)} ms (${npmStarts.map((x) => x.toFixed(0)).join(', ')})`);
    const second = await startParley(env);
    console.log(`node dist/main.js, data kept → ready line: ${second.ms.toFixed(0)} ms`);
    const row = { name: 'npm start (data kept)', parley: `${npmMs.toFixed(0)} ms`, baseline: '', ratio: '', goal: '≤ 1 s', verdict: npmMs <= 1_000 };
    console.log(`server RSS when idle: ${rssMb(second.child.pid).toFixed(1)} MB`);
    for (const p of ['/healthz', '/readyz']) {
      await load(`http://127.0.0.1:${port}${p}`); // warm-up
      const r = await load(`http://127.0.0.1:${port}${p}`);
      console.log(`GET ${p}: ${REQUESTS} requests, ${CONCURRENCY} concurrent: ${r.rps} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms`);
    }
    console.log(`server RSS after load: ${rssMb(second.child.pid).toFixed(1)} MB`);
    await stop(second.child);
    return { rows: [row] };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
