// Indexes over a compiled state's lists, built once per list and kept in WeakMaps keyed
// by the list itself (never global state shared between labs: a new compile makes new
// lists, hence new indexes, and a dropped state takes its indexes with it). They answer
// the same questions as the linear `find` / scan they replace, with the same tie-breaks
// (first in list order wins), in O(1) or O(prefix lengths).
// A ClusterState is treated as immutable once compiled: a list mutated in place after
// its first lookup would keep a stale index (the engine never does that).
import type { CompiledPolicyRule, IdentityState, IPCacheEntry, NetIf, NodeState, PodState, ServiceState } from '../types';
import { ipToInt, parseCidr } from './util';

function memo<K extends object, V>(cache: WeakMap<K, V>, key: K, build: (key: K) => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = build(key);
    cache.set(key, v);
  }
  return v;
}

// ---------------------------------------------------------------- pods

const podsByIP = new WeakMap<PodState[], Map<string, PodState>>();

/** `pods.find((p) => !p.hostNetwork && p.ip === ip)`. */
export function podByIP(pods: PodState[], ip: string): PodState | undefined {
  return memo(podsByIP, pods, (list) => {
    const m = new Map<string, PodState>();
    for (const p of list) if (!p.hostNetwork && !m.has(p.ip)) m.set(p.ip, p);
    return m;
  }).get(ip);
}

// ---------------------------------------------------------------- nodes

const nodesByName = new WeakMap<NodeState[], Map<string, NodeState>>();

/** `nodes.find((n) => n.name === name)`. */
export function nodeByName(nodes: NodeState[], name: string | null | undefined): NodeState | undefined {
  if (typeof name !== 'string') return undefined;
  return memo(nodesByName, nodes, (list) => {
    const m = new Map<string, NodeState>();
    for (const n of list) if (!m.has(n.name)) m.set(n.name, n);
    return m;
  }).get(name);
}

const nodesByAddress = new WeakMap<NodeState[], Map<string, number[]>>();

/**
 * The indexes (ascending) of the nodes that carry `ip` as ingress IP, InternalIP,
 * cilium_host IP or a physical interface address: the only nodes whose per-node
 * checks in `identityOfIP` can match it.
 */
