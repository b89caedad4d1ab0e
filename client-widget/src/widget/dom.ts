// Tiny DOM helpers: every author-supplied string goes in as text.
type Attrs = Record<string, string | boolean | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | null | undefined | false>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** When: "3 minutes ago", in the reader's language. */
export function ago(iso: string): string {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]] as const) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds), 'second');
}

/** A symmetric 5×5 identicon drawn from the avatar seed: no request to anyone. */
export function identicon(seed: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 5 5');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'av');
  const n = parseInt(seed.slice(0, 8), 16) || 0;
  svg.style.color = `hsl(${n % 360} 55% 45%)`;
  for (let i = 0; i < 15; i++) {
    if (!((parseInt(seed[(i % 12) + 8] ?? '0', 16) >> (i % 4)) & 1)) continue;
    const x = Math.floor(i / 5);
    const y = i % 5;
    for (const cx of x === 2 ? [2] : [x, 4 - x]) {
      const r = document.createElementNS(ns, 'rect');
      r.setAttribute('x', String(cx));
      r.setAttribute('y', String(y));
      r.setAttribute('width', '1');
      r.setAttribute('height', '1');
      r.setAttribute('fill', 'currentColor');
      svg.append(r);
    }
  }
  return svg;
}
