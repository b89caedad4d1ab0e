import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { AppError, validationFailed } from '../errors.js';
import * as sites from '../sites/repository.js';
import { parseOrThrow } from '../validation.js';
import { hashPassword } from './password.js';
import * as moderators from './repository.js';
import { NewModerator } from './schema.js';

export async function createModerator(deps: { db: Db }, input: NewModerator) {
  const m = parseOrThrow(NewModerator, input);
  const missing = await sites.missingSiteIds(deps.db, m.siteIds);
  if (missing.length) throw validationFailed({ siteIds: `No such site: ${missing.join(', ')}.` });
  const passwordHash = await hashPassword(m.password);
  try {
    return await moderators.insertModerator(deps.db, {
      email: m.email,
      name: m.name ?? m.email.split('@')[0]!,
      passwordHash,
      role: m.role,
      sites: { create: [...new Set(m.siteIds)].map((siteId) => ({ site: { connect: { id: siteId } } })) },
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 409, 'A moderator with this email already exists.', { fields: { email: 'A moderator with this email already exists.' } });
    throw err;
  }
}
