// Pods from workloads, deterministically: names from the seed, replicas spread
// round-robin over the schedulable nodes, IPs from the node's pod CIDR.
import type { Diagnostic, Workload } from '../../model/types';
import type { NetIf, NodeState, PodState } from '../types';
import { NodeIPAM } from './ipam';
import { alnumFrom, diag, hexFrom, macFrom, matchLabelsMap, pickFromRange } from './util';

/** `webpod-<10 hex>-<5 alnum>` for a Deployment replica (pod-template-hash + random suffix, from the seed). */
export function podName(w: Workload, index: number, seed: number, node: string | null): string {
  const key = `${seed}/${w.meta.namespace}/${w.meta.name}`;
  switch (w.kind) {
    case 'Pod':
      return w.meta.name;
    case 'Deployment':
      return `${w.meta.name}-${templateHash(w, key)}-${alnumFrom(`${key}#${index}`, 5)}`;
    case 'StatefulSet':
      return `${w.meta.name}-${index}`;
    case 'DaemonSet':
      return `${w.meta.name}-${alnumFrom(`${key}@${node ?? index}`, 5)}`;
    case 'ReplicaSet':
      return `${w.meta.name}-${alnumFrom(`${key}#${index}`, 5)}`;
  }
}

/**
 * The ReplicaSet's pod-template hash of a Deployment: the same for all its replicas, so it is
 * computed once per (workload object, key) instead of once per pod.
 */
const templateHashes = new WeakMap<Workload, { key: string; hex: string }>();
function templateHash(w: Workload, key: string): string {
  const have = templateHashes.get(w);
  if (have && have.key === key) return have.hex;
  const hex = hexFrom(`template:${key}`, 10);
  templateHashes.set(w, { key, hex });
  return hex;
}

/** The host-side veth of a pod: `lxc` + 12 hex characters. */
export function lxcName(namespace: string, name: string): string {
  return `lxc${hexFrom(`lxc:${namespace}/${name}`, 12)}`;
}

/** A lab is a picture, not a load test: more replicas than this are cut (with a warning). */
export const MAX_REPLICAS = 64;

export function buildPods(workloads: Workload[], nodes: NodeState[], seed: number, diags: Diagnostic[]): PodState[] {
  const ipam = new NodeIPAM(nodes);
  const pods: PodState[] = [];
  const endpointIDs = new Map<string, Set<number>>();
  for (const n of nodes) endpointIDs.set(n.name, new Set());
  // The replicas of one workload share one copy of its pod labels and containers (nothing
  // writes to a pod's labels or containers after this; a copy per pod was 2,500 copies at scale).
  let shared: { w: Workload; labels: Record<string, string>; containers: PodState['containers']; owner: string } | null = null;
  const sharedOf = (w: Workload): NonNullable<typeof shared> => {
    if (shared?.w !== w)
      shared = {
        w,
        owner: `${w.kind}/${w.meta.name}`,
        labels: { ...w.podLabels },
        containers: w.containers.map((c) => ({ name: c.name, image: c.image, ports: c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })) })),
      };
    return shared;
  };
  const make = (w: Workload, index: number, node: NodeState): boolean => {
    const sw = sharedOf(w);
    const name = podName(w, index, seed, node.name);
    const ns = w.meta.namespace;
    const full = `${ns}/${name}`;
    let ip: string | null;
    let lxc: NetIf | null = null;
    if (w.hostNetwork) {
      ip = node.internalIP;
    } else {
      ip = ipam.allocate(node.name);
      if (!ip) {
        diags.push(diag('warning', 'cluster.ipam.exhausted', w.loc, { node: node.name, pod: full }));
        return false;
      }
      lxc = { name: lxcName(ns, name), ifindex: 0, mac: macFrom(`${node.name}/lxc/${full}`), ip: null, cidr: null, kind: 'lxc', pod: full };
    }
    const ids = endpointIDs.get(node.name)!;
    let endpointID: number | null = null;
    if (!w.hostNetwork) {
      endpointID = pickFromRange(`ep:${full}`, 1, 4095, ids);
      if (endpointID !== null) ids.add(endpointID);
    }
    pods.push({
      namespace: ns,
      name,
      node: node.name,
      ip,
      labels: sw.labels,
      identity: w.hostNetwork ? 1 : 0,
      hostNetwork: w.hostNetwork,
      lxc,
      mac: w.hostNetwork ? null : macFrom(`pod/${full}/eth0`),
      owner: sw.owner,
      containers: sw.containers,
      endpointID,
      loc: w.loc,
    });
    return true;
  };
  for (const w of workloads) {
    let candidates = nodes.filter((n) => matchLabelsMap(w.nodeSelector, n.labels));
    if (w.nodeName) {
      candidates = nodes.filter((n) => n.name === w.nodeName);
      if (candidates.length === 0) {
        diags.push(diag('warning', 'cluster.workload.unknownNode', w.loc, { workload: `${w.kind}/${w.meta.name}`, node: w.nodeName }));
        continue;
      }
    }
    if (candidates.length === 0) {
      diags.push(diag('warning', 'cluster.workload.unschedulable', w.loc, { workload: `${w.kind}/${w.meta.name}` }));
      continue;
    }
    if (w.kind === 'DaemonSet') {
      candidates.forEach((n, i) => make(w, i, n));
    } else {
      let replicas = w.kind === 'Pod' ? 1 : Math.max(0, Math.floor(Number(w.replicas) || 0));
      if (replicas > MAX_REPLICAS) {
        diags.push(diag('warning', 'cluster.workload.tooManyReplicas', w.loc, { workload: `${w.kind}/${w.meta.name}`, replicas, max: MAX_REPLICAS }));
        replicas = MAX_REPLICAS;
      }
      for (let i = 0; i < replicas; i++) if (!make(w, i, candidates[i % candidates.length]!)) break;
    }
  }
  return pods;
}

/**
 * Cilium's own host-network pods (the agent and cilium-envoy DaemonSets) for
 * `kubectl get pods -A` realism; they take the node's InternalIP, never a pod IP.
 */
export function ciliumSystemPods(nodes: NodeState[], seed: number): PodState[] {
  const pods: PodState[] = [];
  for (const ds of ['cilium', 'cilium-envoy']) {
    for (const n of nodes) {
      const name = `${ds}-${alnumFrom(`${seed}/kube-system/${ds}@${n.name}`, 5)}`;
      pods.push({
        namespace: 'kube-system',
        name,
        node: n.name,
        ip: n.internalIP,
        labels: ds === 'cilium' ? { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent' } : { 'k8s-app': 'cilium-envoy', 'app.kubernetes.io/name': 'cilium-envoy' },
        identity: 1,
        hostNetwork: true,
        lxc: null,
        mac: null,
        owner: `DaemonSet/${ds}`,
        containers: [{ name: ds === 'cilium' ? 'cilium-agent' : 'cilium-envoy', image: ds === 'cilium' ? 'quay.io/cilium/cilium:v1.18.1' : 'quay.io/cilium/cilium-envoy:v1.34', ports: [] }],
        endpointID: null,
        loc: null,
      });
    }
  }
  return pods;
}
