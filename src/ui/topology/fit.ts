// Fit-to-view that favours legibility: the picture is scaled to fit its pane,
// but never below LEGIBLE_SCALE (16-unit labels stay >= 11 px on screen, so a
// projector at 1280x720 still reads them); when it then overflows the pane, the
// view centres on the packet's path and never shows empty space past an edge.
// Pure: unit-tested in fit.test.ts.
import type { Point } from './layout';

/** 16-unit labels at 0.7 are 11.2 px. */
export const LEGIBLE_SCALE = 0.7;
export const MAX_FIT_SCALE = 1.6;

export interface Viewport {
  width: number;
  height: number;
  /** room kept free at the top (the lens buttons float there) */
  top: number;
}

export interface Focus {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface FitTransform {
  k: number;
  x: number;
  y: number;
}

/** The bounding box of some points (null for none). */
export function focusOf(points: Point[]): Focus | null {
  if (!points.length) return null;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of points) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  return { x1, y1, x2, y2 };
}

/** Translation along one axis: centre when it fits, else centre on the focus, clamped to the picture's edges. */
function axis(view: number, offset: number, size: number, k: number, lo: number | null, hi: number | null): number {
  const s = size * k;
  if (s <= view) return offset + (view - s) / 2;
  const c = lo !== null && hi !== null ? (lo + hi) / 2 : size / 2;
  const t = offset + view / 2 - c * k;
  return Math.min(offset, Math.max(offset + view - s, t));
}

export function fitTransform(vp: Viewport, size: { width: number; height: number }, focus: Focus | null, minScale = LEGIBLE_SCALE): FitTransform {
  const availH = Math.max(1, vp.height - vp.top);
  const w = Math.max(1, size.width);
  const h = Math.max(1, size.height);
  const kFit = Math.min(vp.width / w, availH / h, MAX_FIT_SCALE);
  const k = Math.max(kFit, Math.min(minScale, MAX_FIT_SCALE));
  // overflowing vertically: use the room under the lens buttons too
  const top = h * k > availH ? 0 : vp.top;
  return {
    k,
    x: axis(vp.width, 0, w, k, focus?.x1 ?? null, focus?.x2 ?? null),
    y: axis(vp.height - top, top, h, k, focus?.y1 ?? null, focus?.y2 ?? null),
  };
}
