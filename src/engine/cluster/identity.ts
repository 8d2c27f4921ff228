// Security identities and the ipcache (`cilium-dbg identity list` / `ip list`).
// Reserved numbers: cilium/cilium pkg/identity/numericidentity.go.
import type { IdentityState, IPCacheEntry, NodeState, PodState } from '../types';
import { cidrIdentityList, nodesWithAddress, podByIP } from './lookup';
import { cidrToString, compareIPs, hash32, ipToInt, parseCidr } from './util';

export const RESERVED = {
  unknown: 0,
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  'remote-node': 6,
  'kube-apiserver': 7,
  ingress: 8,
} as const;

export type ReservedName = keyof typeof RESERVED;

/** First identity of the local (CIDR) scope: cilium/cilium pkg/identity/numericidentity.go LocalIdentityFlag. */
export const LOCAL_IDENTITY_BASE = 16777216;

export function reservedIdentities(): IdentityState[] {
  return [
    { id: 0, labels: ['reserved:unknown'], reserved: 'unknown' },
    { id: 1, labels: ['reserved:host'], reserved: 'host' },
    { id: 2, labels: ['reserved:world'], reserved: 'world' },
    { id: 3, labels: ['reserved:unmanaged'], reserved: 'unmanaged' },
    { id: 4, labels: ['reserved:health'], reserved: 'health' },
    { id: 5, labels: ['reserved:init'], reserved: 'init' },
    { id: 6, labels: ['reserved:remote-node'], reserved: 'remote-node' },
    { id: 7, labels: ['reserved:kube-apiserver', 'reserved:remote-node'], reserved: 'kube-apiserver' },
    { id: 8, labels: ['reserved:ingress'], reserved: 'ingress' },
  ];
}

/** The security-relevant labels Cilium derives for a pod (as `cilium-dbg endpoint list` prints them). */
export function podIdentityLabels(namespace: string, labels: Record<string, string>): string[] {
  const out = Object.entries(labels).map(([k, v]) => `k8s:${k}=${v}`);
  out.push(`k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${namespace}`);
  out.push('k8s:io.cilium.k8s.policy.cluster=default');
  out.push('k8s:io.cilium.k8s.policy.serviceaccount=default');
  out.push(`k8s:io.kubernetes.pod.namespace=${namespace}`);
  return [...new Set(out)].sort();
}

/**
 * A key equal for two pods exactly when their inputs to `podIdentityLabels` are equal
 * (unambiguous: JSON of namespace and label entries), so its result can be computed once per key.
 */
export function podLabelKey(namespace: string, labels: Record<string, string>): string {
  return JSON.stringify([namespace, labels]);
}

/** podLabelKey per labels object and namespace: the replicas of a workload share their labels object (workloads.ts). */
const podKeys = new WeakMap<Record<string, string>, Map<string, string>>();

/** podLabelKey of a pod, computed once per labels object and namespace (identities and policies both group pods by it). */
export function podLabelKeyOf(p: PodState): string {
  let byNs = podKeys.get(p.labels);
  if (byNs === undefined) podKeys.set(p.labels, (byNs = new Map()));
  let key = byNs.get(p.namespace);
  if (key === undefined) byNs.set(p.namespace, (key = podLabelKey(p.namespace, p.labels)));
  return key;
}

/**
 * Assigns label identities (10000-65535, like the cluster-scoped range
 * cilium/cilium pkg/identity/numericidentity.go MinimalAllocationIdentity..
 * MaximumAllocationIdentity): stable hash of the label set, probing on
 * collision, label sets processed in sorted order so the result does not
 * depend on pod order. Writes pod.identity for non-host-network pods.
 */
export function assignPodIdentities(pods: PodState[]): IdentityState[] {
  const sets = new Map<string, string[]>();
  // podIdentityLabels once per distinct (namespace, labels): pods of one Deployment share it
  const computed = new Map<string, { joined: string; labels: string[] }>();
  const podLabels = (p: PodState): { joined: string; labels: string[] } => {
    const k = podLabelKeyOf(p);
    let c = computed.get(k);
    if (c === undefined) {
      const labels = podIdentityLabels(p.namespace, p.labels);
      c = { joined: labels.join(','), labels };
      computed.set(k, c);
    }
    return c;
  };
  // index loops over pods: see selectorEndpoints (services.ts)
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    if (p.hostNetwork) continue;
    const c = podLabels(p);
    sets.set(c.joined, c.labels);
  }
  const taken = new Set<number>();
  const byKey = new Map<string, number>();
  const out: IdentityState[] = [];
  for (const key of [...sets.keys()].sort()) {
    const span = 65535 - 10000 + 1;
    let id = 10000 + (hash32(key) % span);
    while (taken.has(id)) id = id === 65535 ? 10000 : id + 1;
    taken.add(id);
    byKey.set(key, id);
    out.push({ id, labels: sets.get(key)!, reserved: null });
  }
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    if (p.hostNetwork) {
      p.identity = RESERVED.host;
      continue;
    }
    p.identity = byKey.get(podLabels(p).joined)!;
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Local CIDR identities (16777217, ...) for the prefixes policies name, in sorted order. */
export function cidrIdentities(prefixes: string[]): IdentityState[] {
  const norm = [...new Set(prefixes.map((p) => parseCidr(p)).filter((c) => c !== null).map((c) => cidrToString(c)))];
  norm.sort((a, b) => compareIPs(a.split('/')[0]!, b.split('/')[0]!) || Number(a.split('/')[1]) - Number(b.split('/')[1]));
  return norm.map((p, i) => ({ id: LOCAL_IDENTITY_BASE + 1 + i, labels: [`cidr:${p}`, 'reserved:world'], reserved: null }));
}

