// The indexes of lookup.ts must answer exactly as the linear scans they replace (same
// first match, same longest-prefix tie-break), whatever the lists hold: checked against
// those scans, written out here, on random lists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledPolicyRule, IPCacheEntry, PodState } from '../types';
import { ipcacheLookup, podByBareName, podByFullName, podByIP, podByNsName, rulesFor } from './lookup';

const octet = fc.integer({ min: 0, max: 3 });
const ip = fc.tuple(fc.constantFrom(10, 192), octet, octet, octet).map(([a, b, c, d]) => `${a}.${b}.${c}.${d}`);
// mostly well-formed prefixes, some odd ones (no length, non-integer or out-of-range length, garbage)
const prefix = fc.oneof(
  fc.tuple(ip, fc.integer({ min: 0, max: 32 })).map(([a, l]) => `${a}/${l}`),
  ip,
  fc.tuple(ip, fc.constantFrom('24.5', '33', '-1', 'x', '8/9', '')).map(([a, l]) => `${a}/${l}`),
  fc.constantFrom('0.0.0.0/0', 'bogus/8', '300.1.1.1/32'),
);

// The datapath's helpers as they were (datapath/util.ts), restated: the reference semantics.
function ipToIntRef(a: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}
function inCidr(a: string, cidr: string): boolean {
  const [base, lenText] = cidr.split('/');
  const len = lenText === undefined ? 32 : Number(lenText);
  const x = ipToIntRef(a);
  const y = ipToIntRef(base!);
  if (x === null || y === null || !(len >= 0 && len <= 32)) return false;
  if (len === 0) return true;
  const mask = (0xffffffff << (32 - len)) >>> 0;
  return (x & mask) === (y & mask);
}
function prefixLen(cidr: string): number {
  const l = cidr.split('/')[1];
  return l === undefined ? 32 : Number(l);
}

/** The ipcache scan lookup.ts replaces (datapath/legs.ts before the index). */
function linearLookup(entries: IPCacheEntry[], addr: string): number | null {
  let best: { len: number; id: number } | null = null;
  for (const e of entries) {
    if (inCidr(addr, e.prefix)) {
      const len = prefixLen(e.prefix);
      if (!best || len > best.len) best = { len, id: e.identity };
    }
  }
  return best?.id ?? null;
}

function pod(namespace: string, name: string, podIP: string, hostNetwork: boolean): PodState {
  return { namespace, name, node: 'n', ip: podIP, labels: {}, identity: 0, hostNetwork, lxc: null, mac: null, owner: 'Pod/x', containers: [], endpointID: null, loc: null };
}

describe('ipcacheLookup', () => {
  it('is the longest-prefix scan, first entry on a tie', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(prefix, fc.nat(20)), { maxLength: 30 }), fc.oneof(ip, fc.constantFrom('x', '10.0.0.256')), (list, addr) => {
        const entries: IPCacheEntry[] = list.map(([p, id]) => ({ prefix: p, identity: id, labels: [], source: 'test' }));
        expect(ipcacheLookup(entries, addr)).toBe(linearLookup(entries, addr));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('a /32 wins over the /24 and /0 around it, whatever the order', () => {
    const entries: IPCacheEntry[] = [
      { prefix: '10.0.0.0/24', identity: 3, labels: [], source: 't' },
      { prefix: '10.0.0.7/32', identity: 9, labels: [], source: 't' },
      { prefix: '0.0.0.0/0', identity: 2, labels: [], source: 't' },
    ];
    expect(ipcacheLookup(entries, '10.0.0.7')).toBe(9);
    expect(ipcacheLookup(entries, '10.0.0.8')).toBe(3);
    expect(ipcacheLookup(entries, '11.0.0.8')).toBe(2);
  });
});

describe('pod indexes', () => {
  const names = fc.constantFrom('a', 'b', 'a/b', 'c');
  const podList = fc.array(fc.tuple(names, names, ip, fc.boolean()), { maxLength: 25 }).map((l) => l.map(([ns, n, a, h]) => pod(ns, n, a, h)));

  it('answer as the scans they replace (first match)', () => {
    fc.assert(
      fc.property(podList, names, names, ip, (pods, ns, name, addr) => {
        expect(podByIP(pods, addr)).toBe(pods.find((p) => !p.hostNetwork && p.ip === addr));
        expect(podByNsName(pods, ns, name)).toBe(pods.find((p) => p.namespace === ns && p.name === name));
        expect(podByFullName(pods, `${ns}/${name}`)).toBe(pods.find((p) => `${p.namespace}/${p.name}` === `${ns}/${name}`));
        expect(podByBareName(pods, name)).toBe(pods.find((p) => p.name === name));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('rulesFor', () => {
  it('is the filter by direction and subject, in rule order, each rule once', () => {
    const subjects = fc.array(fc.constantFrom('ns/a', 'ns/b', 'reserved:ingress'), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('ingress', 'egress') as fc.Arbitrary<'ingress' | 'egress'>, subjects), { maxLength: 20 }), (list) => {
        const rules = list.map(([direction, s], i) => ({ policy: `p${i}`, direction, subjects: s }) as unknown as CompiledPolicyRule);
        for (const d of ['ingress', 'egress'] as const)
          for (const s of ['ns/a', 'ns/b', 'reserved:ingress', 'nobody'])
            expect(rulesFor(rules, d, s)).toEqual(rules.filter((r) => r.direction === d && r.subjects.includes(s)));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
