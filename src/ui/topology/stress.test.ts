import { describe, expect, it } from 'vitest';
import { endTimes, loopPoint, stressCount, STRESS_MAX } from './stress';
import { positionAt, schedule, ease } from '../timeline/timing';

describe('stress mode', () => {
  it('reads ?stress=N', () => {
    expect(stressCount('')).toBe(0);
    expect(stressCount('?stress=300')).toBe(300);
    expect(stressCount('?editor=plain&stress=12.7')).toBe(12);
    expect(stressCount('?stress=-3')).toBe(0);
    expect(stressCount('?stress=abc')).toBe(0);
    expect(stressCount('?stress=99999')).toBe(STRESS_MAX);
  });

  it('places a marker where positionAt says, looping over the schedule', () => {
    const hops = [{ stage: 'client', node: 'a' }, { stage: 'wire', node: null }, { stage: 'tc', node: 'b' }, { stage: 'app', node: 'b' }] as never[];
    const s = schedule(hops, 1);
    const pts = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 50 }, { x: 0, y: 50 }];
    const ends = endTimes(s);
    for (const t of [1, 450, 900, 1200, 1700, s.total - 1]) {
      const pos = positionAt(s, t);
      const a = pts[Math.max(0, pos.hop - 1)];
      const b = pts[pos.hop];
      const f = ease(pos.frac);
      const want = { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
      const got = loopPoint(pts, s, ends, t);
      expect(got.x).toBeCloseTo(want.x);
      expect(got.y).toBeCloseTo(want.y);
      // one lap later, the same place
      const again = loopPoint(pts, s, ends, t + s.total);
      expect(again.x).toBeCloseTo(want.x);
      expect(again.y).toBeCloseTo(want.y);
    }
  });
});