/**
 * The ipcache as `cilium-dbg ip list` on `view` (a node name) shows it:
 * 0.0.0.0/0 world; the view node's own addresses reserved:host (plus
 * kube-apiserver on the control plane); other nodes' InternalIP and
 * cilium_host IP reserved:remote-node; every node's ingress IP
 * reserved:ingress; pod IPs with their identity; CIDR identities. Sorted by prefix.
 */
export function buildIPCache(view: NodeState, nodes: NodeState[], pods: PodState[], identities: IdentityState[]): IPCacheEntry[] {
  const entries: IPCacheEntry[] = [];
  const prefixes = new Set<string>();
  const labelsById = new Map<number, string[]>();
  for (const i of identities) if (!labelsById.has(i.id)) labelsById.set(i.id, i.labels);
  const add = (prefix: string, identity: number, source: string, labels?: string[]): void => {
    if (prefixes.has(prefix)) return;
    prefixes.add(prefix);
    entries.push({ prefix, identity, labels: labels ?? labelsById.get(identity) ?? [`reserved:unknown`], source });
  };
  add('0.0.0.0/0', RESERVED.world, 'reserved');
  for (const n of nodes) {
    const local = n.name === view.name;
    const apiserver = n.role === 'control-plane';
    let id: number = local ? RESERVED.host : apiserver ? RESERVED['kube-apiserver'] : RESERVED['remote-node'];
    const labels = local
      ? apiserver ? ['reserved:host', 'reserved:kube-apiserver'] : ['reserved:host']
      : apiserver ? ['reserved:kube-apiserver', 'reserved:remote-node'] : ['reserved:remote-node'];
    if (local) id = RESERVED.host;
    add(`${n.internalIP}/32`, id, local ? 'local' : 'custom-resource', labels);
    add(`${n.ciliumHostIP}/32`, local ? RESERVED.host : RESERVED['remote-node'], local ? 'local' : 'custom-resource', local ? ['reserved:host'] : ['reserved:remote-node']);
    if (local) {
      for (const itf of n.interfaces) if (itf.kind === 'physical' && itf.ip) add(`${itf.ip}/32`, RESERVED.host, 'local', ['reserved:host']);
    }
  }
  for (const n of nodes) add(`${n.ingressIP}/32`, RESERVED.ingress, n.name === view.name ? 'local' : 'custom-resource', ['reserved:ingress']);
  for (let i = 0; i < pods.length; i++) if (!pods[i]!.hostNetwork) add(`${pods[i]!.ip}/32`, pods[i]!.identity, 'custom-resource');
  for (const i of identities) {
    const c = i.labels.find((l) => l.startsWith('cidr:'));
    if (c) add(c.slice(5), i.id, 'generated');
  }
  // sorted as compareIPs(address) || Number(length), with both parsed once per entry
  const keyed = entries.map((e) => {
    const [ip, len] = e.prefix.split('/');
    return { e, ip: ipToInt(ip!) ?? 0, len: Number(len) };
  });
  keyed.sort((a, b) => a.ip - b.ip || a.len - b.len);
  return keyed.map((k) => k.e);
}

/**
 * The identity of an address as seen from `node` (the ipcache longest-prefix
 * match): pods, nodes (host vs remote-node), ingress IPs, CIDR identities, else world.
 */
export function identityOfIP(ip: string, node: string, nodes: NodeState[], pods: PodState[], identities: IdentityState[]): number {
  // only the nodes carrying `ip` can match (lookup.ts); checked in list order as before
  for (const k of nodesWithAddress(nodes, ip) ?? []) {
    const n = nodes[k]!;
    const own = n.name === node;
    if (n.ingressIP === ip) return RESERVED.ingress;
    if (n.internalIP === ip || n.ciliumHostIP === ip) return own ? RESERVED.host : n.role === 'control-plane' ? RESERVED['kube-apiserver'] : RESERVED['remote-node'];
    if (own && n.interfaces.some((i) => i.kind === 'physical' && i.ip === ip)) return RESERVED.host;
  }
  const pod = podByIP(pods, ip);
  if (pod) return pod.identity;
  let best: { id: number; bits: number } | null = null;
  const cidrs = cidrIdentityList(identities);
  if (cidrs.length === 0) return RESERVED.world;
  const v = parseCidr(ip);
  if (!v) return RESERVED.world;
  for (const cidr of cidrs) {
    if (v.base >= cidr.base && v.base < cidr.base + cidr.size && (!best || cidr.bits > best.bits)) best = { id: cidr.id, bits: cidr.bits };
  }
  return best?.id ?? RESERVED.world;
}
