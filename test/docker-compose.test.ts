// No Docker engine runs here, so the compose file and the Dockerfile are
// checked by reading them: the wiring a `docker compose up` depends on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { projectRoot } from '../src/paths.js';

const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8'));
const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
const { app, postgres } = compose.services;

/** Compose's interpolation: ${X:-default} → default, ${X:?error} → a value the operator must give. */
const interpolate = (value: string) =>
  String(value)
    .replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _name, fallback: string) => fallback)
    .replace(/\$\{(\w+):\?[^}]*\}/g, (_m, name: string) => `operator-supplied-${name.toLowerCase()}-0123456789abcdef`);

describe('docker-compose.yml', () => {
  it('runs the app built from this repository and a postgres service', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'postgres']);
    expect(app.build).toBe('.');
    expect(postgres.image).toMatch(/^postgres:\d+/);
  });

  it('gives postgres a healthcheck and a named volume for its data', () => {
    expect(postgres.healthcheck.test.join(' ')).toMatch(/pg_isready -U parley -d parley/);
    const [volume, mount] = postgres.volumes[0].split(':');
    expect(Object.keys(compose.volumes)).toContain(volume);
    expect(mount).toMatch(/^\/var\/lib\/postgresql/);
  });

  it('starts the app only once postgres is healthy', () => {
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('wires DATABASE_URL to the postgres service with its user, password and database', () => {
    const url = new URL(interpolate(app.environment.DATABASE_URL));
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres.environment.POSTGRES_USER);
    expect(url.password).toBe(interpolate(postgres.environment.POSTGRES_PASSWORD));
    expect(url.pathname).toBe(`/${postgres.environment.POSTGRES_DB}`);
  });

  it('demands a PARLEY_SECRET from the operator instead of shipping one', () => {
    expect(app.environment.PARLEY_SECRET).toMatch(/^\$\{PARLEY_SECRET:\?/);
  });

  it('hands the app an environment its config accepts, as production on the shared database', () => {
    const env = Object.fromEntries(Object.entries(app.environment).map(([k, v]) => [k, interpolate(v as string)]));
    const config = loadConfig({ NODE_ENV: 'production', ...env });
    expect(config.database.kind).toBe('external');
    expect(config.demo).toBe(true);
    expect(app.ports[0]).toMatch(new RegExp(`:${config.http.port}$`));
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split('\n').filter((l) => /^FROM /.test(l));
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('is multi-stage on a supported Node', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(Number(stage.match(/node:(\d+)/)?.[1])).toBeGreaterThanOrEqual(20);
  });

  it('generates the Prisma client and builds at image build time', () => {
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
  });

  it('runs as a non-root user, in production mode, the built entry', () => {
    expect(runtime).toMatch(/^USER (?!root\b)\w+/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/CMD \["node", "dist\/main\.js"\]/);
    expect(runtime).toMatch(/COPY --from=build \/app\/prisma/); // the migrations it applies at start
  });
});
