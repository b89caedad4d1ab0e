// Runs the built server and CLI as real processes, the way users run them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/paths.js';

export const MAIN = path.join(projectRoot, 'dist', 'main.js');
export const CLI = path.join(projectRoot, 'dist', 'cli.js');

/**
 * Only what a process needs, so nothing leaks in from the test runner's
 * environment. The per-address request limits are off (tests post many
 * comments from one address) unless `extra` sets them.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    POSTS_PER_MINUTE_PER_ADDRESS: '0',
    READS_PER_MINUTE_PER_ADDRESS: '0',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface Running {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process ends. */
  readonly exited: Promise<number | string>;
  /** Resolves when stdout contains `text`; rejects if the process ends first. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

export function start(file: string, args: string[], env: Record<string, string>, stdin?: string): Running {
  const child = spawn(process.execPath, [file, ...args], { cwd: projectRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    waiters.forEach((w) => w());
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  if (stdin !== undefined) child.stdin!.end(stdin);
  else child.stdin!.end();
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(text, timeoutMs = 60_000) {
      const seen = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${String(text)}" within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        const check = () => {
          if (seen()) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
        void exited.then((code) => {
          if (!seen()) {
            clearTimeout(timer);
            reject(new Error(`exited (${code}) before "${String(text)}"; stdout:\n${out}\nstderr:\n${err}`));
          }
        });
      });
    },
  };
}

/** Runs to completion. */
export async function run(file: string, args: string[], env: Record<string, string>, stdin?: string) {
  const p = start(file, args, env, stdin);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

export interface Instance {
  readonly process: Running;
  readonly port: number;
  /** http://127.0.0.1:PORT, also its PUBLIC_URL. */
  readonly origin: string;
}

/** `count` Parley servers on one database, as real processes, each ready; `stop` ends them (SIGTERM) and waits. */
export async function startInstances(count: number, env: Record<string, string>) {
  const { freePort } = await import('../../src/db/embedded/cluster.js');
  const list: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    list.push({ process: start(MAIN, [], cleanEnv({ PUBLIC_URL: origin, ...env, PORT: String(port) })), port, origin });
  }
  await Promise.all(list.map((i) => i.process.waitForOutput('Parley is ready')));
  return {
    list,
    async stop() {
      for (const { process } of list) if (process.child.exitCode === null) process.child.kill('SIGTERM');
      await Promise.all(list.map((i) => i.process.exited));
    },
  };
}
