// Where the widget was loaded from and which site it serves, read from its own
// <script> tag while it first runs (document.currentScript is null afterwards).
import { api } from './api.js';

export const script = document.currentScript as HTMLScriptElement | null;
export const base = script ? new URL(script.src).origin : location.origin;
export const site = script?.dataset.site ?? '';
export const client = api(base, site);

export function threadKeyOf(el: HTMLElement): string {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  return el.dataset.thread || (canonical ? new URL(canonical, location.href).pathname : location.pathname);
}
