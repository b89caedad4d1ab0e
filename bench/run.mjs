// npm run bench: figures, not pass/fail. Traffic goes to 127.0.0.1 only,
// bounded in count. Later capabilities add their own benchmarks here.
//   - cold start of the real server on a fresh embedded PostgreSQL, and a second start
//   - /healthz and /readyz latency and throughput, server memory
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REQUESTS = 3000;
const CONCURRENCY = 32;

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startServer(dataDir, port) {
  const began = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH, PORT: String(port), PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Parley is ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { child, ms: performance.now() - began };
}

async function stopServer(child) {
  const began = performance.now();
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  return performance.now() - began;
}

const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

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

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
chmodSync(dataDir, 0o755);
try {
  const port = await freePort();
  const first = await startServer(dataDir, port);
  console.log(`cold start, first (initdb, migrations, demo seed): ${first.ms.toFixed(0)} ms`);
  console.log(`stop on SIGTERM: ${(await stopServer(first.child)).toFixed(0)} ms`);
  const second = await startServer(dataDir, port);
  console.log(`cold start, second (data kept): ${second.ms.toFixed(0)} ms`);
  console.log(`server RSS when idle: ${rssMb(second.child.pid).toFixed(1)} MB`);
  for (const p of ['/healthz', '/readyz']) {
    await load(`http://127.0.0.1:${port}${p}`); // warm-up
    const r = await load(`http://127.0.0.1:${port}${p}`);
    console.log(`GET ${p}: ${REQUESTS} requests, ${CONCURRENCY} concurrent: ${r.rps} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms`);
  }
  console.log(`server RSS after load: ${rssMb(second.child.pid).toFixed(1)} MB`);
  await stopServer(second.child);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
