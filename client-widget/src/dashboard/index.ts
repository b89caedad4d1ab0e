// The moderators' dashboard (DESIGN.md §9, §12): sign in, then the live queue
// worked from the keyboard, and for admins the Sites and Moderators pages.
// Plain DOM; every author-supplied string goes in as text, only the
// server-sanitized bodyHtml is parsed as HTML. This entry moves between the
// sign-in form and the sections (shell.ts routes them by the address's hash).

// live.js first: socket.io-client then leads the bundle and the dashboard's own
// code stays in one piece, which gzips better (about 270 bytes).
import { stopLive } from './live.js';
import type { ModeratorProfile } from '../../../src/contracts.js';
import { moderatorsView } from './admin/moderators.js';
import { sitesView } from './admin/sites.js';
import { call, whenSessionEnds } from './api.js';
import { app } from './app.js';
import { stopConnection, whenProbeFindsNoSession } from './connection.js';
import { stopKeys } from './keys.js';
import { queueView } from './queue.js';
import { route, shell } from './shell.js';
import { signInView } from './sign-in.js';
import { dropUndo } from './undo.js';

let me: ModeratorProfile | null = null;

/** Leaves the view on screen: its socket, keys and undo go with it. */
function leaveView() {
  stopLive();
  stopKeys();
  dropUndo();
}

function signIn(reason = '') {
  me = null;
  leaveView();
  stopConnection();
  signInView(reason, show);
}

function show(who: ModeratorProfile) {
  me = who;
  leaveView();
  const [section, rest] = route();
  const page = shell(who, section, () => void signOut());
  if (section === 'sites') void sitesView(page, rest);
  else if (section === 'moderators') void moderatorsView(page, who);
  else void queueView(who, page);
}

async function signOut() {
  await call('/api/auth/logout', { method: 'POST' }).catch(() => {});
  signIn();
}

const ended = () => {
  // Said once: several requests may find out together.
  if (me) signIn('Your session has ended: sign in again.');
};
whenSessionEnds(ended);
whenProbeFindsNoSession(ended);
addEventListener('hashchange', () => me && show(me));

call<{ moderator: ModeratorProfile }>('/api/auth/me').then(
  ({ moderator }) => show(moderator),
  () => {
    if (!app.querySelector('form.signin')) signIn();
  },
);
