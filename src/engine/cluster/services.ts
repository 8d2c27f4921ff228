// Services: ClusterIPs, NodePorts, endpoints, service IDs and L7 proxy ports.
import type { Diagnostic, Endpoints, Service } from '../../model/types';
import type { EndpointAddress, NodeState, PodState, ServiceState } from '../types';
import { podsInNamespace } from './lookup';
import { cidrContains, diag, hash32, intToIp, ipToInt, matchLabelsMap, parseCidr, pickFromRange } from './util';

export function svcKey(s: { namespace: string; name: string }): string {
  return `${s.namespace}/${s.name}`;
}

/** Endpoints of a selector: every (ready) pod whose labels match, for every service port. */
export function selectorEndpoints(svc: Pick<ServiceState, 'namespace' | 'selector' | 'ports'>, pods: PodState[]): EndpointAddress[] {
  if (!svc.selector) return [];
  const out: EndpointAddress[] = [];
  const selector = svc.selector;
  const matching: PodState[] = [];
  if (Object.keys(selector).length > 0) {
    // the replicas of a workload share one labels object (workloads.ts): test each object once
    let last: Record<string, string> | null = null;
    let lastMatch = false;
    // index loops over pods here and in the rest of the compile: it runs mostly before V8
    // optimises it, and a for-of there allocates an iterator result per element (docs/performance.md)
    const inNs = podsInNamespace(pods, svc.namespace);
    for (let k = 0; k < inNs.length; k++) {
      const p = inNs[k]!;
      if (p.labels !== last) {
        last = p.labels;
        lastMatch = matchLabelsMap(selector, p.labels);
      }
      if (lastMatch) matching.push(p);
    }
  }
  for (const port of svc.ports) {
    for (let k = 0; k < matching.length; k++) {
      const p = matching[k]!;
      let target: number | null = null;
      if (typeof port.targetPort === 'number') target = port.targetPort;
      else {
        for (const c of p.containers) for (const cp of c.ports) if (cp.name === port.targetPort && target === null) target = cp.containerPort;
      }
      if (target === null) continue;
      out.push({ ip: p.ip, port: target, portName: port.name, pod: `${p.namespace}/${p.name}`, node: p.node, ready: true });
    }
  }
  return out;
}

function manualEndpoints(svc: ServiceState, objs: Endpoints[], pods: PodState[]): EndpointAddress[] {
  const ep = objs.find((e) => e.meta.namespace === svc.namespace && e.meta.name === svc.name);
  if (!ep) return [];
  const out: EndpointAddress[] = [];
  for (const subset of ep.subsets) {
    for (const port of subset.ports) {
      for (const ip of subset.addresses) {
        const pod = pods.find((p) => p.ip === ip && !p.hostNetwork);
        out.push({ ip, port: port.port, portName: port.name, pod: pod ? `${pod.namespace}/${pod.name}` : null, node: pod?.node ?? null, ready: true });
      }
    }
  }
  return out;
}

/** A manifest Service as the API server would store it (IPs allocated later). */
export function fromManifest(s: Service, pods: PodState[], endpointObjs: Endpoints[]): ServiceState {
  const st: ServiceState = {
    namespace: s.meta.namespace,
    name: s.meta.name,
    type: s.type,
    headless: s.clusterIP === 'None',
    clusterIP: s.clusterIP && s.clusterIP !== 'None' ? s.clusterIP : null,
    externalIP: null,
    externalIPs: [...s.externalIPs],
    pendingReason: null,
    ports: s.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, nodePort: p.nodePort, protocol: p.protocol })),
    endpoints: [],
    externalTrafficPolicy: s.externalTrafficPolicy,
    selector: s.selector ? { ...s.selector } : null,
    labels: { ...s.meta.labels },
    annotations: { ...s.meta.annotations },
    l7lb: false,
    l7lbProxyPort: null,
    origin: 'manifest',
    ingress: null,
    id: 0,
    loc: s.loc,
  };
  st.endpoints = st.selector ? selectorEndpoints(st, pods) : manualEndpoints(st, endpointObjs, pods);
  return st;
}

/** `default/kubernetes`: 443 -> the control plane's InternalIP:6443. */
export function kubernetesService(nodes: NodeState[]): ServiceState {
  const cps = nodes.filter((n) => n.role === 'control-plane');
  return {
    namespace: 'default',
    name: 'kubernetes',
    type: 'ClusterIP',
    headless: false,
    clusterIP: null,
    externalIP: null,
    externalIPs: [],
    pendingReason: null,
    ports: [{ name: 'https', port: 443, targetPort: 6443, nodePort: null, protocol: 'TCP' }],
    endpoints: (cps.length ? cps : nodes.slice(0, 1)).map((n) => ({ ip: n.internalIP, port: 6443, portName: 'https', pod: null, node: n.name, ready: true })),
    externalTrafficPolicy: 'Cluster',
    selector: null,
    labels: { component: 'apiserver', provider: 'kubernetes' },
    annotations: {},
    l7lb: false,
    l7lbProxyPort: null,
    origin: 'manifest',
    ingress: null,
    id: 0,
    loc: null,
  };
}

