// One approval reaching 5,000 readers of one thread: from the moderator's
// request to the last delivery, against a bare Socket.IO server broadcasting
// a payload of the same size to as many clients, in the same run. Clients run
// in a separate process; everything stays on 127.0.0.1.
import { fork, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { embeddedUrl, freePort, root, rssMb, startParley, startProcess, stop } from './lib.mjs';

const ROUNDS = 9;

/** `count` reader sockets in a child process (fanout-clients.mjs), spread over loopback source addresses. */
export function clients(url, mode, site, thread, count) {
  const child = fork(path.join(root, 'bench', 'fanout-clients.mjs'), [url, String(count), mode, site ?? '', thread], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waitFor = (type, ms = 120_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${mode} clients: no ${type} within ${ms} ms`)), ms);
      const onMessage = (m) => {
        if (m.type === 'error') {
          clearTimeout(timer);
          child.off('message', onMessage);
          reject(new Error(`${mode} clients: ${JSON.stringify(m.error)}`));
        } else if (m.type === type) {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m);
        }
      };
      child.on('message', onMessage);
    });
  /** reset() resolves once the clients count from zero again (before that, a fast round's deliveries could be counted, then wiped). */
  const reset = () => {
    const done = waitFor('reset', 10_000);
    child.send('reset');
    return done;
  };
  return { child, waitFor, reset, exit: () => child.send('exit') };
}

const now = () => performance.timeOrigin + performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchLiveFanout({ quick = false } = {}) {
  const CLIENTS = Number(process.env.FANOUT_CLIENTS ?? (quick ? 500 : 5_000));
  console.log(`## live fan-out: one approval to ${CLIENTS.toLocaleString('en')} readers of one thread`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-live-'));
  chmodSync(dataDir, 0o755);
  const [parleyPort, barePort] = [await freePort(), await freePort()];
  const parley = await startParley({ PORT: String(parleyPort), PARLEY_DATA_DIR: dataDir, PARLEY_DEMO: 'false' });
  let bare;
  const running = [];
  try {
    const url = embeddedUrl(dataDir);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`INSERT INTO sites (id, name, allowed_origins, flood_seconds) VALUES ('live', 'Live bench', ARRAY['https://live.example'], 0)`);
    await db.end();
    const password = 'bench moderator password';
    await new Promise((resolve, reject) => {
      const cli = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'moderator:create', '--email', 'bench@live.example', '--admin'], {
        env: { PATH: process.env.PATH, PARLEY_DATA_DIR: dataDir, PARLEY_PASSWORD: password, LOG_LEVEL: 'error' },
        stdio: 'ignore',
      });
      cli.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cli exited ${code}`))));
    });
    const origin = `http://127.0.0.1:${parleyPort}`;
    const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ email: 'bench@live.example', password }) });
    const cookie = login.headers.get('set-cookie').split(';')[0];

    // Parley: real comments, approved through the moderators' API.
    const idleRss = rssMb(parley.child.pid);
    const readers = clients(origin, 'parley', 'live', 'fanout', CLIENTS);
    running.push(readers);
    await readers.waitFor('ready');
    const rss = rssMb(parley.child.pid);
    const parleyTimes = [];
    let payloadBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const posted = await fetch(`${origin}/api/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'live', thread: 'fanout', name: 'Bench Reader', email: `r${round}@live.example`, body: `A comment of ordinary length for round ${round}, the kind readers write under an article.` }) });
      const { comment } = await posted.json();
      payloadBytes = JSON.stringify({ ...comment, status: undefined, thread: 'fanout' }).length;
      await readers.reset();
      const delivered = readers.waitFor('delivered');
      const t0 = now();
      const res = await fetch(`${origin}/api/moderation/comments/${comment.id}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie }, body: JSON.stringify({ status: 'approved' }) });
      if (res.status !== 200) throw new Error(`approval failed: ${res.status}`);
      const { last } = await delivered;
      parleyTimes.push(last - t0);
    }
    readers.exit();

    // Bare Socket.IO: the same number of clients, a payload of the same size.
    bare = await startProcess(path.join(root, 'bench', 'bare-socketio.mjs'), { PORT: String(barePort) }, 'bare ready');
    const bareClients = clients(`http://127.0.0.1:${barePort}`, 'bare', undefined, 'room', CLIENTS);
    running.push(bareClients);
    await bareClients.waitFor('ready');
    const bareRss = rssMb(bare.child.pid);
    const bareTimes = [];
    for (let round = 0; round < ROUNDS; round++) {
      await bareClients.reset();
      const delivered = bareClients.waitFor('delivered');
      const t0 = now();
      await fetch(`http://127.0.0.1:${barePort}/broadcast`, { method: 'POST', body: JSON.stringify({ data: 'x'.repeat(payloadBytes - 11) }) });
      const { last } = await delivered;
      bareTimes.push(last - t0);
    }
    bareClients.exit();

    const [p, b] = [median(parleyTimes), median(bareTimes)];
    console.log(`payload ${payloadBytes} bytes; ${ROUNDS} rounds each, medians`);
    console.log(`Parley: approval request → last of ${CLIENTS} deliveries: ${p.toFixed(0)} ms   (rounds: ${parleyTimes.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`bare Socket.IO: broadcast request → last delivery:      ${b.toFixed(0)} ms   (rounds: ${bareTimes.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`ratio ${(p / b).toFixed(2)}× the bare broadcast`);
    console.log(`RSS with ${CLIENTS} sockets: Parley ${rss.toFixed(1)} MB (${idleRss.toFixed(1)} MB before they connected), bare Socket.IO ${bareRss.toFixed(1)} MB`);
    return {
      rows: [
        { name: `fan-out to ${CLIENTS} readers`, parley: `${p.toFixed(0)} ms`, baseline: `${b.toFixed(0)} ms`, ratio: p / b, goal: '≤ 1.3×', verdict: p / b <= 1.3 },
        { name: `RSS, ${CLIENTS} sockets`, parley: `${rss.toFixed(0)} MB`, baseline: `${bareRss.toFixed(0)} MB`, ratio: rss / bareRss, goal: '≤ 200 MB', verdict: rss <= 200 },
      ],
    };
  } finally {
    for (const r of running) r.child.kill();
    if (bare) await stop(bare.child);
    await stop(parley.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
