// Nodes, their interfaces and routing tables, and the outside clients, from the Lab.
import type { CiliumConfig, Diagnostic, Lab, LabNode } from '../../model/types';
import type { ClientState, NetIf, NodeState, PodState, RouteEntry } from '../types';
import { cidrToString, diag, intToIp, ipToInt, macFrom, parseCidr, pickFromRange, splitAddress } from './util';

/** Node labels as the kubelet sets them, plus the Lab's own. */
export function nodeLabels(n: LabNode): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (n.role === 'control-plane') labels['node-role.kubernetes.io/control-plane'] = '';
  return { ...labels, ...n.labels };
}

/**
 * The InternalIP: the address of the interface whose subnet the other nodes
 * share with a different address (eth1 in the lab; eth0 is VirtualBox NAT with
 * the same 10.0.2.15 on every node). Ties: a non-default interface first, then
 * interface order. A single node: its first non-default interface.
 */
export function pickInternalInterface(node: LabNode, all: LabNode[], parsed?: Map<string, ReturnType<typeof splitAddress>>): string | null {
  // splitAddress is pure: parse each address text once per call (or once per buildNodes when it passes `parsed`)
  const cache = parsed ?? new Map<string, ReturnType<typeof splitAddress>>();
  const split = (address: string): ReturnType<typeof splitAddress> => {
    let v = cache.get(address);
    if (v === undefined && !cache.has(address)) {
      v = splitAddress(address);
      cache.set(address, v);
    }
    return v ?? null;
  };
  let best: { name: string; score: number; nonDefault: number } | null = null;
  for (const itf of node.interfaces) {
    const a = split(itf.address);
    if (!a) continue;
    let score = 0;
    for (const other of all) {
      if (other === node) continue;
      if (other.interfaces.some((o) => { const b = split(o.address); return b && b.cidr === a.cidr && b.ip !== a.ip; })) score++;
    }
    const nonDefault = itf.name === node.defaultInterface ? 0 : 1;
    if (!best || score > best.score || (score === best.score && nonDefault > best.nonDefault)) best = { name: itf.name, score, nonDefault };
  }
  return best?.name ?? null;
}

/** Pod CIDRs: the Lab's, else carved in node order from clusterPoolIPv4PodCIDRList with the mask size. */
export function podCIDRs(lab: Lab, cfg: CiliumConfig, diags: Diagnostic[]): string[] {
  const taken = new Set(lab.nodes.map((n) => n.podCIDR).filter((c): c is string => !!c));
  const pools = cfg.clusterPoolIPv4PodCIDRList.map((c) => parseCidr(c)).filter((c) => c !== null);
  const mask = cfg.clusterPoolIPv4MaskSize || 24;
  // The candidates, in pool order, at most 4096 of them, produced only as far as needed (a
  // /8 pool would otherwise format 4096 strings for a 2-node lab).
  const usable = Number.isInteger(mask) ? pools.filter((p) => mask >= p.bits && mask <= 32) : [];
  const step = 2 ** (32 - mask);
  let pool = 0;
  let base = usable[0]?.base ?? 0;
  let produced = 0;
  const nextCandidate = (): string | undefined => {
    while (pool < usable.length && produced < 4096) {
      const p = usable[pool]!;
      if (base < p.base + p.size) {
        const c = cidrToString({ base, bits: mask, size: step });
        base += step;
        produced++;
        return c;
      }
      pool++;
      base = usable[pool]?.base ?? 0;
    }
    return undefined;
  };
  return lab.nodes.map((n) => {
    if (n.podCIDR) return n.podCIDR;
    let c = nextCandidate();
    while (c !== undefined && taken.has(c)) c = nextCandidate();
    if (!c) {
      diags.push(diag('error', 'cluster.topology.noPodCIDR', n.loc, { node: n.name }));
      return '10.244.0.0/24';
    }
    return c;
  });
}

/**
 * cilium_host (router) IP and reserved:ingress IP of a node: the Lab's, else
 * picked from the pod CIDR by a stable hash of the node name (Cilium takes
 * them from the node's IPAM pool like any endpoint; cilium/cilium
 * daemon/cmd/ipam.go allocateRouterIPv4 / allocateIngressIPs).
 */
function infraIPs(n: LabNode, podCIDR: string): { hostIP: string; ingressIP: string } {
  const c = parseCidr(podCIDR)!;
  const taken = new Set<number>();
  if (n.ciliumHostIP) taken.add(ipToInt(n.ciliumHostIP) ?? -1);
  if (n.ingressIP) taken.add(ipToInt(n.ingressIP) ?? -1);
  const hostIP = n.ciliumHostIP ?? intToIp(pickFromRange(`cilium_host/${n.name}`, c.base + 1, c.base + c.size - 2, taken) ?? c.base + 1);
  taken.add(ipToInt(hostIP)!);
  const ingressIP = n.ingressIP ?? intToIp(pickFromRange(`ingress/${n.name}`, c.base + 1, c.base + c.size - 2, taken) ?? c.base + 2);
  return { hostIP, ingressIP };
}

