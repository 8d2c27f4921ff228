import { describe, expect, it } from 'vitest';
import { fixtureTrace } from '../dev-fixture';
import { toolLines } from './tool-lines';

describe('toolLines', () => {
  const hops = fixtureTrace().hops;
  it('builds up with the step', () => {
    const a = toolLines(hops, 'tcpdump', 0);
    const b = toolLines(hops, 'tcpdump', hops.length - 1);
    expect(a.length).toBe(1);
    expect(b.length).toBeGreaterThan(a.length);
    expect(b.every((l) => l.hop <= hops.length - 1)).toBe(true);
  });
  it('shows only the lens tool, and only hops it sees', () => {
    const lines = toolLines(hops, 'hubble', hops.length - 1);
    expect(lines.every((l) => l.tool === 'hubble')).toBe(true);
    const seen = hops.filter((h) => h.seen.hubble.seen).flatMap((h) => h.seen.hubble.detail.map((d) => d.line));
    expect(lines.map((l) => l.text)).toEqual(seen);
  });
  it('all interleaves the three tools in hop order', () => {
    const lines = toolLines(hops, 'all', hops.length - 1);
    expect(new Set(lines.map((l) => l.tool))).toEqual(new Set(['tcpdump', 'pwru', 'hubble']));
    const order = lines.map((l) => l.hop);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
  });
  it('prints nothing before the first hop', () => {
    expect(toolLines(hops, 'all', -1)).toEqual([]);
  });
});
