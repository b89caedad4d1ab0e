// First run of the demo: a site whose widget sits under /demo, and a
// moderator to work its queue. Idempotent, and safe when several instances
// start at once: whoever inserts first wins, the others find the rows.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { AppError } from '../errors.js';
import { createModerator } from '../moderators/service.js';
import { findModeratorByEmail } from '../moderators/repository.js';
import { readSite } from '../sites/repository.js';
import { createSite } from '../sites/service.js';

export const DEMO_SITE_ID = 'demo';
export const DEMO_MODERATOR_EMAIL = 'moderator@example.com';

export interface DemoSeed {
  readonly siteId: string;
  readonly moderatorEmail: string;
  /** Only when this call created the moderator: the one time it is shown. */
  readonly moderatorPassword: string | undefined;
}

export async function ensureDemo(deps: Pick<Database, 'db' | 'pool'>, origin: string): Promise<DemoSeed> {
  if (!(await readSite(deps.pool, DEMO_SITE_ID))) {
    await createSite(deps, { name: 'Parley demo', allowedOrigins: [origin], mode: 'pre' }, { id: DEMO_SITE_ID }).catch(ignoreDuplicate);
  }
  let moderatorPassword: string | undefined;
  if (!(await findModeratorByEmail(deps.pool, DEMO_MODERATOR_EMAIL))) {
    const password = randomBytes(18).toString('base64url');
    const created = await createModerator(deps, { email: DEMO_MODERATOR_EMAIL, name: 'Demo Moderator', password, role: 'admin' }).catch(ignoreDuplicate);
    if (created) moderatorPassword = password;
  }
  return { siteId: DEMO_SITE_ID, moderatorEmail: DEMO_MODERATOR_EMAIL, moderatorPassword };
}

function ignoreDuplicate(err: unknown): undefined {
  if (isUniqueViolation(err) || (err instanceof AppError && err.code === 'conflict')) return undefined;
  throw err;
}