function defaultGateway(cidr: string): string {
  // VirtualBox NAT's gateway is 10.0.2.2; elsewhere assume the subnet's first address.
  if (cidr === '10.0.2.0/24') return '10.0.2.2';
  const c = parseCidr(cidr)!;
  return intToIp(c.base + 1);
}

/**
 * Nodes with interfaces (ifindex: lo 1, the lab's interfaces in order,
 * cilium_net, cilium_host, cilium_vxlan in tunnel mode); lxc interfaces and
 * the routing table (endpoint routes included) are added by attachPods.
 */
export function buildNodes(lab: Lab, cfg: CiliumConfig, diags: Diagnostic[]): NodeState[] {
  const cidrs = podCIDRs(lab, cfg, diags);
  const parsedAddresses = new Map<string, ReturnType<typeof splitAddress>>();
  const nodes = lab.nodes.map((n, i): NodeState => {
    const podCIDR = cidrs[i]!;
    const { hostIP, ingressIP } = infraIPs(n, podCIDR);
    const interfaces: NetIf[] = [{ name: 'lo', ifindex: 1, mac: '00:00:00:00:00:00', ip: '127.0.0.1', cidr: '127.0.0.0/8', kind: 'lo' }];
    for (const itf of n.interfaces) {
      const a = splitAddress(itf.address);
      if (!a) diags.push(diag('error', 'cluster.topology.badAddress', itf.loc, { node: n.name, iface: itf.name, address: itf.address }));
      interfaces.push({
        name: itf.name,
        ifindex: interfaces.length + 1,
        mac: itf.mac ?? macFrom(`${n.name}/${itf.name}`),
        ip: a?.ip ?? null,
        cidr: a?.cidr ?? null,
        kind: 'physical',
      });
    }
    const hostMac = macFrom(`${n.name}/cilium_host`);
    interfaces.push({ name: 'cilium_net', ifindex: interfaces.length + 1, mac: macFrom(`${n.name}/cilium_net`), ip: null, cidr: null, kind: 'cilium_net' });
    interfaces.push({ name: 'cilium_host', ifindex: interfaces.length + 1, mac: hostMac, ip: hostIP, cidr: `${hostIP}/32`, kind: 'cilium_host' });
    if (cfg.routingMode === 'tunnel') {
      const name = cfg.tunnelProtocol === 'geneve' ? 'cilium_geneve' : 'cilium_vxlan';
      interfaces.push({ name, ifindex: interfaces.length + 1, mac: macFrom(`${n.name}/${name}`), ip: null, cidr: null, kind: 'vxlan' });
    }
    const internalIf = pickInternalInterface(n, lab.nodes, parsedAddresses);
    const internalIP = interfaces.find((x) => x.name === internalIf)?.ip ?? null;
    if (!internalIP) diags.push(diag('error', 'cluster.topology.noInternalIP', n.loc, { node: n.name }));
    const defaultInterface = n.defaultInterface ?? n.interfaces[0]?.name ?? 'eth0';
    return {
      name: n.name,
      role: n.role,
      labels: nodeLabels(n),
      internalIP: internalIP ?? '0.0.0.0',
      podCIDR,
      ciliumHostIP: hostIP,
      ingressIP,
      interfaces,
      defaultInterface,
      routes: [],
      loc: n.loc,
    };
  });
  // routes are filled by attachPods, once the pods (and their endpoint routes) are known
  return nodes;
}

function prefixLen(dst: string): number {
  if (dst === 'default') return -1;
  // Number(dst.split('/')[1] ?? 32) without the array
  const slash = dst.indexOf('/');
  if (slash < 0) return 32;
  const next = dst.indexOf('/', slash + 1);
  return Number(next < 0 ? dst.slice(slash + 1) : dst.slice(slash + 1, next));
}

