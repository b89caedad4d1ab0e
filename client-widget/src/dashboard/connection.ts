// Whether the server can be reached: the line in the header that says "Live",
// "Connecting…" or "Reconnecting…" (polite, so a screen reader hears a change
// without losing its place). A lost socket or a request that got no answer
// keeps the view as it is; the server is asked again (GET /api/auth/me) until
// it answers: 200 → back (the queue catches up, the socket reconnects), 401 →
// the session really has ended (api.ts). Nothing here ever signs anyone out
// on a network error.
import { h } from '../shared/dom.js';
import { app } from './app.js';

type SocketState = 'none' | 'connecting' | 'up' | 'down';

let line: HTMLElement | null = null;
let socket: SocketState = 'none';
let lost = false;
let probing: ReturnType<typeof setTimeout> | undefined;
let onBack: Array<() => void> = [];
let onEnded = () => {};

function show() {
  const down = lost || socket === 'down';
  // For tests and styles: main[data-live="on"] while live updates arrive.
  app.dataset.live = socket === 'up' && !lost ? 'on' : 'off';
  if (!line) return;
  line.textContent = down ? 'Reconnecting…' : socket === 'connecting' ? 'Connecting…' : socket === 'up' ? 'Live' : '';
  line.classList.toggle('down', down);
}

/** The header's connection line (one per signed-in page). */
export function connectionLine(): HTMLElement {
  line = h('span', { class: 'live', 'aria-live': 'polite' });
  show();
  return line;
}

/** The live socket's state (live.ts); 'none' on pages without one. */
export function socketIs(state: SocketState) {
  socket = state;
  if (state === 'up' && lost) back();
  show();
}

/** A request got no answer: say so, and ask until the server answers. */
export function unreachable() {
  if (!lost) {
    lost = true;
    show();
  }
  probe(1_000);
}

/** A request got an answer. */
export function reachable() {
  if (lost) back();
}

/** Runs `then` once the server answers again (at once when it is not known to be lost: it asks first). */
export function whenBack(then: () => void) {
  onBack.push(then);
  lost = true;
  show();
  probe(0);
}

/** What a probe does when the session turns out to have ended (index.ts: the sign-in form). */
export const whenProbeFindsNoSession = (then: () => void) => void (onEnded = then);

function probe(delay: number) {
  if (probing !== undefined) return;
  probing = setTimeout(async () => {
    let status = 0;
    try {
      status = (await fetch('/api/auth/me', { credentials: 'same-origin' })).status;
    } catch {
      // still unreachable
    }
    probing = undefined;
    if (status === 401) {
      stopConnection();
      onEnded();
    } else if (status >= 200 && status < 300) back();
    else probe(Math.min(Math.max(delay * 2, 1_000), 5_000));
  }, delay);
}

function back() {
  lost = false;
  clearTimeout(probing);
  probing = undefined;
  show();
  const waiting = onBack;
  onBack = [];
  for (const f of waiting) f();
}

/** Signed out (or the session ended): nothing to wait for any more. */
export function stopConnection() {
  clearTimeout(probing);
  probing = undefined;
  onBack = [];
  lost = false;
  socket = 'none';
  line = null;
}
