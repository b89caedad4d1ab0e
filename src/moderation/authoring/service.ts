// Moderators write too (DESIGN.md §12): a reply from the card, published at
// once under the moderator's name with the moderator badge, and an edit of a
// comment's body. Both go through the readers' renderer, commit with their
// audit entries, and are announced after the commit.
//
// A reply to a pending comment approves it first, in the same transaction
// (WordPress's "Approve and Reply"): a moderator answering a question in the
// queue means to publish both, and a reply under an invisible comment would
// be an orphan to readers. A rejected or spam comment is not approved by a
// reply: that is refused (400, parentId) — approve it first, deliberately.
import type { SignedIn } from '../../auth/sessions.js';
import type { ModerationComment } from '../../contracts.js';
import { bodyFingerprint, loadRenderer, renderBody } from '../../comments/render.js';
import { inTransaction } from '../../db/transaction.js';
import { commentNotFound, validationFailed } from '../../errors.js';
import type { Enqueued } from '../../outbox/repository.js';
import { avatarSeedOfModerator } from '../../security/email.js';
import { parseBodyOrThrow } from '../../validation.js';
import { decisionContext } from '../context.js';
import { forModerator } from '../presenter.js';
import { changeStatus } from '../repository.js';
import { announceChange, type ModerationDeps } from '../service.js';
import * as authoring from './repository.js';
import { BodyEdit, ModeratorReply } from './schema.js';

const NOT_A_FIELD = 'Send only the body.';

export async function replyTo(deps: ModerationDeps, who: SignedIn, parentId: string, input: unknown): Promise<ModerationComment> {
  const { body } = parseBodyOrThrow(ModeratorReply, input, NOT_A_FIELD);
  await loadRenderer();
  const bodyHtml = renderBody(body);
  const at = new Date();
  const moderator = { id: who.moderator.id, name: who.moderator.name };
  const { reply, approval } = await inTransaction(deps.sql, async (tx) => {
    const parent = await authoring.lockReplyTarget(tx, who.scope, parentId);
    if (!parent) throw commentNotFound();
    if (parent.status === 'rejected' || parent.status === 'spam')
      throw validationFailed({ parentId: `This comment is ${parent.status === 'spam' ? 'marked as spam' : 'rejected'}: approve it before replying.` });
    if (parent.depth >= parent.depthLimit)
      throw validationFailed({ parentId: `Replies can only go ${parent.depthLimit} levels deep on this site; reply to an earlier comment instead.` });
    const approval =
      parent.status === 'pending'
        ? await changeStatus(tx, { scope: who.scope, id: parent.id, to: 'approved', from: 'pending', moderatorId: moderator.id, at, mail: deps.mail === true })
        : undefined;
    const outbox: Enqueued[] = [];
    if (parent.webhookUrl) outbox.push({ kind: 'webhook', topic: 'comment.created', payload: { status: 'approved' } });
    if (deps.mail && parent.notify) outbox.push({ kind: 'mail', topic: 'reply' });
    const reply = await authoring.insertReply(tx, {
      parent,
      moderator,
      avatarSeed: avatarSeedOfModerator(deps.keys, moderator.id),
      body,
      bodyHtml,
      bodyFingerprint: bodyFingerprint(body),
      at,
      outbox,
    });
    return { reply, approval };
  });
  if (approval?.changed) {
    const { changed: _, ...before } = approval;
    const approved = { ...before, status: 'approved' as const, moderatedAt: at, moderatedBy: moderator };
    await announceChange(deps, who, { comment: approved, previousStatus: before.status, changed: true, at });
  }
  const comment = forModerator(deps.keys, reply, (await decisionContext(deps.sql, [reply.id])).get(reply.id));
  await deps.events.publish('comment.created', { commentId: reply.id, siteId: reply.thread.site.id, threadKey: reply.thread.key, status: 'approved', comment });
  return comment;
}

export async function editComment(deps: ModerationDeps, who: SignedIn, id: string, input: unknown): Promise<ModerationComment> {
  const { body } = parseBodyOrThrow(BodyEdit, input, NOT_A_FIELD);
  await loadRenderer();
  const edited = await authoring.editBody(deps.sql, { scope: who.scope, id, body, bodyHtml: renderBody(body), at: new Date(), moderatorId: who.moderator.id });
  if (!edited) throw commentNotFound();
  const comment = forModerator(deps.keys, edited, (await decisionContext(deps.sql, [id])).get(id));
  await deps.events.publish('comment.edited', { commentId: id, siteId: edited.thread.site.id, threadKey: edited.thread.key, status: edited.status, comment });
  return comment;
}
