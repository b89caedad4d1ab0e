// DOM helpers both clients (widget and dashboard) use: every author-supplied string goes in as text.
type Attrs = Record<string, string | boolean | undefined | ((e: Event) => void)>;

const SAFE_LINK = /^(?:https?:|mailto:|#|\/(?!\/))/i;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | null | undefined | false>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    // A link goes only where links may: a javascript: (or data:) URL that got past the server would run on the host page.
    else if (k === 'href' && typeof v === 'string' && !SAFE_LINK.test(v)) continue;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** When: "3 minutes ago", in the reader's language (the browser's, unless `lang` names another). */
export function ago(iso: string, lang?: string): string {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]] as const) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds), 'second');
}

/**
 * Says `text` in a polite live region: emptied first and filled `delay` ms
 * later, so that a screen reader announces it even when it repeats the last one.
 */
export const announcer = (region: HTMLElement, delay: number) => (text: string) => {
  region.textContent = '';
  setTimeout(() => (region.textContent = text), delay);
};
