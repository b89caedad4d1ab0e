// Sends the outbox's mail items (kind `mail`), one message each, to one
// address, read and decrypted at the moment of sending:
//   reply     the comment replied to, when its author ticked "Notify me…";
//   approved  the comment itself, likewise, once a moderator published it;
//   digest    a moderator of the site, listing what still awaits moderation.
// An item whose reason went away (the reply was rejected, the comment
// deleted or erased, the address unsubscribed, the moderator removed,
// nothing left pending) is skipped, not sent.
import { dashboardLink } from '../dashboard/links.js';
import { decryptEmail } from '../security/email.js';
import type { Keys } from '../security/keys.js';
import type { OutboxItem, Sql } from '../outbox/repository.js';
import { SENT, skipped, type Deliver, type Outcome } from '../outbox/outcome.js';
import { approvedMessage, digestMessage, replyMessage, type Composed } from './messages.js';
import { commentFacts, digestFacts, isUnsubscribed, replyFacts, type ThreadFacts } from './repository.js';
import type { Mailer } from './transport.js';
import { addressDigest, unsubscribeHeaders, unsubscribeToken, unsubscribeUrl, type MailList } from './unsubscribe.js';

export interface MailDeps {
  readonly sql: Sql;
  readonly keys: Keys;
  readonly mailer: Mailer;
  /** The server's own origin: links to the dashboard and to unsubscribe. */
  readonly origin: string;
}

const threadRef = (f: ThreadFacts, commentId: string) => ({
  siteName: f.siteName,
  thread: f.threadTitle ?? f.threadKey,
  link: f.threadUrl ? `${f.threadUrl}#comment-${commentId}` : null,
});

export function mailDelivery(deps: MailDeps): Deliver {
  /** Writes to `email` unless it left `list`; every message carries its one-click unsubscribe link. */
  async function write(list: MailList, email: string, compose: (unsubscribeUrl: string) => Composed): Promise<Outcome> {
    if (await isUnsubscribed(deps.sql, list, addressDigest(deps.keys, email))) return skipped('the address unsubscribed');
    const url = unsubscribeUrl(deps.origin, unsubscribeToken(deps.keys, list, email));
    await deps.mailer.send({ to: email, ...compose(url), headers: { ...unsubscribeHeaders(url), 'Auto-Submitted': 'auto-generated' } });
    return SENT;
  }

  const decrypt = (cipher: Uint8Array | null) => (cipher ? decryptEmail(deps.keys, cipher) : undefined);

  const topics: Record<string, (item: OutboxItem) => Promise<Outcome>> = {
    async reply(item) {
      const reply = item.commentId ? await replyFacts(deps.sql, item.commentId) : undefined;
      if (!reply) return skipped('the reply or its parent is gone');
      // Never unmoderated text: only a reply that is published now.
      if (reply.status !== 'approved') return skipped(`the reply is ${reply.status}`);
      const email = reply.parent.notify ? decrypt(reply.parent.emailCipher) : undefined;
      if (!email) return skipped('the parent no longer asks for notifications');
      return write('reader', email, (url) => replyMessage({ ...threadRef(reply, reply.id), replyAuthor: reply.authorName, replyBody: reply.body, unsubscribeUrl: url }));
    },

    async approved(item) {
      const comment = item.commentId ? await commentFacts(deps.sql, item.commentId) : undefined;
      if (!comment) return skipped('the comment is gone');
      if (comment.status !== 'approved') return skipped(`the comment is ${comment.status}`);
      const email = comment.notify ? decrypt(comment.emailCipher) : undefined;
      if (!email) return skipped('the author no longer asks for notifications');
      return write('reader', email, (url) => approvedMessage({ ...threadRef(comment, comment.id), body: comment.body, unsubscribeUrl: url }));
    },

    async digest(item) {
      const { moderatorId, commentIds, more } = item.payload as { moderatorId?: string; commentIds?: string[]; more?: number };
      if (!moderatorId || !Array.isArray(commentIds)) return skipped('malformed digest');
      const facts = await digestFacts(deps.sql, { siteId: item.siteId, moderatorId, commentIds });
      if (!facts?.moderator) return skipped('the moderator no longer moderates this site');
      if (facts.comments.length === 0) return skipped('nothing awaits moderation any more');
      const entries = facts.comments.map((c) => ({
        id: c.id,
        authorName: c.authorName,
        thread: c.threadTitle ?? c.threadKey,
        body: c.body,
        link: dashboardLink(deps.origin, item.siteId, c.id),
      }));
      return write('moderator', facts.moderator.email, (url) =>
        digestMessage({ siteName: facts.siteName, entries, more: typeof more === 'number' ? more : 0, queueLink: dashboardLink(deps.origin, item.siteId), unsubscribeUrl: url }),
      );
    },
  };

  return async (item) => (Object.hasOwn(topics, item.topic) ? topics[item.topic]!(item) : skipped(`unknown mail topic ${item.topic}`));
}