/**
 * ClusterIPs from the service CIDR: a requested one is honoured (when free and
 * inside the range), `default/kubernetes` takes .1, `kube-system/kube-dns` .10,
 * every other one a stable hash of namespace/name into the first /16 of the
 * range (so they look like the lab's 10.96.x.y), probing upward on collision.
 * Real kube-apiserver picks at random (pkg/registry/core/service/ipallocator).
 */
export function allocateClusterIPs(services: ServiceState[], serviceCIDR: string, diags: Diagnostic[]): void {
  const c = parseCidr(serviceCIDR) ?? parseCidr('10.96.0.0/12')!;
  const taken = new Set<number>([c.base, c.base + c.size - 1, c.base + 1, c.base + 10]);
  const wants = (s: ServiceState): boolean => s.type !== 'ExternalName' && !s.headless;
  for (const s of services) {
    if (!wants(s)) {
      s.clusterIP = null;
      continue;
    }
    if (s.namespace === 'default' && s.name === 'kubernetes') s.clusterIP = intToIp(c.base + 1);
    else if (s.namespace === 'kube-system' && s.name === 'kube-dns' && !s.clusterIP) s.clusterIP = intToIp(c.base + 10);
    else if (s.clusterIP) {
      const v = ipToInt(s.clusterIP);
      if (v === null || !cidrContains(c, s.clusterIP) || taken.has(v)) {
        diags.push(diag('warning', 'cluster.service.clusterIPUnavailable', s.loc, { service: svcKey(s), ip: s.clusterIP, cidr: serviceCIDR }));
        s.clusterIP = null;
      } else taken.add(v);
    }
  }
  const hi = c.base + Math.min(c.size, 65536) - 2;
  for (const s of services) {
    if (!wants(s) || s.clusterIP) continue;
    const v = pickFromRange(`clusterip:${svcKey(s)}`, c.base + 2, hi, taken);
    if (v === null) {
      diags.push(diag('error', 'cluster.service.clusterIPExhausted', s.loc, { service: svcKey(s), cidr: serviceCIDR }));
      continue;
    }
    taken.add(v);
    s.clusterIP = intToIp(v);
  }
}

/** NodePorts (30000-32767) for NodePort and LoadBalancer services: requested ones honoured, others from a stable hash. */
export function allocateNodePorts(services: ServiceState[], diags: Diagnostic[]): void {
  const taken = new Set<number>();
  const needs = (s: ServiceState): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
  for (const s of services) {
    if (!needs(s)) {
      for (const p of s.ports) p.nodePort = null;
      continue;
    }
    for (const p of s.ports) {
      if (p.nodePort === null) continue;
      if (p.nodePort < 30000 || p.nodePort > 32767 || taken.has(p.nodePort)) {
        diags.push(diag('warning', 'cluster.service.nodePortUnavailable', s.loc, { service: svcKey(s), port: p.nodePort }));
        p.nodePort = null;
      } else taken.add(p.nodePort);
    }
  }
  for (const s of services) {
    if (!needs(s)) continue;
    for (const p of s.ports) {
      if (p.nodePort !== null) continue;
      const v = pickFromRange(`nodeport:${svcKey(s)}:${p.port}/${p.protocol}`, 30000, 32767, taken);
      if (v !== null) {
        taken.add(v);
        p.nodePort = v;
      }
    }
  }
}

export interface Frontend {
  address: string;
  port: number;
  protocol: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalIPs';
  /** index into svc.ports */
  portIndex: number;
}

/** The BPF frontends of a service, in the order `cilium-dbg service list` numbers them here. */
export function serviceFrontends(s: ServiceState): Frontend[] {
  const out: Frontend[] = [];
  s.ports.forEach((p, i) => {
    if (s.clusterIP) out.push({ address: s.clusterIP, port: p.port, protocol: p.protocol, type: 'ClusterIP', portIndex: i });
  });
  s.ports.forEach((p, i) => {
    if (p.nodePort !== null) out.push({ address: '0.0.0.0', port: p.nodePort, protocol: p.protocol, type: 'NodePort', portIndex: i });
  });
  s.ports.forEach((p, i) => {
    if (s.externalIP) out.push({ address: s.externalIP, port: p.port, protocol: p.protocol, type: 'LoadBalancer', portIndex: i });
  });
  for (const ip of s.externalIPs) s.ports.forEach((p, i) => out.push({ address: ip, port: p.port, protocol: p.protocol, type: 'ExternalIPs', portIndex: i }));
  return out;
}

/** Service IDs: frontends numbered from 1 in state order; a service's id is its first frontend's. */
export function assignServiceIDs(services: ServiceState[]): void {
  let next = 1;
  for (const s of services) {
    s.id = next;
    next += Math.max(1, serviceFrontends(s).length);
  }
}

/** The backends of one frontend port (a service port's endpoints). */
export function backendsOf(s: ServiceState, portIndex: number): EndpointAddress[] {
  const port = s.ports[portIndex];
  if (!port) return [];
  if (s.origin !== 'manifest') return s.endpoints;
  return s.endpoints.filter((e) => e.portName === port.name);
}

/** Envoy proxy port of an L7 LB service: stable hash into 10000-19999 (Cilium allocates at random from its proxy port range). */
export function proxyPortFor(key: string, taken: Set<number>): number {
  return pickFromRange(`proxyport:${key}`, 10000, 19999, taken) ?? 10000 + (hash32(key) % 10000);
}
