// The topology as a standalone SVG file: a copy of the on-screen <svg> with every element's
// computed presentation styles written inline (the file has no stylesheet), the zoom/pan
// undone (the viewBox frames the whole layout), a background, and the whole path of the trace
// drawn on top (class "export-path", one point per hop). PNG: that SVG drawn on a canvas at 2x.
import type { Point } from '../topology/layout';

/** The presentation properties the topology's CSS sets; copied from getComputedStyle. */
export const INLINED_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linejoin',
  'stroke-linecap',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
  'filter',
] as const;

export interface SvgExportInput {
  /** the topology's <svg> as shown */
  svg: SVGSVGElement;
  /** the layout's size */
  width: number;
  height: number;
  /** one point per hop of the trace (empty: no path) */
  path: Point[];
  /** the hop shown (its point gets a ring) */
  step: number;
  title: string;
  /** a multi-line description (the hops, one per line) */
  description: string;
  background: string;
  accent: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN = 24;

function inlineStyles(from: Element, to: Element, getStyle: (el: Element) => CSSStyleDeclaration): void {
  const cs = getStyle(from);
  const parts: string[] = [];
  for (const p of INLINED_PROPERTIES) {
    const v = cs.getPropertyValue(p);
    if (v) parts.push(`${p}:${v}`);
  }
  if (parts.length) to.setAttribute('style', parts.join(';'));
  to.removeAttribute('class');
  const a = from.children;
  const b = to.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i], b[i], getStyle);
}

/** Serialize the topology as a standalone SVG document (text). */
export function topologySvg(input: SvgExportInput, getStyle: (el: Element) => CSSStyleDeclaration = (el) => getComputedStyle(el)): string {
  const { svg, width, height, path } = input;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone, getStyle);
  const w = Math.ceil(width + MARGIN * 2);
  const h = Math.ceil(height + MARGIN * 2);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('viewBox', `${-MARGIN} ${-MARGIN} ${w} ${h}`);
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.setAttribute('data-hops', String(path.length));
  clone.removeAttribute('style');
  clone.setAttribute('style', `background:${input.background}`);
  const doc = clone.ownerDocument;
  // the zoom/pan of the screen does not belong in the file
  const g = clone.querySelector('g');
  g?.removeAttribute('transform');
  // title and description for viewers and assistive tech
  const title = doc.createElementNS(SVG_NS, 'title');
  title.textContent = input.title;
  const desc = doc.createElementNS(SVG_NS, 'desc');
  desc.textContent = input.description;
  const bg = doc.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('x', String(-MARGIN));
  bg.setAttribute('y', String(-MARGIN));
  bg.setAttribute('width', String(w));
  bg.setAttribute('height', String(h));
  bg.setAttribute('fill', input.background);
  clone.insertBefore(bg, clone.firstChild);
  clone.insertBefore(desc, clone.firstChild);
  clone.insertBefore(title, clone.firstChild);
  if (g && path.length > 0) {
    const line = doc.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('class', 'export-path');
    line.setAttribute('points', path.map((p) => `${round(p.x)},${round(p.y)}`).join(' '));
    line.setAttribute('style', `fill:none;stroke:${input.accent};stroke-width:4;stroke-opacity:0.6;stroke-linejoin:round;stroke-linecap:round`);
    // over the boxes and links, under the hop numbers, badges and the packet
    const orig = svg.querySelector('g');
    const firstTop = orig ? Array.from(orig.children).findIndex((el) => /\b(hop-mark|rewrite-badges|packet)\b/.test(el.getAttribute('class') ?? '')) : -1;
    const before = firstTop >= 0 ? (g.children[firstTop] ?? null) : null;
    g.insertBefore(line, before);
    const p = path[Math.max(0, Math.min(path.length - 1, input.step))];
    const ring = doc.createElementNS(SVG_NS, 'circle');
    ring.setAttribute('class', 'export-current');
    ring.setAttribute('cx', String(round(p.x)));
    ring.setAttribute('cy', String(round(p.y)));
    ring.setAttribute('r', '14');
    ring.setAttribute('style', `fill:none;stroke:${input.accent};stroke-width:3`);
    g.insertBefore(ring, before);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Draw an SVG document on a canvas at `scale` and encode it as PNG. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave nothing'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
