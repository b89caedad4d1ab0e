// Light or dark ink for the page the widget sits on. The widget paints no
// background of its own, so its text must suit the page's: data-theme="light|dark"
// on the host says which; otherwise the nearest painted background around it
// decides, and on an unpainted page the page's color-scheme and the reader's
// preference (an unpainted canvas is dark only when both allow it).
export function isDark(host: HTMLElement): boolean {
  const forced = host.dataset.theme;
  if (forced) return forced === 'dark';
  for (let el: Element | null = host; el; el = el.parentElement) {
    const rgb = getComputedStyle(el).backgroundColor.match(/[\d.]+/g)?.map(Number);
    if (rgb && rgb.length >= 3 && (rgb[3] ?? 1) > 0.5) return 0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]! < 128;
  }
  return getComputedStyle(document.documentElement).colorScheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches;
}
