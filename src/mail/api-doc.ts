// The unsubscribe link of every message (routes.ts) as the API document
// describes it (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { media } from '../api/route-doc.js';

const reader = {
  tag: 'Readers',
  path: '/api/unsubscribe',
  pageQuery: { token: 'From the link in the message (List-Unsubscribe): it names the list and the address, signed; the address is never in it in the clear.' },
} as const;
const invalid = media('text/html', 'A page saying the link is not valid (altered, or not one of ours).');

export const mailApi: RouteDoc[] = [
  {
    ...reader,
    method: 'get',
    operationId: 'unsubscribePage',
    summary: 'A page asking to confirm an unsubscription',
    description: 'Changes nothing: mail scanners and link previews open links. Its button sends the POST.',
    noDatabase: true,
    responses: { 200: media('text/html', 'The page, with its button.'), 400: invalid },
  },
  {
    ...reader,
    method: 'post',
    operationId: 'unsubscribe',
    summary: 'Unsubscribe the address the token was made for, from its list',
    description:
      "The page's button, or a mail program's one-click request (RFC 8058: form-encoded `List-Unsubscribe=One-Click`, from no page, so neither Origin nor a cookie is asked for). No more mail of that list goes to that address.",
    responses: { 200: media('text/html', 'A page saying it is done.'), 400: invalid },
  },
];
