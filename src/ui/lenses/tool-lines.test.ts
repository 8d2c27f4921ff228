import { describe, expect, it } from 'vitest';
import { fixtureTrace } from '../dev-fixture';
import { showsPwru, toolLines } from './tool-lines';

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

describe('showsPwru (the kernel-version note under pwru output)', () => {
  const hops = fixtureTrace().hops;
  const last = hops.length - 1;
  it('lens lines: only when pwru rows are shown', () => {
    expect(showsPwru(null, toolLines(hops, 'pwru', last))).toBe(true);
    expect(showsPwru(null, toolLines(hops, 'all', last))).toBe(true);
    expect(showsPwru(null, toolLines(hops, 'tcpdump', last))).toBe(false);
    expect(showsPwru(null, toolLines(hops, 'hubble', last))).toBe(false);
    expect(showsPwru(null, [])).toBe(false);
  });
  it("a command's output: only pwru that ran", () => {
    expect(showsPwru({ tool: 'pwru', error: null }, [])).toBe(true);
    expect(showsPwru({ tool: 'pwru', error: 'bad' }, [])).toBe(false);
    expect(showsPwru({ tool: 'tcpdump', error: null }, toolLines(hops, 'pwru', last))).toBe(false);
    expect(showsPwru({ error: 'unknown command' }, [])).toBe(false);
  });
});
