// The moderators' view of a comment: the public shape plus what only they see.
import type { HeldReason, ModerationComment } from '../contracts.js';
import { decryptEmail } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { forReader } from '../comments/presenter.js';
import type { ModerationView } from './repository.js';
import { NO_CONTEXT, type DecisionContext } from './context.js';
import type { PublicCommentRow } from '../comments/repository.js';

/** `context`: read beside the comment (context.ts); without it, none is shown. */
export const forModerator = (keys: Keys, c: ModerationView, context: DecisionContext = NO_CONTEXT): ModerationComment => ({
  ...forReader(c),
  status: c.status,
  body: c.body,
  // None once the author's data was erased. An email that no longer decrypts
  // (PARLEY_SECRET changed) is shown as unknown, not as an error.
  authorEmail: c.authorEmailCipher ? (decryptEmail(keys, c.authorEmailCipher) ?? '(unreadable)') : null,
  heldReasons: c.heldReasons as HeldReason[],
  thread: { key: c.thread.key, title: c.thread.title, url: c.thread.url },
  site: { id: c.thread.site.id, name: c.thread.site.name },
  moderatedAt: c.moderatedAt?.toISOString() ?? null,
  moderatedBy: c.moderatedBy ? { id: c.moderatedBy.id, name: c.moderatedBy.name } : null,
  inReplyTo: context.inReplyTo,
  authorHistory: context.authorHistory,
});

/**
 * A comment just posted, as moderators see it, from what the POST holds (no
 * read: DESIGN.md §7's comment:created). Its decision context is read after
 * the POST has answered, by the live forwarder (one small statement), so the
 * reader's request does not wait for it.
 */
export const newForModerator = (
  c: PublicCommentRow & { readonly heldReasons: readonly HeldReason[] },
  more: { readonly body: string; readonly authorEmail: string; readonly thread: ModerationComment['thread']; readonly site: ModerationComment['site'] },
): ModerationComment => ({
  ...forReader(c),
  status: c.status,
  body: more.body,
  authorEmail: more.authorEmail,
  heldReasons: [...c.heldReasons],
  thread: more.thread,
  site: more.site,
  moderatedAt: null,
  moderatedBy: null,
  inReplyTo: null,
  authorHistory: null,
});
