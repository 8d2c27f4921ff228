// What a learner would see in a real cluster for this state (lab 11): kubectl
// and cilium-dbg tables, as text lines. Formats: ../../../docs/control-plane.md
// and the shared tool-formats.md §4-5 (Go tabwriter, 3 spaces of padding).
import type { ClusterState, EndpointAddress, ServiceState } from '../types';
import { RESERVED } from './identity';
import { backendsOf, serviceFrontends } from './services';
import { compareIPs, pickFromRange, tabulate } from './util';

export interface ViewOptions {
  /** the AGE column (objects carry no creation time): default '5m' */
  age?: string;
}

function byNsName<T extends { namespace: string; name: string }>(a: T, b: T): number {
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function svcPorts(s: ServiceState): string {
  if (s.ports.length === 0) return '<none>';
  return s.ports.map((p) => (p.nodePort !== null ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
}

function externalIPColumn(s: ServiceState): string {
  const ips = [...(s.externalIP ? [s.externalIP] : []), ...s.externalIPs];
  if (ips.length) return ips.join(',');
  return s.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

/** kubectl's formatEndpoints: ports outer, addresses inner, at most 3 then `+ N more...`. */
function endpointsColumn(eps: EndpointAddress[]): string {
  if (eps.length === 0) return '<none>';
  const all = eps.map((e) => `${e.ip}:${e.port}`);
  if (all.length <= 3) return all.join(',');
  return `${all.slice(0, 3).join(',')} + ${all.length - 3} more...`;
}

function hasEndpointsObject(s: ServiceState): boolean {
  if (s.type === 'ExternalName') return false;
  return s.selector !== null || s.endpoints.length > 0;
}

/** `kubectl get svc,ep,ingress -A` */
export function kubectlGet(state: ClusterState, opts: ViewOptions = {}): string[] {
  const age = opts.age ?? '5m';
  const services = [...state.services].sort(byNsName);
  const svcRows = [['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']];
  for (const s of services) svcRows.push([s.namespace, `service/${s.name}`, s.type, s.headless ? 'None' : (s.clusterIP ?? '<none>'), externalIPColumn(s), svcPorts(s), age]);
  const epRows = [['NAMESPACE', 'NAME', 'ENDPOINTS', 'AGE']];
  for (const s of services) {
    if (!hasEndpointsObject(s)) continue;
    const eps = [...s.endpoints].sort((a, b) => (a.portName ?? '').localeCompare(b.portName ?? '') || compareIPs(a.ip, b.ip));
    epRows.push([s.namespace, `endpoints/${s.name}`, endpointsColumn(eps), age]);
  }
  const ingRows = [['NAMESPACE', 'NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']];
  for (const i of [...state.ingresses].sort(byNsName)) {
    ingRows.push([i.namespace, `ingress.networking.k8s.io/${i.name}`, i.ingressClassName ?? '<none>', (i.hosts ?? []).join(',') || '*', i.address ?? '', i.tls.length ? '80, 443' : '80', age]);
  }
  const out = [...tabulate(svcRows), '', ...tabulate(epRows)];
  if (ingRows.length > 1) out.push('', ...tabulate(ingRows));
  return out;
}

/** `kubectl get lease -n kube-system` for the L2 announcement leases. */
export function kubectlGetLeases(state: ClusterState, opts: ViewOptions = {}): string[] {
  const rows = [['NAME', 'HOLDER', 'AGE']];
  const seen = new Set<string>();
  for (const e of state.l2) {
    if (seen.has(e.lease) || !e.node) continue;
    seen.add(e.lease);
    rows.push([e.lease, e.node, opts.age ?? '5m']);
  }
  return tabulate(rows);
}

/** `cilium-dbg ip list` (on the state's ipcache view node). */
export function ciliumIpList(state: ClusterState): string[] {
  const rows = [['IP', 'IDENTITY', 'SOURCE']];
  for (const e of state.ipcache) {
    const labels = e.labels.length ? e.labels : [String(e.identity)];
    const source = e.source === 'reserved' ? '' : e.source;
    rows.push([e.prefix, labels[0]!, source]);
    for (const l of labels.slice(1)) rows.push(['', l, '']);
  }
  return tabulate(rows);
}

/** `cilium-dbg identity list` */
export function ciliumIdentityList(state: ClusterState): string[] {
  const rows = [['ID', 'LABELS']];
  for (const i of [...state.identities].sort((a, b) => a.id - b.id)) {
    if (i.id === 0) continue;
    i.labels.forEach((l, k) => rows.push([k === 0 ? String(i.id) : '', l]));
  }
  return tabulate(rows);
}

/** `cilium-dbg service list` (1.18: with the ID column; one row per frontend, backends on continuation rows). */
export function ciliumServiceList(state: ClusterState): string[] {
  const rows = [['ID', 'Frontend', 'Service Type', 'Backend']];
  for (const s of state.services) {
    let id = s.id;
    for (const f of serviceFrontends(s)) {
      const backends = backendsOf(s, f.portIndex).filter((b) => b.ready);
      const fe = `${f.address}:${f.port}/${f.protocol}`;
      const be = (i: number): string => `${i + 1} => ${backends[i]!.ip}:${backends[i]!.port}/${f.protocol} (active)`;
      rows.push([String(id), fe, f.type, backends.length ? be(0) : '']);
      for (let i = 1; i < backends.length; i++) rows.push(['', '', '', be(i)]);
      id++;
    }
  }
  return tabulate(rows);
}

/** `cilium-dbg endpoint list` on `node` (default: the first node): host, ingress and pod endpoints. */
export function ciliumEndpointList(state: ClusterState, node?: string): string[] {
  const n = state.nodes.find((x) => x.name === (node ?? state.nodes[0]?.name));
  if (!n) return [];
  const pods = state.pods.filter((p) => p.node === n.name && !p.hostNetwork);
  const taken = new Set(pods.map((p) => p.endpointID ?? 0));
  const hostID = pickFromRange(`ep:host/${n.name}`, 1, 4095, taken)!;
  taken.add(hostID);
  const ingressID = pickFromRange(`ep:ingress/${n.name}`, 1, 4095, taken)!;
  const enforcement = (subject: string, dir: 'ingress' | 'egress'): string =>
    state.policies.some((r) => r.direction === dir && r.subjects.includes(subject)) ? 'Enabled' : 'Disabled';
  const eps: { id: number; identity: number; labels: string[]; ip: string; subject: string | null }[] = [
    { id: hostID, identity: RESERVED.host, labels: n.role === 'control-plane' ? ['reserved:host', 'reserved:kube-apiserver'] : ['reserved:host'], ip: '', subject: null },
    { id: ingressID, identity: RESERVED.ingress, labels: ['reserved:ingress'], ip: n.ingressIP, subject: 'reserved:ingress' },
  ];
  for (const p of pods) {
    const labels = state.identities.find((i) => i.id === p.identity)?.labels ?? [];
    eps.push({ id: p.endpointID ?? 0, identity: p.identity, labels, ip: p.ip, subject: `${p.namespace}/${p.name}` });
  }
  eps.sort((a, b) => a.id - b.id);
  const rows = [
    ['ENDPOINT', 'POLICY (ingress)', 'POLICY (egress)', 'IDENTITY', 'LABELS (source:key[=value])', 'IPv6', 'IPv4', 'STATUS'],
    ['', 'ENFORCEMENT', 'ENFORCEMENT', '', '', '', '', ''],
  ];
  for (const e of eps) {
    const ing = e.subject ? enforcement(e.subject, 'ingress') : 'Disabled';
    const eg = e.subject ? enforcement(e.subject, 'egress') : 'Disabled';
    rows.push([String(e.id), ing, eg, String(e.identity), e.labels[0] ?? '', '', e.ip, 'ready']);
    for (const l of e.labels.slice(1)) rows.push(['', '', '', '', l, '', '', '']);
  }
  return tabulate(rows, { minwidth: 5 }).map((l) => l.trimEnd());
}

/**
 * The L2 responder entries on `node` (default: every node). Cilium 1.18 has no
 * `cilium-dbg bpf l2 responder list`; the equivalent is the StateDB table
 * `cilium-dbg statedb l2-announce` (key IP + NetworkInterface, Origins =
 * services; cilium/cilium pkg/datapath/tables/l2_announce.go). Only the
 * lease holder has entries.
 */
export function ciliumL2ResponderList(state: ClusterState, node?: string): string[] {
  const rows = [['IP', 'NetworkInterface', 'Origins']];
  const entries = new Map<string, string[]>();
  for (const e of state.l2) {
    if (!e.node || (node && e.node !== node)) continue;
    for (const itf of e.interfaces ?? (e.interface ? [e.interface] : [])) {
      const key = `${e.ip}\t${itf}`;
      const list = entries.get(key) ?? [];
      list.push(`${e.namespace}/${e.service}`);
      entries.set(key, list);
    }
  }
  const keys = [...entries.keys()].sort((a, b) => compareIPs(a.split('\t')[0]!, b.split('\t')[0]!) || a.localeCompare(b));
  for (const k of keys) {
    const [ip, itf] = k.split('\t');
    rows.push([ip!, itf!, entries.get(k)!.join(', ')]);
  }
  return tabulate(rows);
}
