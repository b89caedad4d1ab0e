// The moderators' dashboard (DESIGN.md §9): sign in, then a live queue worked
// from the keyboard. Plain DOM; every author-supplied string goes in as text,
// only the server-sanitized bodyHtml is parsed as HTML. This entry moves
// between the two views: sign-in.ts and queue.ts.

// live.js first: socket.io-client then leads the bundle and the dashboard's own
// code stays in one piece, which gzips better (about 270 bytes).
import { stopLive } from './live.js';
import type { ModeratorProfile } from '../../../src/contracts.js';
import { call, whenSessionEnds } from './api.js';
import { app } from './app.js';
import { stopKeys } from './keys.js';
import { queueView } from './queue.js';
import { signInView } from './sign-in.js';

function signIn(reason = '') {
  stopLive();
  stopKeys();
  signInView(reason, queue);
}

function queue(me: ModeratorProfile) {
  void queueView(me, () => signIn());
}

whenSessionEnds(() => signIn('Your session has ended: sign in again.'));

call<{ moderator: ModeratorProfile }>('/api/auth/me').then(
  ({ moderator }) => queue(moderator),
  () => {
    if (!app.querySelector('form.signin')) signIn();
  },
);
