// LB-IPAM (cilium/cilium operator/pkg/lbipam/lbipam.go): addresses for
// LoadBalancer Services from CiliumLoadBalancerIPPools.
import type { CiliumConfig, CiliumLoadBalancerIPPool, Diagnostic } from '../../model/types';
import type { LBIPAMState, ServiceState } from '../types';
import { cidrToString, compareRank, diag, intToIp, ipToInt, locRank, matchSelector, parseCidr } from './util';

interface Range {
  lo: number;
  hi: number;
}

interface PoolRuntime {
  pool: CiliumLoadBalancerIPPool;
  ranges: Range[];
  conflicting: boolean;
  used: Set<number>;
  allocated: { ip: string; service: string }[];
}

/** The virtual labels LB-IPAM adds before matching a pool's serviceSelector (lbipam.go svcLabels). */
export function serviceSelectorLabels(s: Pick<ServiceState, 'namespace' | 'name' | 'labels'>): Record<string, string> {
  return { ...s.labels, 'io.kubernetes.service.namespace': s.namespace, 'io.kubernetes.service.name': s.name };
}

function poolRanges(pool: CiliumLoadBalancerIPPool, diags: Diagnostic[]): Range[] {
  const out: Range[] = [];
  for (const b of pool.blocks) {
    if (b.cidr) {
      const c = parseCidr(b.cidr);
      if (!c) {
        diags.push(diag('error', 'cluster.lbipam.badBlock', b.loc, { pool: pool.meta.name, block: b.cidr }));
        continue;
      }
      // handleNewPool: network/broadcast reserved only when allowFirstLastIPs is No and the block has > 2 IPs
      const reserve = !pool.allowFirstLastIPs && c.size > 2;
      out.push({ lo: c.base + (reserve ? 1 : 0), hi: c.base + c.size - 1 - (reserve ? 1 : 0) });
    } else if (b.start) {
      const lo = ipToInt(b.start);
      const hi = b.stop ? ipToInt(b.stop) : lo;
      if (lo === null || hi === null || hi < lo) {
        diags.push(diag('error', 'cluster.lbipam.badBlock', b.loc, { pool: pool.meta.name, block: `${b.start}-${b.stop ?? ''}` }));
        continue;
      }
      out.push({ lo, hi });
    }
  }
  return out;
}

