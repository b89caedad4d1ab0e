// GET /api/moderation/audit (DESIGN.md §12): a comment's trail (status
// changes, edits, replies, bans, its deletion) or a site's, the newest 100.
// Outside the moderator's sites there is no trail (404). A deleted comment's
// entries stay, each with its site: readable by admins, and by that site's
// moderators.
import type { SignedIn } from '../../auth/sessions.js';
import type { AuditEntryView } from '../../contracts.js';
import type { Db } from '../../db/client.js';
import { commentNotFound, notFound } from '../../errors.js';
import { findSite } from '../../sites/repository.js';
import { siteInScope } from '../repository.js';
import * as audit from './repository.js';
import type { AuditQuery } from './schema.js';

const view = (e: audit.AuditRow): AuditEntryView => ({
  id: e.id,
  commentId: e.commentId,
  action: e.action,
  from: e.fromStatus,
  to: e.toStatus,
  moderator: e.moderator ? { id: e.moderator.id, name: e.moderator.name } : null,
  at: e.createdAt.toISOString(),
});

export async function auditTrail(deps: { db: Db }, who: SignedIn, q: AuditQuery): Promise<{ entries: AuditEntryView[] }> {
  if (q.comment !== undefined) {
    const site = await audit.siteOfComment(deps.db, q.comment);
    if (site !== undefined && !siteInScope(who.scope, site)) throw commentNotFound();
    const entries = await audit.commentTrail(deps.db, who.scope, q.comment);
    // A comment that never was, or is gone with no entry this moderator may read.
    if (site === undefined && entries.length === 0) throw commentNotFound();
    return { entries: entries.map(view) };
  }
  const siteId = q.site!;
  if (!siteInScope(who.scope, siteId) || !(await findSite(deps.db, siteId))) throw notFound('No such site.');
  return { entries: (await audit.siteTrail(deps.db, siteId)).map(view) };
}
