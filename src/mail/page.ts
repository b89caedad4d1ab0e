// The unsubscribe pages (mail/routes.ts): one small HTML document, no script,
// light and dark. The form posts back to the same URL (token included), as a
// mail program's one-click request would.
import { escapeHtml } from './messages.js';
import type { MailList } from './unsubscribe.js';

export type UnsubscribePage = { kind: 'confirm'; list: MailList; token: string } | { kind: 'done'; list: MailList } | { kind: 'invalid' };

const WHAT: Record<MailList, string> = {
  reader: 'notifications about your comments (replies, and your comment being published)',
  moderator: 'the digest of comments awaiting moderation',
};

const STYLE = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:32em;margin:3em auto;padding:0 1em;color:#1b1b1f;background:#fff}
button{font:inherit;background:#0b57d0;color:#fff;border:0;border-radius:4px;padding:.5em 1.25em;cursor:pointer}
button:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}
@media (prefers-color-scheme:dark){body{color:#e6e6ea;background:#16161a}button{background:#8ab4f8;color:#16161a}}`;

export function unsubscribePage(p: UnsubscribePage): string {
  let title: string;
  let body: string;
  switch (p.kind) {
    case 'confirm':
      title = 'Unsubscribe';
      body = `<p>Stop ${escapeHtml(WHAT[p.list])} to this address?</p>
<form method="post" action="/api/unsubscribe?token=${escapeHtml(encodeURIComponent(p.token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`;
      break;
    case 'done':
      title = 'Unsubscribed';
      body = `<p>Done: no more ${escapeHtml(WHAT[p.list])} will be sent to this address.</p>`;
      break;
    default:
      title = 'Link not valid';
      body = '<p>This unsubscribe link is not valid. Please use the link from the message itself, whole.</p>';
  }
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title} · Parley</title><style>${STYLE}</style></head>
<body><main><h1>${title}</h1>
${body}
</main></body>
</html>
`;
}
