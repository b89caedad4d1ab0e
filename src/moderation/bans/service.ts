// Bans (DESIGN.md §6): a moderator bans a comment's author on that comment's
// site, by the digest of their email, of their address, or both; lists and
// lifts bans. Outside the moderator's sites a comment or ban does not exist
// (404). Each ban and each lifting commits together with its audit entry.
// The comment pipeline asks about bans with the author's other facts (rules/repository.ts).
import type { SignedIn } from '../../auth/sessions.js';
import type { Ban } from '../../contracts.js';
import type { Db } from '../../db/client.js';
import { banNotFound, cannotBanBy, commentNotFound, notFound } from '../../errors.js';
import { siteInScope } from '../repository.js';
import { forModerator } from './presenter.js';
import * as bans from './repository.js';
import type { BansQuery, NewBan } from './schema.js';

export interface BanDeps {
  readonly db: Db;
}

/** Bans the author of a comment; an identical ban on that site is returned as it is (created: false). */
export async function banAuthor(deps: BanDeps, who: SignedIn, input: NewBan): Promise<{ ban: Ban; created: boolean }> {
  return deps.db.$transaction(async (tx) => {
    const comment = await bans.commentToBan(tx, who.scope, input.commentId);
    if (!comment) throw commentNotFound();
    const digest = (by: 'email' | 'ip') => {
      if (!input.by.includes(by)) return null;
      const value = by === 'email' ? comment.authorEmailDigest : comment.ipDigest;
      if (value === null) throw cannotBanBy(by);
      return value;
    };
    const wanted = { siteId: comment.thread.siteId, emailDigest: digest('email'), ipDigest: digest('ip') };
    const same = await bans.findSameBan(tx, wanted);
    if (same) return { ban: forModerator(same), created: false };
    const row = await bans.createBan(tx, { ...wanted, commentId: comment.id, createdById: who.moderator.id });
    await bans.recordBanAudit(tx, { action: 'ban', siteId: row.siteId, commentId: comment.id, moderatorId: who.moderator.id });
    return { ban: forModerator(row), created: true };
  });
}

export async function listBans(deps: BanDeps, who: SignedIn, q: BansQuery): Promise<{ bans: Ban[] }> {
  if (q.site && !siteInScope(who.scope, q.site)) throw notFound('No such site.');
  return { bans: (await bans.listBans(deps.db, who.scope, q.site)).map(forModerator) };
}

export async function liftBan(deps: BanDeps, who: SignedIn, id: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const ban = await bans.findBanInScope(tx, who.scope, id);
    if (!ban) throw banNotFound();
    // Lifted by someone else in the meantime: gone, as for them.
    if ((await bans.deleteBan(tx, id)).count === 0) throw banNotFound();
    await bans.recordBanAudit(tx, { action: 'unban', siteId: ban.siteId, commentId: ban.commentId, moderatorId: who.moderator.id });
  });
}
