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

export const startParley = (env) => startProcess(path.join(root, 'dist', 'main.js'), env, 'Parley is ready');

export async function stop(child) {
  const began = performance.now();
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  return performance.now() - began;
}

export const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

/** The embedded PostgreSQL a Parley data dir runs, as a URL. */
export function embeddedUrl(dataDir) {
  const state = JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8'));
  return `postgresql://postgres:${state.password}@127.0.0.1:${state.port}/parley`;
}
