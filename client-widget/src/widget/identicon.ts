// The commenter's picture: a symmetric 5×5 identicon drawn from the avatar seed, with no request to anyone.
// No seed (the author's own unpublished comment): an empty square until it is published.
export function identicon(avatar: string | null): SVGSVGElement {
  const seed = avatar ?? '';
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
