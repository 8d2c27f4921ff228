import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arrivalTime, baseDuration, ease, positionAt, schedule } from './timing';
import type { HopStage } from '../engine-types';

const hops = (stages: HopStage[]) => stages.map((stage) => ({ stage, node: 'n' }));

describe('schedule', () => {
  it('starts at hop 0 with no travel, then adds each hop duration', () => {
    const s = schedule(hops(['client', 'wire', 'tc-ingress']), 1);
    expect(s.starts).toEqual([0, 0, baseDuration({ stage: 'wire', node: null })]);
    expect(s.total).toBe(baseDuration({ stage: 'wire', node: null }) + baseDuration({ stage: 'tc-ingress', node: null }));
  });

  it('speed 2 halves every duration', () => {
    const a = schedule(hops(['client', 'wire', 'envoy-route', 'pod']), 1);
    const b = schedule(hops(['client', 'wire', 'envoy-route', 'pod']), 2);
    expect(b.total).toBe(a.total / 2);
    expect(b.durations).toEqual(a.durations.map((d) => d / 2));
  });

  it('an empty trace has no position', () => {
    expect(positionAt(schedule([], 1), 100)).toEqual({ hop: -1, frac: 1 });
  });
});

describe('positionAt', () => {
  const s = schedule(hops(['client', 'wire', 'tc-ingress', 'envoy-route', 'pod']), 1);
  it('is at hop 0 at time 0 and at the last hop at the end', () => {
    expect(positionAt(s, 0)).toEqual({ hop: 0, frac: 1 });
    expect(positionAt(s, s.total + 10)).toEqual({ hop: 4, frac: 1 });
  });
  it('is half way into hop 1 at half its duration', () => {
    const p = positionAt(s, s.durations[1] / 2);
    expect(p.hop).toBe(1);
    expect(p.frac).toBeCloseTo(0.5);
  });
  it('arrivalTime(i) is the moment the packet reaches hop i', () => {
    for (let i = 1; i < 5; i++) {
      const p = positionAt(s, arrivalTime(s, i) - 0.001);
      expect(p.hop).toBe(i);
      expect(positionAt(s, arrivalTime(s, i)).hop).toBe(i < 4 ? i + 1 : 4);
    }
  });
  it('never goes backwards in time (property)', () => {
    const stage = fc.constantFrom<HopStage>('client', 'wire', 'arp', 'tc-ingress', 'envoy-route', 'pod', 'socket');
    fc.assert(
      fc.property(fc.array(stage, { minLength: 1, maxLength: 30 }), fc.double({ min: 0.25, max: 4, noNaN: true }), fc.array(fc.double({ min: 0, max: 40000, noNaN: true }), { minLength: 2, maxLength: 10 }), (st, speed, times) => {
        const sc = schedule(hops(st), speed);
        const sorted = [...times].sort((a, b) => a - b);
        let last = -1;
        let lastFrac = 0;
        for (const t of sorted) {
          const p = positionAt(sc, t);
          if (p.hop < last || (p.hop === last && p.frac < lastFrac - 1e-9)) return false;
          if (p.frac < 0 || p.frac > 1) return false;
          last = p.hop;
          lastFrac = p.frac;
        }
        return true;
      }),
    );
  });
});

describe('ease', () => {
  it('goes from 0 to 1 and clamps', () => {
    expect(ease(0)).toBe(0);
    expect(ease(1)).toBe(1);
    expect(ease(-1)).toBe(0);
    expect(ease(2)).toBe(1);
    expect(ease(0.5)).toBeCloseTo(0.5);
  });
});
