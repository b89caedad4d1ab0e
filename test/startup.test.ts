// The real server, started as `npm start` starts it, on the embedded
// PostgreSQL in a data dir of its own.
import http from 'node:http';
import net from 'node:net';
import { existsSync, mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/embedded/cluster.js';
import { CLI, MAIN, cleanEnv, run, start, type Running } from './helpers/processes.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-startup-'));
chmodSync(dataDir, 0o755);
const started: Running[] = [];
afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(port: number): Promise<Running> {
  const p = start(MAIN, [], cleanEnv({ PORT: String(port), PARLEY_DATA_DIR: dataDir }));
  started.push(p);
  await p.waitForOutput('Parley is ready');
  return p;
}

async function stopServer(p: Running) {
  const began = Date.now();
  p.child.kill('SIGTERM');
  const code = await p.exited;
  return { code, ms: Date.now() - began };
}

const get = (port: number, path: string) => fetch(`http://127.0.0.1:${port}${path}`);

describe('npm start', () => {
  let firstPassword: string | undefined;

  it('serves /healthz, /readyz and /demo on first start, and prints the URLs and the demo moderator once', async () => {
    const port = await freePort();
    const began = Date.now();
    const server = await startServer(port);
    const coldStartMs = Date.now() - began;

    const out = server.stdout();
    expect(out).toContain(`Parley is ready on http://localhost:${port} · demo: http://localhost:${port}/demo · dashboard: http://localhost:${port}/admin`);
    const line = out.split('\n').find((l) => l.startsWith('Demo moderator: '));
    expect(line).toMatch(/^Demo moderator: moderator@example\.com password: \S{16,}$/);
    firstPassword = line!.split('password: ')[1];
    expect(out).toMatch(/Database: embedded PostgreSQL \d+\.\d+.* on 127\.0\.0\.1:\d+, data in /);

    expect((await get(port, '/healthz')).status).toBe(200);
    expect(await (await get(port, '/readyz')).json()).toEqual({ status: 'ready' });
    const demo = await get(port, '/demo');
    expect(demo.status).toBe(200);
    const page = await demo.text();
    expect(page).toContain('<div id="parley-comments"');
    expect(page).toContain('<script src="/widget.js" data-site="demo" async></script>');

    // The password is shown to the person, never written to the log.
    const logLines = out.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.join('\n')).not.toContain(firstPassword);
    expect(server.stderr()).not.toContain(firstPassword);

    const stopped = await stopServer(server);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
    // The embedded database went down with it.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    console.info(`cold start (first, with initdb): ${coldStartMs} ms; stop: ${stopped.ms} ms`);
  });

  it('keeps everything on a second start: same demo site, no second moderator, no password shown', async () => {
    const port = await freePort();
    const began = Date.now();
    const server = await startServer(port);
    console.info(`cold start (second): ${Date.now() - began} ms`);

    expect(server.stdout()).toContain('Demo moderator: moderator@example.com (its password was shown on the first start only; a new one: npm run cli -- moderator:password --email moderator@example.com)');
    if (firstPassword) expect(server.stdout()).not.toContain(firstPassword);

    // The CLI uses the running embedded database and leaves it running.
    const env = cleanEnv({ PARLEY_DATA_DIR: dataDir });
    const sites = JSON.parse((await run(CLI, ['site:list'], env)).stdout).sites;
    expect(sites.filter((s: { id: string }) => s.id === 'demo')).toHaveLength(1);
    const moderators = JSON.parse((await run(CLI, ['moderator:list'], env)).stdout).moderators;
    expect(moderators.filter((m: { email: string }) => m.email === 'moderator@example.com')).toHaveLength(1);
    expect((await get(port, '/readyz')).status).toBe(200);

    expect((await stopServer(server)).code).toBe(0);
  });

  it('stops cleanly when SIGTERM comes the moment it is ready (its live connection to the database still being set up)', async () => {
    const server = await startServer(await freePort());
    const stopped = await stopServer(server);
    expect(stopped.code).toBe(0);
    // Not the 9.5 s hard stop: nothing waits for a connection nobody will release.
    expect(stopped.ms).toBeLessThan(3_000);
  });

  it('finishes a request that is in flight when SIGTERM arrives', async () => {
    const port = await freePort();
    const server = await startServer(port);

    // A request whose body is still arriving when the signal comes.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/in-flight', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': '20' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write('{"slow": ');
      setTimeout(() => req.end('"request!"}'), 700);
    });
    await new Promise((r) => setTimeout(r, 200));
    const stopping = stopServer(server);

    const answered = await response;
    expect(answered.status).toBe(404);
    expect(JSON.parse(answered.body).error.code).toBe('not_found');
    expect((await stopping).code).toBe(0);
  });

  it('exits 1 with a line naming the port when the port is taken', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const result = await run(MAIN, [], cleanEnv({ PORT: String(port), PARLEY_DATA_DIR: dataDir }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
