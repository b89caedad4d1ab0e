import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../src/auth/routes.js';
import { changePassword } from '../../src/moderators/service.js';
import type { TestApp } from '../helpers/app.js';
import { buildModerator, TEST_PASSWORD } from '../helpers/factories.js';
import { as, moderationApp, ORIGIN, signIn } from '../helpers/moderation.js';

let t: TestApp;
beforeAll(async () => {
  t = await moderationApp();
});
afterAll(() => t.close());
// Every request here comes from 127.0.0.1: each test starts with the IP's failures forgotten.
afterEach(() => t.db.rateLimit.deleteMany());

const login = (body: object, origin: string | null = ORIGIN) => {
  const req = t.api.post('/api/auth/login');
  return (origin ? req.set('Origin', origin) : req).send(body);
};

describe('signing in', () => {
  it('answers the moderator and sets an HttpOnly, SameSite=Strict session cookie on /', async () => {
    const m = await buildModerator(t.db, { name: 'Grace' });
    const res = await login({ email: m.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
    expect(res.body).toEqual({ moderator: { id: m.id, email: m.email, name: 'Grace', role: 'admin' } });
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(cookie).toMatch(/^parley_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/); // PUBLIC_URL is http here
    const me = await as(t, cookie.split(';')[0]).get('/api/auth/me').expect(200);
    expect(me.body.moderator).toEqual({ id: m.id, email: m.email, name: 'Grace', role: 'admin' });
  });

  it('marks the cookie Secure when Parley is served over https', async () => {
    const secure = await moderationApp({ PUBLIC_URL: 'https://comments.example' });
    try {
      const m = await buildModerator(secure.db);
      const res = await secure.api.post('/api/auth/login').set('Origin', 'https://comments.example').send({ email: m.email, password: TEST_PASSWORD }).expect(200);
      expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('stores only a hash of the session token', async () => {
    const m = await buildModerator(t.db);
    const cookie = await signIn(t, m.email);
    const token = cookie.split('=')[1]!;
    const sessions = await t.db.session.findMany({ where: { moderatorId: m.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(sessions)).not.toContain(token);
  });

  it('gives a new token at every sign-in', async () => {
    const m = await buildModerator(t.db);
    expect(await signIn(t, m.email)).not.toBe(await signIn(t, m.email));
  });

  it('answers an unknown email and a wrong password alike, in similar time', async () => {
    const m = await buildModerator(t.db);
    const unknown = await login({ email: 'nobody-here@example.com', password: 'whatever password' }).expect(401);
    const wrong = await login({ email: m.email, password: 'not the password' }).expect(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body).toEqual({ error: { code: 'invalid_credentials', message: 'The email or password is not right.' } });

    const time = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        await login({ email, password: `wrong ${i}` });
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[5]!;
    };
    const [unknownMedian, wrongMedian] = [await time('timing-unknown@example.com'), await time((await buildModerator(t.db)).email)];
    expect(Math.max(unknownMedian, wrongMedian) / Math.min(unknownMedian, wrongMedian)).toBeLessThan(2);
  });

  it(`pauses an email after ${LOGIN_LIMITS.perEmail} failures (429 with Retry-After), even for the right password`, async () => {
    const m = await buildModerator(t.db);
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) await login({ email: m.email, password: `guess ${i}` }).expect(401);
    const limited = await login({ email: m.email, password: 'one more guess' }).expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await login({ email: m.email, password: TEST_PASSWORD }).expect(429);
    // Other moderators are not affected.
    await login({ email: (await buildModerator(t.db)).email, password: TEST_PASSWORD }).expect(200);
  });

  it(`pauses a client IP after ${LOGIN_LIMITS.perIp} failures, whichever emails it tries`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) await login({ email: `spray-${i}@example.com`, password: 'password123456' }).expect(401);
    await login({ email: 'spray-last@example.com', password: 'password123456' }).expect(429);
  });

  it('does not count successful sign-ins', async () => {
    const m = await buildModerator(t.db);
    for (let i = 0; i < LOGIN_LIMITS.perEmail + 3; i++) await login({ email: m.email, password: TEST_PASSWORD }).expect(200);
  });

  it('refuses a sign-in from a foreign or missing Origin (login CSRF)', async () => {
    const m = await buildModerator(t.db);
    expect((await login({ email: m.email, password: TEST_PASSWORD }, 'https://evil.example').expect(403)).body.error.code).toBe('origin_not_allowed');
    await login({ email: m.email, password: TEST_PASSWORD }, null).expect(403);
    // A browser's same-origin fetch without Origin says so in Sec-Fetch-Site.
    await t.api.post('/api/auth/login').set('Sec-Fetch-Site', 'same-origin').send({ email: m.email, password: TEST_PASSWORD }).expect(200);
  });

  it('asks for both fields', async () => {
    const res = await login({}).expect(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'password']);
  });
});

describe('a session', () => {
  it('ends at sign-out: the cookie no longer works', async () => {
    const m = await buildModerator(t.db);
    const cookie = await signIn(t, m.email);
    const out = await as(t, cookie).post('/api/auth/logout').expect(204);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^parley_session=;/);
    await as(t, cookie).get('/api/auth/me').expect(401);
  });

  it('ends when the password changes', async () => {
    const m = await buildModerator(t.db);
    const cookie = await signIn(t, m.email);
    await changePassword({ db: t.db, events: t.events }, m.email, 'a brand new long password');
    const res = await as(t, cookie).get('/api/auth/me').expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
    await signIn(t, m.email, 'a brand new long password');
  });

  it('ends after its idle time and at its absolute expiry', async () => {
    const m = await buildModerator(t.db);
    const idle = await signIn(t, m.email);
    await t.db.session.updateMany({ where: { moderatorId: m.id }, data: { lastSeenAt: new Date(Date.now() - 13 * 3_600_000) } });
    await as(t, idle).get('/api/auth/me').expect(401);
    const old = await signIn(t, m.email);
    await t.db.session.updateMany({ where: { moderatorId: m.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await as(t, old).get('/api/auth/me').expect(401);
  });

  it('is refused without a cookie or with a made-up one', async () => {
    await as(t).get('/api/auth/me').expect(401);
    await as(t, 'parley_session=made-up-token').get('/api/auth/me').expect(401);
  });
});
