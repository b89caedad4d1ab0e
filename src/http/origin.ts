// The server's own origin (DESIGN.md §3, §5): PUBLIC_URL's, or for local use
// http://localhost:PORT (and the same port on 127.0.0.1 and [::1]). Never the
// request's Host header: a script can send any Host, and an origin taken from
// it would let `Host: evil.example` pass the same-origin checks and set a
// thread's URL to the attacker's page.

export interface OwnOrigin {
  /** The origin browsers use for this server: links, the demo page, the start-up line. */
  readonly url: string;
  /** Whether a browser Origin is this server's own. */
  is(origin: string | undefined): boolean;
}

export function ownOrigin(publicUrl: string | undefined, port: number): OwnOrigin {
  if (publicUrl) return { url: publicUrl, is: (origin) => origin === publicUrl };
  // Without PUBLIC_URL (never in production: config refuses it) the server is
  // reached on this machine; any loopback name for it is the same server.
  const local = new Set([`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]);
  return { url: `http://localhost:${port}`, is: (origin) => origin !== undefined && local.has(origin) };
}

export const siteAllows = (site: { allowedOrigins: readonly string[] }, origin: string, own: OwnOrigin) =>
  own.is(origin) || site.allowedOrigins.includes(origin);
