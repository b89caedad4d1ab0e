// Moderators: create, change password, remove, assign sites. Changes that take rights away are announced
// (moderator.changed), so live connections follow at once on every instance.
import { randomBytes } from 'node:crypto';
import type { ManagedModerator, ModeratorCreated } from '../contracts.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { cannotRemoveSelf, forbidden, lastAdmin, moderatorExists, moderatorNotFound, validationFailed } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import * as sites from '../sites/repository.js';
import { parseBodyOrThrow, parseOrThrow } from '../validation.js';
import { hashPassword } from './password.js';
import * as moderators from './repository.js';
import { managed } from './presenter.js';
import { ModeratorChange, ModeratorEmail, ModeratorInvite, NewModerator, Password } from './schema.js';

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

// ── The admins' API (DESIGN.md §12) ─────────────────────────────────────────
// Each change commits with its audit entry (by the admin who made it) and is
// then announced, so the moderator's live connections follow at once; their
// HTTP requests already do (every request reads the session's rights afresh).

/** A password for a new moderator, shown once: 144 random bits. */
export const generatePassword = () => randomBytes(18).toString('base64url');

export async function listManaged(deps: { db: Db }): Promise<ManagedModerator[]> {
  return (await moderators.listModerators(deps.db)).map(managed);
}

async function checkSites(db: Db, ids: readonly string[] | undefined) {
  const missing = ids?.length ? await sites.missingSiteIds(db, ids) : [];
  if (missing.length) throw validationFailed({ sites: `No such site: ${missing.join(', ')}.` });
}

/** POST /api/admin/moderators: a new moderator with a generated password, shown this once. */
export async function inviteModerator(deps: ChangeDeps, by: string, input: unknown): Promise<ModeratorCreated> {
  const m = parseBodyOrThrow(ModeratorInvite, input, 'This is not a field of a moderator.');
  await checkSites(deps.db, m.sites);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const created = await deps.db.$transaction(async (tx) => {
      const row = await moderators.insertManaged(tx, {
        email: m.email,
        name: m.name ?? m.email.split('@')[0]!,
        passwordHash,
        role: m.role,
        sites: { create: (m.role === 'admin' ? [] : (m.sites ?? [])).map((siteId) => ({ site: { connect: { id: siteId } } })) },
      });
      await moderators.recordModeratorAudit(tx, { action: 'moderator_create', by, subject: row.id });
      return row;
    });
    return { moderator: managed(created), password };
  } catch (err) {
    if (isUniqueViolation(err)) throw moderatorExists();
    throw err;
  }
}

/**
 * PATCH /api/admin/moderators/:id. Sites and role are checked against what
 * the moderator is now: a `moderator` keeps at least one site, and the last
 * admin cannot be demoted.
 */
export async function changeModerator(deps: ChangeDeps, by: string, id: string, input: unknown): Promise<ManagedModerator> {
  const change = parseBodyOrThrow(ModeratorChange, input, 'This is not a field of a moderator (the email cannot change).');
  await checkSites(deps.db, change.sites);
  const updated = await deps.db.$transaction(async (tx) => {
    const admins = await moderators.lockAdmins(tx);
    // Removed or demoted by another admin while this request waited for the lock: no longer theirs to do.
    if (!admins.includes(by)) throw forbidden();
    const before = await moderators.findManaged(tx, id);
    if (!before) throw moderatorNotFound();
    const role = change.role ?? before.role;
    if (before.role === 'admin' && role !== 'admin' && admins.length <= 1) throw lastAdmin();
    if (role === 'moderator' && (change.sites ?? (before.role === 'admin' ? [] : before.sites)).length === 0)
      throw validationFailed({ sites: 'A moderator needs at least one site (or the admin role).' });
    if (role === 'admin' && change.sites?.length) throw validationFailed({ sites: 'An admin sees every site; give no sites.' });
    const after = await moderators.updateManaged(tx, id, change);
    await moderators.recordModeratorAudit(tx, { action: 'moderator_update', by, subject: id });
    return after;
  });
  await deps.events.publish('moderator.changed', { moderatorId: id });
  return managed(updated);
}

/** DELETE /api/admin/moderators/:id: their sessions end with them; the last admin stays. */
export async function dismissModerator(deps: ChangeDeps, by: string, id: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const admins = await moderators.lockAdmins(tx);
    // Their own account would take the audit entry's author with it (and sign them out mid-task).
    if (id === by) throw cannotRemoveSelf();
    if (!admins.includes(by)) throw forbidden(); // as for a change, above
    const before = await moderators.findManaged(tx, id);
    if (!before) throw moderatorNotFound();
    if (before.role === 'admin' && admins.length <= 1) throw lastAdmin();
    await moderators.deleteModerator(tx, id);
    await moderators.recordModeratorAudit(tx, { action: 'moderator_delete', by, subject: id });
  });
  await deps.events.publish('moderator.changed', { moderatorId: id });
}
