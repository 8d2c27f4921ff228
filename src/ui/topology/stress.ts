// Stress mode for the browser performance harness: `?stress=N` launches N
// packet markers along the current path, spread evenly over the schedule and
// looping, animated on requestAnimationFrame by writing one `transform`
// attribute per marker per frame (no React render, no layout read).
import type { Point } from './layout';
import { ease, type Schedule } from '../timeline/timing';

export const STRESS_MAX = 2000;

/** N from `?stress=N` (0 when absent or not a positive integer; capped at STRESS_MAX). */
export function stressCount(search: string): number {
  const raw = new URLSearchParams(search).get('stress');
  if (raw === null) return 0;
  const n = Math.floor(Number(raw));
  return Number.isFinite(n) && n > 0 ? Math.min(n, STRESS_MAX) : 0;
}

/**
 * Where a marker is at time t (ms), looping over the schedule: binary search
 * over the hops' end times, then the eased move from the previous hop's point.
 */
export function loopPoint(points: Point[], s: Schedule, ends: number[], t: number): Point {
  const n = points.length;
  if (n === 0) return { x: 0, y: 0 };
  if (n === 1 || s.total <= 0) return points[0];
  const tt = ((t % s.total) + s.total) % s.total;
  // first hop i >= 1 whose move ends after tt
  let lo = 1;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] > tt) hi = mid;
    else lo = mid + 1;
  }
  const d = s.durations[lo];
  const f = d > 0 ? ease(Math.max(0, Math.min(1, (tt - s.starts[lo]) / d))) : 1;
  const a = points[lo - 1];
  const b = points[lo];
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

/** End time of each hop's move (starts + durations). */
export function endTimes(s: Schedule): number[] {
  return s.starts.map((st, i) => st + s.durations[i]);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Start n looping markers inside `g`; returns the stop function (removes them). */
export function startStress(g: SVGGElement, points: Point[], s: Schedule, n: number): () => void {
  const doc = g.ownerDocument;
  const markers: SVGCircleElement[] = [];
  const frag = doc.createDocumentFragment();
  for (let i = 0; i < n; i++) {
    const c = doc.createElementNS(SVG_NS, 'circle');
    c.setAttribute('r', '6');
    c.setAttribute('class', 'stress-packet');
    frag.appendChild(c);
    markers.push(c);
  }
  g.appendChild(frag);
  g.dataset.stress = String(n);
  const ends = endTimes(s);
  const spread = s.total > 0 ? s.total / n : 0;
  const t0 = performance.now();
  let raf = 0;
  const frame = (now: number) => {
    const t = now - t0;
    for (let i = 0; i < n; i++) {
      const p = loopPoint(points, s, ends, t + i * spread);
      markers[i].setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
    }
    raf = requestAnimationFrame(frame);
  };
  raf = requestAnimationFrame(frame);
  return () => {
    cancelAnimationFrame(raf);
    for (const c of markers) c.remove();
    delete g.dataset.stress;
  };
}
