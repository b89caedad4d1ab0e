// The moderators' view of a comment: the public shape plus what only they see.
import type { HeldReason, ModerationComment } from '../contracts.js';
import { decryptEmail } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import { forReader } from '../comments/presenter.js';
import type { ModerationRow } from './repository.js';

export const forModerator = (keys: Keys, c: ModerationRow): ModerationComment => ({
  ...forReader(c),
  status: c.status,
  // None once the author's data was erased. An email that no longer decrypts
  // (PARLEY_SECRET changed) is shown as unknown, not as an error.
  authorEmail: c.authorEmailCipher ? (decryptEmail(keys, c.authorEmailCipher) ?? '(unreadable)') : null,
  heldReasons: c.heldReasons as HeldReason[],
  thread: { key: c.thread.key, title: c.thread.title, url: c.thread.url },
  site: { id: c.thread.site.id, name: c.thread.site.name },
  moderatedAt: c.moderatedAt?.toISOString() ?? null,
  moderatedBy: c.moderatedBy ? { id: c.moderatedBy.id, name: c.moderatedBy.name } : null,
});
