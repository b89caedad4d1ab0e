// The HTTP load driver: N virtual connections, each an http.Agent of one
// keep-alive socket bound to a loopback source address (127.0.0.2 …), as many
// readers behind many addresses would be. autocannon 9 cannot bind a source
// address, and its reconnectRate drops the response it reconnects on, so the
// bench drives the load itself.
//
// Closed loop (no `rate`): each connection sends its next request as soon as
// the last answer came. Open loop (`rate` req/s over all connections): each
// connection keeps a schedule, and latency counts from when a request was due,
// not when it could be sent, so a stalled server shows in p99 (no coordinated
// omission).
import http from 'node:http';

/** Source addresses 127.0.0.2 … in order: the first `count` of them. */
export function loopbackAddresses(count, { from = 2 } = {}) {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return `127.0.${Math.floor(n / 254)}.${1 + (n % 254)}`;
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function send(agent, port, { method, path, body }) {
  return new Promise((resolve) => {
    const headers = body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {};
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on('error', (err) => resolve({ status: 0, error: err.code ?? err.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, error: err.code ?? err.message }));
    if (body) req.write(body);
    req.end();
  });
}

/**
 * Drives `port` for `seconds` (or until `requests` were answered).
 * `pick()` returns the next request {method, path, body?, kind?}; `onAnswer(req, answer)` sees every answer.
 * `recycleEvery`: a connection closes and reopens from the next source address after that many requests.
 */
export async function drive({ port, connections, seconds = Infinity, requests = Infinity, rate, addresses, recycleEvery = 100, pick, onAnswer }) {
  const latencies = [];
  const statuses = {};
  const errors = {};
  let answered = 0;
  let sent = 0;
  let nextAddress = 0;
  const began = performance.now();
  const endAt = began + seconds * 1000;
  const interval = rate ? (connections * 1000) / rate : 0; // ms between one connection's requests

  async function connection(index) {
    let agent;
    let used = recycleEvery; // opens the first agent below
    let due = began + (interval * index) / connections; // spreads the open-loop schedules
    while (sent < requests) {
      if (rate) {
        if (due >= endAt) break;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      } else if (performance.now() >= endAt) break;
      if (used >= recycleEvery) {
        agent?.destroy();
        agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: addresses[nextAddress++ % addresses.length] });
        used = 0;
      }
      used++;
      sent++;
      const req = pick();
      const start = rate ? due : performance.now();
      const answer = await send(agent, port, req);
      latencies.push(performance.now() - start);
      answered++;
      if (answer.error) errors[answer.error] = (errors[answer.error] ?? 0) + 1;
      else statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      onAnswer?.(req, answer);
      due += interval;
    }
    agent?.destroy();
  }

  await Promise.all(Array.from({ length: connections }, (_, i) => connection(i)));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const failed = Object.values(errors).reduce((a, b) => a + b, 0) + Object.entries(statuses).filter(([s]) => Number(s) >= 400).reduce((a, [, n]) => a + n, 0);
  return { answered, seconds: elapsed, rps: answered / elapsed, p50: pct(50), p99: pct(99), statuses, errors, failed };
}