/** The node's `ip route` table, longest prefix first (lookup order), default last. */
export function buildRoutes(node: NodeState, nodes: NodeState[], cfg: CiliumConfig, pods: PodState[], podsHere?: PodState[]): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const itf of node.interfaces) {
    if (itf.kind !== 'physical' || !itf.cidr) continue;
    routes.push({ dst: itf.cidr, via: null, dev: itf.name, src: itf.ip, origin: 'connected' });
  }
  const def = node.interfaces.find((i) => i.name === node.defaultInterface && i.cidr);
  if (def) routes.push({ dst: 'default', via: defaultGateway(def.cidr!), dev: def.name, src: null, origin: 'default' });
  // cilium_host: its own /32 and the local pod CIDR via it (cilium/cilium pkg/datapath/linux/node.go)
  routes.push({ dst: `${node.ciliumHostIP}/32`, via: null, dev: 'cilium_host', src: null, origin: 'cilium_host' });
  routes.push({ dst: node.podCIDR, via: node.ciliumHostIP, dev: 'cilium_host', src: node.ciliumHostIP, origin: 'cilium_host' });
  const internalDev = node.interfaces.find((i) => i.ip === node.internalIP)?.name ?? node.defaultInterface;
  // the node's subnets parsed once (cidrContains(i.cidr, ip) for each peer otherwise re-parses them)
  const nets = node.interfaces.filter((i) => i.cidr).map((i) => parseCidr(i.cidr!));
  const onSegment = (ip: string): boolean => {
    const n = ipToInt(ip);
    return n !== null && nets.some((c) => c !== null && n >= c.base && n < c.base + c.size);
  };
  // index loops over nodes, pods and routes: see selectorEndpoints (services.ts)
  for (let k = 0; k < nodes.length; k++) {
    const peer = nodes[k]!;
    if (peer === node) continue;
    if (cfg.routingMode === 'tunnel') {
      routes.push({ dst: peer.podCIDR, via: node.ciliumHostIP, dev: 'cilium_host', src: node.ciliumHostIP, origin: 'tunnel' });
    } else if (cfg.autoDirectNodeRoutes) {
      // pkg/datapath/linux/node.go: direct routes to the peer's pod CIDR via its InternalIP
      const sameSegment = onSegment(peer.internalIP);
      if (sameSegment) routes.push({ dst: peer.podCIDR, via: peer.internalIP, dev: internalDev, src: null, origin: 'autoDirectNodeRoutes' });
    }
  }
  if (cfg.endpointRoutes) {
    // podsHere: the pods of this node in pod order (attachPods groups them once), else all pods filtered
    const list = podsHere ?? pods;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      if (p.node !== node.name || p.hostNetwork || !p.lxc) continue;
      routes.push({ dst: `${p.ip}/32`, via: null, dev: p.lxc.name, src: null, origin: 'endpointRoute' });
    }
  }
  return byPrefixLength(routes);
}

/** Routes longest prefix first, `default` last, in insertion order within one length (a stable bucket sort). */
function byPrefixLength(routes: RouteEntry[]): RouteEntry[] {
  const buckets: (RouteEntry[] | undefined)[] = [];
  for (let k = 0; k < routes.length; k++) {
    const r = routes[k]!;
    const len = prefixLen(r.dst);
    if (!(Number.isInteger(len) && len >= -1 && len <= 32)) {
      // a malformed length: the general comparison sort, as before the buckets
      const all = routes.map((x, i) => ({ x, i, len: prefixLen(x.dst) }));
      all.sort((a, b) => b.len - a.len || a.i - b.i);
      return all.map((a) => a.x);
    }
    // /32 .. /0 and default (-1) take buckets 0 .. 33
    (buckets[32 - len] ??= []).push(r);
  }
  const out: RouteEntry[] = [];
  for (const b of buckets) if (b) for (let k = 0; k < b.length; k++) out.push(b[k]!);
  return out;
}

/** Adds one lxc per pod (in pod order) and the endpoint routes. */
export function attachPods(nodes: NodeState[], pods: PodState[], cfg: CiliumConfig): void {
  // the pods of each node name, in pod order: one pass over the pods instead of one per node
  const byNode = new Map<string, PodState[]>();
  for (let k = 0; k < pods.length; k++) {
    const p = pods[k]!;
    const l = byNode.get(p.node);
    if (l) l.push(p);
    else byNode.set(p.node, [p]);
  }
  for (const node of nodes) {
    const here = byNode.get(node.name) ?? [];
    for (let k = 0; k < here.length; k++) {
      const p = here[k]!;
      if (!p.lxc) continue;
      p.lxc.ifindex = node.interfaces.length + 1;
      node.interfaces.push(p.lxc);
    }
    node.routes = buildRoutes(node, nodes, cfg, pods, here);
  }
}

export function buildClients(lab: Lab, diags: Diagnostic[]): ClientState[] {
  const out: ClientState[] = [];
  for (const c of lab.clients) {
    const a = splitAddress(c.address);
    if (!a) {
      diags.push(diag('error', 'cluster.topology.badClientAddress', c.loc, { client: c.name, address: c.address }));
      continue;
    }
    out.push({ name: c.name, ip: a.ip, cidr: a.cidr, mac: c.mac ?? macFrom(`client/${c.name}`), loc: c.loc });
  }
  return out;
}
