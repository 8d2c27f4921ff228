// Animation timing as a pure function of the hops and the speed: when each hop
// starts, how long the packet takes to reach it, and where the packet is at a
// given time. Tested without a browser (timing.test.ts).
import type { Hop } from '../engine-types';

/** Base duration (ms at speed 1) of the move into a hop, by stage. */
export function baseDuration(hop: Pick<Hop, 'stage' | 'node'>): number {
  switch (hop.stage) {
    case 'wire':
      return 900;
    case 'arp':
      return 800;
    case 'envoy-listener':
    case 'envoy-tls':
    case 'envoy-route':
    case 'envoy-policy':
    case 'envoy-upstream':
    case 'app':
      return 700;
    default:
      return 600;
  }
}

export interface Schedule {
  /** start time (ms) of the move into hop i */
  starts: number[];
  durations: number[];
  total: number;
}

/** The schedule for a trace at a speed (> 0). Hop 0 has duration 0: the packet starts there. */
export function schedule(hops: Pick<Hop, 'stage' | 'node'>[], speed: number): Schedule {
  const k = speed > 0 ? speed : 1;
  const starts: number[] = [];
  const durations: number[] = [];
  let t = 0;
  hops.forEach((h, i) => {
    const d = i === 0 ? 0 : baseDuration(h) / k;
    starts.push(t);
    durations.push(d);
    t += d;
  });
  return { starts, durations, total: t };
}

export interface Position {
  /** hop the packet is moving into (or sits at when frac = 1) */
  hop: number;
  /** 0 = at the previous hop, 1 = arrived */
  frac: number;
}

/** Where the packet is at time t (ms since hop 0). */
export function positionAt(s: Schedule, t: number): Position {
  const n = s.starts.length;
  if (n === 0) return { hop: -1, frac: 1 };
  if (t <= 0) return { hop: 0, frac: 1 };
  for (let i = 1; i < n; i++) {
    const end = s.starts[i] + s.durations[i];
    if (t < end) {
      const d = s.durations[i];
      return { hop: i, frac: d > 0 ? Math.max(0, (t - s.starts[i]) / d) : 1 };
    }
  }
  return { hop: n - 1, frac: 1 };
}

/** The time at which the packet has just arrived at hop i. */
export function arrivalTime(s: Schedule, i: number): number {
  if (i <= 0 || s.starts.length === 0) return 0;
  const j = Math.min(i, s.starts.length - 1);
  return s.starts[j] + s.durations[j];
}

/** Ease in-out for the packet's motion along a segment. */
export function ease(x: number): number {
  const c = Math.max(0, Math.min(1, x));
  return c < 0.5 ? 2 * c * c : 1 - Math.pow(-2 * c + 2, 2) / 2;
}