export function nodesWithAddress(nodes: NodeState[], ip: string): number[] | undefined {
  return memo(nodesByAddress, nodes, (list) => {
    const m = new Map<string, number[]>();
    const add = (a: string | null | undefined, i: number): void => {
      if (typeof a !== 'string') return;
      const l = m.get(a);
      if (!l) m.set(a, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    };
    list.forEach((n, i) => {
      add(n.ingressIP, i);
      add(n.internalIP, i);
      add(n.ciliumHostIP, i);
      for (const itf of n.interfaces) if (itf.kind === 'physical') add(itf.ip, i);
    });
    return m;
  }).get(ip);
}

// ---------------------------------------------------------------- CIDR identities

interface CidrIdentity {
  id: number;
  base: number;
  size: number;
  bits: number;
}

const cidrIds = new WeakMap<IdentityState[], CidrIdentity[]>();

/** The identities carrying a `cidr:` label, parsed once, in list order. */
export function cidrIdentityList(identities: IdentityState[]): CidrIdentity[] {
  return memo(cidrIds, identities, (list) => {
    const out: CidrIdentity[] = [];
    for (const i of list) {
      const c = i.labels.find((l) => l.startsWith('cidr:'));
      if (!c) continue;
      const cidr = parseCidr(c.slice(5));
      if (cidr) out.push({ id: i.id, base: cidr.base, size: cidr.size, bits: cidr.bits });
    }
    return out;
  });
}

// ---------------------------------------------------------------- ipcache

interface IPCacheIndex {
  /** prefix length -> (masked address -> index of the first entry), for integer lengths 0..32 */
  buckets: { len: number; mask: number; first: Map<number, number> }[];
  /** entries whose length is not an integer in 0..32 (never produced by the engine): checked one by one */
  odd: { index: number; base: number; len: number }[];
}

function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

const ipcacheIndexes = new WeakMap<IPCacheEntry[], IPCacheIndex>();

function ipcacheIndex(entries: IPCacheEntry[]): IPCacheIndex {
  return memo(ipcacheIndexes, entries, (list) => {
    const byLen = new Map<number, Map<number, number>>();
    const odd: IPCacheIndex['odd'] = [];
    list.forEach((e, index) => {
      // as datapath/util.ts inCidr: base before the first '/', length up to a second '/'
      const parts = e.prefix.split('/');
      const base = ipToInt(parts[0]!);
      const len = parts[1] === undefined ? 32 : Number(parts[1]);
      if (base === null || !(len >= 0 && len <= 32)) return; // never matches
      if (!Number.isInteger(len)) {
        odd.push({ index, base, len });
        return;
      }
      let m = byLen.get(len);
      if (!m) byLen.set(len, (m = new Map()));
      const key = (base & maskOf(len)) >>> 0;
      if (!m.has(key)) m.set(key, index);
    });
    const buckets = [...byLen.entries()].map(([len, first]) => ({ len, mask: maskOf(len), first }));
    return { buckets, odd };
  });
}

/**
 * The longest-prefix match of `ip` in an ipcache list, exactly as a scan in list order
 * keeping the first entry of the greatest length among those `inCidr` accepts; its identity,
 * or null when nothing matches.
 */
export function ipcacheLookup(entries: IPCacheEntry[], ip: string): number | null {
  const a = ipToInt(ip);
  if (a === null) return null;
  const { buckets, odd } = ipcacheIndex(entries);
  let bestLen = -1;
  let bestIndex = -1;
  const consider = (len: number, index: number): void => {
    if (len > bestLen || (len === bestLen && index < bestIndex)) {
      bestLen = len;
      bestIndex = index;
    }
  };
  for (const b of buckets) {
    const i = b.first.get((a & b.mask) >>> 0);
    if (i !== undefined) consider(b.len, i);
  }
  for (const o of odd) {
    const mask = (0xffffffff << (32 - o.len)) >>> 0;
    if (((a & mask) >>> 0) === ((o.base & mask) >>> 0)) consider(o.len, o.index);
  }
  return bestIndex < 0 ? null : entries[bestIndex]!.identity;
}

const podsByRef = new WeakMap<PodState[], { full: Map<string, PodState>; name: Map<string, PodState> }>();

function podRefIndex(pods: PodState[]): { full: Map<string, PodState>; name: Map<string, PodState> } {
  return memo(podsByRef, pods, (list) => {
    const full = new Map<string, PodState>();
    const name = new Map<string, PodState>();
    for (const p of list) {
      const k = `${p.namespace}/${p.name}`;
      if (!full.has(k)) full.set(k, p);
      if (!name.has(p.name)) name.set(p.name, p);
    }
    return { full, name };
  });
}

/** `pods.find((p) => `${p.namespace}/${p.name}` === ref)` (host-network pods included). */
export function podByFullName(pods: PodState[], ref: string): PodState | undefined {
  return podRefIndex(pods).full.get(ref);
}

/** `pods.find((p) => p.name === name)` (host-network pods included). */
export function podByBareName(pods: PodState[], name: string): PodState | undefined {
  return podRefIndex(pods).name.get(name);
}

/** `pods.find((p) => p.namespace === ns && p.name === name)`. */
export function podByNsName(pods: PodState[], ns: string | undefined, name: string | undefined): PodState | undefined {
  if (typeof ns !== 'string' || typeof name !== 'string') return undefined;
  const p = podRefIndex(pods).full.get(`${ns}/${name}`);
  // `ns/name` is ambiguous when a namespace holds a '/': fall back to the scan then
  if (p && p.namespace === ns && p.name === name) return p;
  return ns.includes('/') || name.includes('/') ? pods.find((x) => x.namespace === ns && x.name === name) : undefined;
}

// ---------------------------------------------------------------- compiled policy rules

const rulesBySubject = new WeakMap<CompiledPolicyRule[], Map<string, CompiledPolicyRule[]>>();

/** `rules.filter((r) => r.direction === direction && r.subjects.includes(subject))`, in rule order. */
export function rulesFor(rules: CompiledPolicyRule[], direction: string, subject: string): CompiledPolicyRule[] {
  const m = memo(rulesBySubject, rules, (list) => {
    const out = new Map<string, CompiledPolicyRule[]>();
    for (const r of list) {
      for (const s of r.subjects) {
        const k = `${r.direction}\n${s}`;
        const l = out.get(k);
        if (!l) out.set(k, [r]);
        else if (l[l.length - 1] !== r) l.push(r);
      }
    }
    return out;
  });
  return m.get(`${direction}\n${subject}`) ?? [];
}

// ---------------------------------------------------------------- interface addresses

const ifaceIPs = new WeakMap<NodeState, { list: NodeState['interfaces']; length: number; ips: Set<string | null> }>();

/** `node.interfaces.some((i) => i.ip === ip)`; rebuilt should the node's interface list change. */
export function nodeHasIP(node: NodeState, ip: string): boolean {
  let c = ifaceIPs.get(node);
  if (!c || c.list !== node.interfaces || c.length !== node.interfaces.length) {
    c = { list: node.interfaces, length: node.interfaces.length, ips: new Set(node.interfaces.map((i) => i.ip)) };
    ifaceIPs.set(node, c);
  }
  return c.ips.has(ip);
}

// ---------------------------------------------------------------- pods by namespace

const podsByNamespace = new WeakMap<PodState[], Map<string, PodState[]>>();

/** `pods.filter((p) => p.namespace === ns)`, in pod order (the returned list is shared: do not modify it). */
export function podsInNamespace(pods: PodState[], ns: string): PodState[] {
  return (
    memo(podsByNamespace, pods, (list) => {
      const m = new Map<string, PodState[]>();
      for (const p of list) {
        const l = m.get(p.namespace);
        if (l) l.push(p);
        else m.set(p.namespace, [p]);
      }
      return m;
    }).get(ns) ?? []
  );
}

const ifacesByName = new WeakMap<NodeState, { list: NetIf[]; length: number; byName: Map<string, NetIf> }>();

/** `node.interfaces.find((i) => i.name === name)`; rebuilt should the node's interface list change. */
export function ifaceByName(node: NodeState, name: string): NetIf | undefined {
  let c = ifacesByName.get(node);
  if (!c || c.list !== node.interfaces || c.length !== node.interfaces.length) {
    const byName = new Map<string, NetIf>();
    for (const i of node.interfaces) if (!byName.has(i.name)) byName.set(i.name, i);
    c = { list: node.interfaces, length: node.interfaces.length, byName };
    ifacesByName.set(node, c);
  }
  return c.byName.get(name);
}

// ---------------------------------------------------------------- services

const servicesByIP = new WeakMap<ServiceState[], Map<string, ServiceState[]>>();

/**
 * The services (in list order) with `ip` as ClusterIP, LoadBalancer address or an external IP:
 * `services.filter((s) => s.clusterIP === ip || s.externalIP === ip || s.externalIPs.includes(ip))`.
 */
export function servicesWithIP(services: ServiceState[], ip: string): ServiceState[] {
  return (
    memo(servicesByIP, services, (list) => {
      const m = new Map<string, ServiceState[]>();
      const add = (a: string | null, s: ServiceState): void => {
        if (a === null) return;
        const l = m.get(a);
        if (!l) m.set(a, [s]);
        else if (l[l.length - 1] !== s) l.push(s);
      };
      for (const s of list) {
        add(s.clusterIP, s);
        add(s.externalIP, s);
        for (const e of s.externalIPs) add(e, s);
      }
      return m;
    }).get(ip) ?? []
  );
}
