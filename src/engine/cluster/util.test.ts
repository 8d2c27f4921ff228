import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alnumFrom, hash32, hexFrom, macFrom } from './util';

// The definitions the hashing helpers implement without building the prefixed strings. Every
// pod name, lxc name, MAC and endpoint ID of a lab comes from them: a drift would rename every
// pod of every scenario (the scenario expectations and the goldens would catch it too, later).
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
function hexReference(text: string, n: number): string {
  let out = '';
  let round = 0;
  while (out.length < n) out += fnv1a(`${round++}:${text}`).toString(16).padStart(8, '0');
  return out.slice(0, n);
}
function alnumReference(text: string, n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; out.length < n; i++) out += alphabet[fnv1a(`${i}/${text}`) % alphabet.length];
  return out;
}
function macReference(text: string): string {
  const hex = hexReference(`mac:${text}`, 12);
  const b0 = ((parseInt(hex.slice(0, 2), 16) & 0xfc) | 0x02).toString(16).padStart(2, '0');
  return [b0, hex.slice(2, 4), hex.slice(4, 6), hex.slice(6, 8), hex.slice(8, 10), hex.slice(10, 12)].join(':');
}

const text = fc.string({ unit: 'binary', maxLength: 40 });

describe('hashing helpers', () => {
  it('hash32 is FNV-1a', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(hash32(t)).toBe(fnv1a(t));
      }),
      { numRuns: 300 },
    );
    expect(hash32('')).toBe(0x811c9dc5);
  });
  it('hexFrom is the hex of hash32 over `${round}:${text}`, cut to n (rounds past 9 included)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -3, max: 90 }), (t, n) => {
        expect(hexFrom(t, n)).toBe(hexReference(t, n));
      }),
      { numRuns: 300 },
    );
  });
  it('alnumFrom takes character i from hash32 over `${i}/${text}`', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 14 }), (t, n) => {
        expect(alnumFrom(t, n)).toBe(alnumReference(t, n));
      }),
      { numRuns: 300 },
    );
  });
  it('macFrom is a locally administered unicast MAC from hexFrom(`mac:${text}`, 12)', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(macFrom(t)).toBe(macReference(t));
      }),
      { numRuns: 300 },
    );
    expect(macFrom('client/router')).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
  });
});
