// Moderators: create, change password, remove, assign sites. Changes that take rights away are announced
// (moderator.changed), so live connections follow at once on every instance.
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { moderatorExists, validationFailed } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import * as sites from '../sites/repository.js';
import { parseOrThrow } from '../validation.js';
import { hashPassword } from './password.js';
import * as moderators from './repository.js';
import { ModeratorEmail, NewModerator, Password } from './schema.js';

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
    if (isUniqueViolation(err)) throw moderatorExists();
    throw err;
  }
}

async function existingModerator(deps: { db: Db }, email: string) {
  const moderator = await moderators.findModerator(deps.db, parseOrThrow(ModeratorEmail, email));
  if (!moderator) throw validationFailed({ email: 'No moderator has this email.' });
  return moderator;
}

/** Changes that take rights away announce it: the moderator's live connections follow at once, on every instance. */
type ChangeDeps = { readonly db: Db; readonly events: EventBus };

/** A new password ends every session the moderator had (a stolen cookie dies with the old password). */
export async function changePassword(deps: ChangeDeps, email: string, password: string) {
  const newPassword = parseOrThrow(Password, password);
  const moderator = await existingModerator(deps, email);
  const passwordHash = await hashPassword(newPassword);
  await moderators.replacePassword(deps.db, moderator.id, passwordHash);
  deps.events.publish('moderator.changed', { moderatorId: moderator.id });
  return { id: moderator.id };
}

/** Removes a moderator; their audit entries stay (without them), their sessions end. */
export async function removeModerator(deps: ChangeDeps, email: string) {
  const moderator = await existingModerator(deps, email);
  await moderators.deleteModerator(deps.db, moderator.id);
  deps.events.publish('moderator.changed', { moderatorId: moderator.id });
  return { id: moderator.id };
}

/** Gives a moderator a site to work (or takes it away). */
export async function assignSite(deps: ChangeDeps, email: string, siteId: string, opts: { remove?: boolean } = {}) {
  const moderator = await existingModerator(deps, email);
  if ((await sites.missingSiteIds(deps.db, [siteId])).length) throw validationFailed({ siteIds: `No such site: ${siteId}.` });
  if (moderator.role === 'admin') throw validationFailed({ email: 'An admin sees every site already.' });
  if (opts.remove) await moderators.unassignSite(deps.db, moderator.id, siteId);
  else await moderators.assignSite(deps.db, moderator.id, siteId);
  const assigned = await moderators.assignedSiteIds(deps.db, moderator.id);
  deps.events.publish('moderator.changed', { moderatorId: moderator.id });
  return { id: moderator.id, sites: assigned };
}