function crossNamespace(s: ServiceState): string[] {
  return (s.annotations['lbipam.cilium.io/sharing-cross-namespace'] ?? s.annotations['io.cilium/lb-ipam-sharing-cross-namespace'] ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** lbipam.go ServiceView.isCompatible (the parts hopscope models). */
export function compatible(a: ServiceState, b: ServiceState): boolean {
  if (a.namespace !== b.namespace) {
    const ab = crossNamespace(a);
    const ba = crossNamespace(b);
    if (!(ab.includes(b.namespace) || ab.includes('*')) || !(ba.includes(a.namespace) || ba.includes('*'))) return false;
  }
  if (a.ports.some((p) => b.ports.some((q) => q.port === p.port))) return false;
  if (a.externalTrafficPolicy !== b.externalTrafficPolicy) return false;
  if (a.externalTrafficPolicy === 'Local' && JSON.stringify(a.selector) !== JSON.stringify(b.selector)) return false;
  return true;
}

/** Is LB-IPAM responsible for this service? (lbipam.go isResponsibleForSVC) */
export function lbipamResponsible(s: ServiceState, cfg: CiliumConfig): boolean {
  if (s.type !== 'LoadBalancer') return false;
  const cls = s.loadBalancerClass ?? null;
  if (cls === null || cls === '') return true;
  if (cls === 'io.cilium/l2-announcer') return cfg.l2announcements;
  if (cls === 'io.cilium/bgp-control-plane') return true;
  return false;
}

function requestedIPs(s: ServiceState): string[] {
  const out: string[] = [];
  if (s.loadBalancerIP) out.push(s.loadBalancerIP);
  const ann = s.annotations['lbipam.cilium.io/ips'] ?? s.annotations['io.cilium/lb-ipam-ips'];
  if (ann) for (const p of ann.split(',')) if (p.trim()) out.push(p.trim());
  return [...new Set(out)];
}

/**
 * Allocates LB IPs. Order among services: the shared cilium-ingress first,
 * then creation order in the text (dedicated Ingress services at their
 * Ingress's place). Pools are tried in name order (real Cilium iterates a Go
 * map: the order among several matching pools is random). Within a pool,
 * blocks in order, lowest free address first (a fresh range fills ascending;
 * real Cilium fills the smallest free block first, ipalloc.go AllocAny).
 * Overlapping pools: the later one in the text is conflicting and unused.
 */
export function runLBIPAM(services: ServiceState[], pools: CiliumLoadBalancerIPPool[], cfg: CiliumConfig, labFile: string, diags: Diagnostic[]): LBIPAMState {
  const byCreation = [...pools].sort((a, b) => compareRank(locRank(a.loc, labFile), locRank(b.loc, labFile)));
  const runtimes: PoolRuntime[] = [];
  for (const pool of byCreation) {
    const ranges = poolRanges(pool, diags);
    const overlaps = runtimes.find((r) => !r.conflicting && r.ranges.some((x) => ranges.some((y) => x.lo <= y.hi && y.lo <= x.hi)));
    if (overlaps) diags.push(diag('warning', 'cluster.lbipam.poolConflict', pool.loc, { pool: pool.meta.name, other: overlaps.pool.meta.name }));
    runtimes.push({ pool, ranges, conflicting: !!overlaps, used: new Set(), allocated: [] });
  }
  const usable = [...runtimes].sort((a, b) => (a.pool.meta.name < b.pool.meta.name ? -1 : a.pool.meta.name > b.pool.meta.name ? 1 : 0));
  const order = services
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.type === 'LoadBalancer')
    .sort((a, b) => {
      const sa = a.s.origin === 'cilium-ingress-shared' ? 0 : 1;
      const sb = b.s.origin === 'cilium-ingress-shared' ? 0 : 1;
      return sa - sb || compareRank(locRank(a.s.loc, labFile), locRank(b.s.loc, labFile)) || a.i - b.i;
    })
    .map((x) => x.s);
  const sharers: { key: string; svc: ServiceState; pool: PoolRuntime }[] = [];
  for (const s of order) {
    s.externalIP = null;
    const key = `${s.namespace}/${s.name}`;
    if (!lbipamResponsible(s, cfg)) {
      s.pendingReason = 'lb_class_foreign';
      continue;
    }
    if (runtimes.length === 0) {
      // lbipam.go Run: dormant until the first pool exists
      s.pendingReason = 'no_pool';
      continue;
    }
    const labels = serviceSelectorLabels(s);
    const requests = requestedIPs(s);
    if (requests.length > 0) {
      for (const ip of requests) {
        const v = ipToInt(ip);
        const holders = usable.filter((r) => !r.conflicting && !r.pool.disabled && v !== null && r.ranges.some((x) => v >= x.lo && v <= x.hi));
        if (holders.length === 0) {
          s.pendingReason = 'no_pool';
          continue;
        }
        const r = holders.find((h) => matchSelector(h.pool.serviceSelector, labels));
        if (!r) {
          s.pendingReason = 'pool_selector_mismatch';
          continue;
        }
        if (r.used.has(v!)) {
          s.pendingReason = 'already_allocated';
          continue;
        }
        r.used.add(v!);
        r.allocated.push({ ip, service: key });
        if (!s.externalIP) s.externalIP = ip;
      }
      if (s.externalIP) s.pendingReason = null;
      continue;
    }
    // sharing keys (ServiceView.isCompatible): same key, same namespace unless both allow
    // each other, disjoint port numbers, same externalTrafficPolicy -> the same IP
    const sharingKey = s.annotations['lbipam.cilium.io/sharing-key'] ?? s.annotations['io.cilium/lb-ipam-sharing-key'];
    if (sharingKey) {
      const partner = sharers.find(
        (o) => o.key === sharingKey && sharers.filter((x) => x.svc.externalIP === o.svc.externalIP).every((x) => compatible(s, x.svc)),
      );
      if (partner) {
        partner.pool.allocated.push({ ip: partner.svc.externalIP!, service: key });
        s.externalIP = partner.svc.externalIP;
        s.pendingReason = null;
        sharers.push({ key: sharingKey, svc: s, pool: partner.pool });
        continue;
      }
    }
    const matching = usable.filter((r) => !r.conflicting && !r.pool.disabled && matchSelector(r.pool.serviceSelector, labels));
    if (matching.length === 0) {
      s.pendingReason = 'no_pool';
      continue;
    }
    let got: { r: PoolRuntime; v: number } | null = null;
    for (const r of matching) {
      for (const range of r.ranges) {
        for (let v = range.lo; v <= range.hi && !got; v++) if (!r.used.has(v)) got = { r, v };
        if (got) break;
      }
      if (got) break;
    }
    if (!got) {
      s.pendingReason = 'out_of_ips';
      continue;
    }
    got.r.used.add(got.v);
    got.r.allocated.push({ ip: intToIp(got.v), service: key });
    s.externalIP = intToIp(got.v);
    s.pendingReason = null;
    if (sharingKey) sharers.push({ key: sharingKey, svc: s, pool: got.r });
  }
  return {
    pools: usable.map((r) => ({
      name: r.pool.meta.name,
      blocks: r.pool.blocks.map((b) => (b.cidr ? (parseCidr(b.cidr) ? cidrToString(parseCidr(b.cidr)!) : b.cidr) : `${b.start}-${b.stop ?? b.start}`)),
      conflicting: r.conflicting,
      disabled: r.pool.disabled,
      allocated: r.allocated,
    })),
  };
}
