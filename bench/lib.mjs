// Shared by the benchmarks: start and stop the real server, free ports, figures.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Runs a node script until `readyText` appears on its stdout. */
export async function startProcess(file, env, readyText) {
  const began = performance.now();
  const child = spawn(process.execPath, [file], { env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes(readyText)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${path.basename(file)} exited with ${code}:\n${out}`)));
  });
  return { child, ms: performance.now() - began, output: () => out };
}

/**
 * `npm start` as a user runs it (build check included), timed until /readyz
 * answers 200; in its own process group, which stop() signals as a terminal would.
 */
export async function startWithNpm(env) {
  const began = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: root, detached: true, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('npm start exited before it was ready');
    const ok = await fetch(`http://127.0.0.1:${env.PORT}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, ms: performance.now() - began };
}

export const startParley = (env) => startProcess(path.join(root, 'dist', 'main.js'), env, 'Parley is ready');

export async function stop(child, { group = false } = {}) {
  const began = performance.now();
  const exited = new Promise((r) => child.on('exit', r));
  if (group) process.kill(-child.pid, 'SIGTERM');
  else child.kill('SIGTERM');
  await exited;
  return performance.now() - began;
}

export const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

/** The embedded PostgreSQL a Parley data dir runs, as a URL. */
export function embeddedUrl(dataDir) {
  const state = JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8'));
  return `postgresql://postgres:${state.password}@127.0.0.1:${state.port}/parley`;
}

/** Runs Parley's CLI on a data dir (the server's env) and answers its stdout. */
export function cli(dataDir, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], {
      env: { PATH: process.env.PATH, PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cli ${args[0]} exited ${code}: ${out}`))));
  });
}

/** A site made as an operator would: the CLI, with the flood limit off (the bench posts many comments per address). */
export async function createSite(dataDir, name, mode) {
  const { id } = JSON.parse(await cli(dataDir, ['site:create', '--name', name, '--origin', 'https://bench.example', '--mode', mode]));
  await cli(dataDir, ['site:update', id, '--flood-seconds', '0']);
  return id;
}

/** A moderator's session cookie, logged in through the API with the server's own origin. */
export async function moderatorSession(dataDir, origin) {
  const [email, password] = ['bench@bench.example', 'bench moderator password'];
  await cli(dataDir, ['moderator:create', '--email', email, '--admin'], { PARLEY_PASSWORD: password });
  const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  return login.headers.get('set-cookie').split(';')[0];
}

/** A form token as the widget gets it, once it may be used (a token younger than 3 s holds its comment as too fast). */
export async function formToken(origin, site) {
  const { formToken: token } = await (await fetch(`${origin}/api/form-token?site=${site}`)).json();
  await new Promise((r) => setTimeout(r, 3_200));
  return token;
}

