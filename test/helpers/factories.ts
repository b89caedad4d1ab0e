// Small builders with sensible defaults; pass only what a test is about.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { issueFormToken } from '../../src/comments/tokens.js';
import { createModerator } from '../../src/moderators/service.js';
import { deriveKeys } from '../../src/security/keys.js';
import { createSite } from '../../src/sites/service.js';
import type { NewModerator } from '../../src/moderators/schema.js';
import type { NewSite } from '../../src/sites/schema.js';
import { TEST_SECRET } from './app.js';

const unique = () => randomBytes(4).toString('hex');

/**
 * A site; its flood limit is off (tests post many comments from one address
 * in a second): pass `floodSeconds` to test it.
 */
export async function buildSite(db: Db, overrides: Partial<NewSite> & { floodSeconds?: number } = {}) {
  const { floodSeconds = 0, ...fields } = overrides;
  const site = await createSite({ db }, { name: `Site ${unique()}`, allowedOrigins: ['https://news.example'], ...fields });
  return db.site.update({ where: { id: site.id }, data: { floodSeconds } });
}

export const TEST_PASSWORD = 'correct horse battery staple';

export const buildModerator = (db: Db, overrides: Partial<NewModerator> = {}) =>
  createModerator({ db }, { email: `mod-${unique()}@example.com`, password: TEST_PASSWORD, role: 'admin', ...overrides });

const keys = deriveKeys(TEST_SECRET);

/** A form token of this site as the server would have issued it `ageMs` ago (servers under test share TEST_SECRET). */
export const aFormToken = (site: string, ageMs = 60_000) => issueFormToken(keys, site, Date.now() - ageMs);

let counter = 0;
/**
 * A valid POST /api/comments body; every call a new author and body, so no two
 * collide as duplicates. It carries a form token a minute old, as a person's
 * would be: pass `formToken: undefined` (or another) to test the form token.
 */
export function aComment(overrides: Record<string, unknown> = {}) {
  counter++;
  const site = (overrides.site as string | undefined) ?? 'demo';
  return {
    site,
    thread: 'an-article',
    name: `Reader ${counter}`,
    email: `reader-${counter}-${unique()}@example.com`,
    body: `Comment number ${counter}: ${unique()}`,
    formToken: aFormToken(site),
    ...overrides,
  };
}

/** Moderation arrives with its own issue; until then tests decide directly. */
export const setStatus = (db: Db, id: string, status: 'pending' | 'approved' | 'rejected' | 'spam') =>
  db.comment.update({ where: { id }, data: { status } });
