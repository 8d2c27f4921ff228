import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, nodeOfHost, tcpdumpTime } from './common';
import { labState } from './testing';

// The definition hash32 implements without building the joined string: FNV-1a over parts.join('|')
// seeded with the scenario seed, then murmur3's fmix32. Every seeded number the tools print
// (ISNs, skb addresses, pids, tags) comes from it, so it must not drift.
function reference(seed: number, ...parts: (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const text = parts.join('|');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

describe('hash32', () => {
  it('equals FNV-1a + fmix32 over the parts joined with "|"', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.double())), (seed, parts) => {
        expect(hash32(seed, ...parts)).toBe(reference(seed, ...parts));
      }),
      { numRuns: 500 },
    );
  });
  it('agrees on edge cases: no parts, an empty part', () => {
    expect(hash32(1, 'skb', 7, 'k8s-ctr')).toBe(reference(1, 'skb', 7, 'k8s-ctr'));
    expect(hash32(0)).toBe(reference(0));
    expect(hash32(42, '')).toBe(reference(42, ''));
  });
});

describe('tcpdumpTime', () => {
  // What it replaced: a Date per line (util-print.c ts_print's HH:MM:SS.uuuuuu in UTC).
  const viaDate = (us: number): string => {
    const d = new Date(Math.floor(us / 1000));
    const micro = ((us % 1_000_000) + 1_000_000) % 1_000_000;
    const p2 = (n: number) => String(n).padStart(2, '0');
    return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(micro).padStart(6, '0')}`;
  };
  it('prints what Date prints, for any time in range, before the epoch included', () => {
    fc.assert(fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: 1_600_000_000_000_000, max: 1_900_000_000_000_000 })), (us) => {
      expect(tcpdumpTime(us)).toBe(viaDate(us));
    }), { numRuns: 2000 });
    expect(tcpdumpTime(Date.UTC(2025, 7, 17, 23, 59, 59, 999) * 1000 + 123)).toBe('23:59:59.999123');
  });
});

describe('nodeOfHost', () => {
  it('puts a pod on its node and leaves nodes, clients and unknown names as they are', () => {
    const state = labState();
    const pod = state.pods[0];
    expect(nodeOfHost(state, `${pod.namespace}/${pod.name}`)).toBe(pod.node);
    expect(nodeOfHost(state, state.nodes[0].name)).toBe(state.nodes[0].name);
    expect(nodeOfHost(state, state.clients[0].name)).toBe(state.clients[0].name);
    expect(nodeOfHost(state, '192.168.10.99')).toBe('192.168.10.99');
  });
});
