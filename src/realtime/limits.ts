// Limits on live connections per client address (DESIGN.md §7), on this
// instance: at most N open WebSocket connections, and at most M new ones per
// minute. One page holds one connection, so these bound what a single
// address can make the server hold and do, without touching the database.
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export interface ConnectionLimits {
  /** Counts a new connection from this request's address; false when it is over a limit (it is then not counted). */
  admit(req: IncomingMessage): { ok: true; release: () => void } | { ok: false };
  /** Open connections per address, for tests and metrics. */
  open(address: string): number;
  close(): void;
}

type Trust = boolean | number | readonly string[];

/** The client's address as Express sees it, with the same TRUST_PROXY rule. */
export function addressResolver(trust: Trust): (req: IncomingMessage) => string {
  const trusted =
    trust === true ? () => true : typeof trust === 'number' ? (_a: string, i: number) => i < trust : proxyaddr.compile(trust === false ? [] : [...trust]);
  return (req) => proxyaddr(req as Parameters<typeof proxyaddr>[0], trusted);
}

const WINDOW_MS = 60_000;
/** Far more addresses than one instance serves at once: a flood of new addresses cannot grow the maps without bound. */
const MAX_TRACKED = 200_000;

export function connectionLimits(opts: { trust: Trust; maxOpen: number; perMinute: number }): ConnectionLimits {
  const addressOf = addressResolver(opts.trust);
  const open = new Map<string, number>();
  const recent = new Map<string, { count: number; resetAt: number }>();
  const prune = setInterval(() => {
    const now = Date.now();
    for (const [address, w] of recent) if (w.resetAt <= now) recent.delete(address);
  }, WINDOW_MS);
  prune.unref();

  return {
    admit(req) {
      const address = addressOf(req);
      const now = Date.now();
      let window = recent.get(address);
      if (!window || window.resetAt <= now) {
        if (!window && recent.size >= MAX_TRACKED) recent.clear();
        window = { count: 0, resetAt: now + WINDOW_MS };
        recent.set(address, window);
      }
      window.count++;
      const current = open.get(address) ?? 0;
      if (window.count > opts.perMinute || current >= opts.maxOpen) return { ok: false };
      open.set(address, current + 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          const left = (open.get(address) ?? 1) - 1;
          if (left > 0) open.set(address, left);
          else open.delete(address);
        },
      };
    },
    open: (address) => open.get(address) ?? 0,
    close: () => clearInterval(prune),
  };
}
