// Rules of the house that a reviewer would otherwise have to remember.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

const srcDir = path.join(projectRoot, 'src');
const sources = (readdirSync(srcDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.startsWith(`generated${path.sep}`))
  .map((f) => ({ file: f.split(path.sep).join('/'), text: readFileSync(path.join(srcDir, f), 'utf8') }));

/** The code without its comments, so that a comment naming a call is not taken for the call. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');

/** A query: a Prisma model call, raw SQL through Prisma, or SQL on a pg pool or client. */
const QUERY =
  /\.(comment|site|thread|moderator|moderatorSite|session|auditEntry|ban)\.(findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)\(|\$queryRaw|\$executeRaw|\.query(<[^>]*>)?\(/;

/** Where queries may live: repositories, the database layer, and stores named as such (each with its reason). */
const MAY_QUERY: Array<[RegExp, string]> = [
  [/(^|\/)repository\.ts$/, 'repositories: one named function per query'],
  [/^db\//, 'the database layer: pool, migrations, embedded cluster'],
  [/^auth\/rate-limit-store\.ts$/, "express-rate-limit's store on PostgreSQL"],
  [/^auth\/sessions\.ts$/, 'the session store'],
  [/^realtime\/cluster-outlet\.ts$/, "the Socket.IO adapter's NOTIFY channel, written by processes without a server"],
];

const importsOf = (s: { file: string; text: string }) =>
  [...s.text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(s.file), m[1]!.replace(/\.js$/, '.ts'))));

describe('the source tree', () => {
  it('reads the environment in config.ts only', () => {
    const readers = sources.filter((s) => /process\.env\b/.test(s.text)).map((s) => s.file);
    expect(readers).toEqual(['config.ts']);
  });

  it('has no console.log: output goes through the logger or, for people, stdout on purpose', () => {
    expect(sources.filter((s) => /console\.log\(/.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it('runs queries only in repositories, the database layer and named stores', () => {
    const outside = sources.filter((s) => !MAY_QUERY.some(([where]) => where.test(s.file)) && QUERY.test(code(s.text))).map((s) => s.file);
    expect(outside).toEqual([]);
  });

  it('makes AppErrors only in errors.ts, where every case is declared once', () => {
    expect(sources.filter((s) => s.file !== 'errors.ts' && /new AppError\(/.test(code(s.text))).map((s) => s.file)).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(sources.map((s) => [s.file, importsOf(s).filter((i) => sources.some((t) => t.file === i))]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the foundations free of features: db/, security/, events/, http/ and the shared modules import no feature module', () => {
    const foundation = /^(db|security|events|http)\/|^(contracts|errors|config|log|paths|validation)\.ts$/;
    const feature = /^(comments|moderation|moderators|sites|auth|privacy|realtime|demo|dashboard)\//;
    const upward = sources
      .filter((s) => foundation.test(s.file))
      .flatMap((s) => importsOf(s).filter((i) => feature.test(i)).map((i) => `${s.file} → ${i}`));
    expect(upward).toEqual([]);
  });

  it('keeps every hand-written file under ~300 lines', () => {
    expect(sources.filter((s) => s.text.split('\n').length > 320).map((s) => `${s.file}: ${s.text.split('\n').length}`)).toEqual([]);
  });
});
