import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemo } from '../../src/demo/seed.js';
import { verifyPassword } from '../../src/moderators/password.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoSiteId: 'demo' });
});
afterAll(() => t.close());

describe('the demo', () => {
  it('is created once, even when several instances start together; the password is given once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensureDemo(t.database, 'http://localhost:3000')));

    expect(await t.db.site.count({ where: { id: 'demo' } })).toBe(1);
    const moderators = await t.db.moderator.findMany({ where: { email: 'moderator@example.com' } });
    expect(moderators).toHaveLength(1);
    const passwords = results.map((r) => r.moderatorPassword).filter(Boolean) as string[];
    expect(passwords).toHaveLength(1);
    expect(await verifyPassword(moderators[0]!.passwordHash, passwords[0]!)).toBe(true);

    const again = await ensureDemo(t.database, 'http://localhost:3000');
    expect(again.moderatorPassword).toBeUndefined();
  });

  it('serves an article with the embed snippet under it', async () => {
    const res = await t.api.get('/demo').expect(200).expect('Content-Type', /html/);
    expect(res.text).toMatch(/<h1>[^<]+<\/h1>/);
    expect(res.text).toContain('<div id="parley-comments" data-thread="the-comment-section-reconsidered"></div>');
    expect(res.text).toContain('<script src="/widget.js" data-site="demo" async></script>');
  });
});
