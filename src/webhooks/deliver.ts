// Sends the outbox's webhook items (kind `webhook`): one signed JSON POST to
// the site's webhook URL, read when it is sent (none any more: skipped).
//
// - Only a 2xx answer counts as delivered; anything else, a redirect
//   included (never followed: a redirect could point anywhere), is a failed
//   attempt, tried again by the outbox with backoff.
// - The answer's body is never read (cancelled at once); the attempt is
//   bounded by the outbox's timeout (5 s), which aborts the request.
// - The URL is never logged or stored with an error: Slack's and Discord's
//   URLs are themselves secrets.
// - SSRF: the URL may point anywhere the server can reach, a private address
//   included (a receiver on the local network is a fair use). Only admins set
//   it (DESIGN.md §6), and admins already run the server; the receiver's
//   answer is never shown to anyone, only its status code is kept.
import type { CommentStatus } from '../contracts.js';
import type { Keys } from '../security/keys.js';
import type { Sql } from '../outbox/repository.js';
import { SENT, skipped, type Deliver } from '../outbox/outcome.js';
import { WEBHOOK_EVENTS, webhookPayload, type WebhookEvent } from './payload.js';
import { webhookFacts } from './repository.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signature, webhookSecret } from './signature.js';

export interface WebhookDeps {
  readonly sql: Sql;
  readonly keys: Keys;
  /** The server's own origin: links to the dashboard. */
  readonly origin: string;
}

export function webhookDelivery(deps: WebhookDeps): Deliver {
  return async (item, signal) => {
    const event = WEBHOOK_EVENTS.find((e) => e === item.topic) as WebhookEvent | undefined;
    if (!event) return skipped(`unknown webhook event ${item.topic}`);
    const facts = item.commentId ? await webhookFacts(deps.sql, item.commentId) : undefined;
    if (!facts) return skipped('the comment is gone');
    if (!facts.webhookUrl) return skipped('the site has no webhook any more');
    const status = (item.payload.status as CommentStatus | undefined) ?? facts.status;
    // Sent late (a receiver that was down), it must not publish what a moderator has since refused
    // (spam, rejected) or take back: an approval is told only while the comment is still approved.
    if (facts.status === 'spam' || facts.status === 'rejected') return skipped(`the comment is now ${facts.status}`);
    if (event === 'comment.approved' && facts.status !== 'approved') return skipped(`the comment is now ${facts.status}`);
    const body = JSON.stringify(webhookPayload(event, status, facts, deps.origin));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(facts.webhookUrl, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Parley-Webhook/1',
        'X-Parley-Event': event,
        // The same on every attempt of one item: a receiver can drop a repeat.
        'X-Parley-Delivery': item.id,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signature(webhookSecret(deps.keys, facts.siteId), timestamp, body),
      },
      body,
    });
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return SENT;
    throw new Error(`the receiver answered ${res.status}${res.status >= 300 && res.status < 400 ? ' (a redirect: not followed)' : ''}`);
  };
}
