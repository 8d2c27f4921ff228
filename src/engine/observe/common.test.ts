import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32 } from './common';

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
