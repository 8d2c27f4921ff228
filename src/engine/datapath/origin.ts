// Where a request starts and where its name leads: the origin (a lab client, a
// pod, or a bare IP on a lab segment), then curl's name resolution (--resolve,
// an IP, localhost) and, for pods, cluster DNS (kubernetes/dns docs/specification.md).
import type { CurlRequest } from '../../model/types';
import type { ClusterState, PodState } from '../types';
import type { Origin } from './context';
import { inCidr, isIPv4, macFromIP } from './util';

export function resolveOrigin(state: ClusterState, from: string): Origin | null {
  const f = from.trim();
  const client = state.clients.find((c) => c.name === f || c.ip === f);
  if (client) return { kind: 'client', host: client.name, ip: client.ip, mac: client.mac, iface: 'eth1', ifindex: 3, cidr: client.cidr, pod: null };
  const pods = state.pods.filter((p) => !p.hostNetwork);
  let pod: PodState | undefined;
  if (f.includes('/')) {
    const [ns, name] = f.split('/');
    pod = pods.find((p) => p.namespace === ns && p.name === name);
  } else {
    pod = pods.find((p) => p.namespace === 'default' && p.name === f) ?? pods.find((p) => p.name === f) ?? pods.find((p) => p.ip === f);
    if (!pod) {
      const byPrefix = pods.filter((p) => p.name.startsWith(`${f}-`));
      if (byPrefix.length > 0) pod = byPrefix[0];
    }
  }
  if (pod) return { kind: 'pod', host: `${pod.namespace}/${pod.name}`, ip: pod.ip, mac: pod.mac ?? macFromIP(pod.ip), iface: 'eth0', ifindex: 2, cidr: null, pod };
  if (isIPv4(f)) {
    const seg =
      state.clients.find((c) => inCidr(f, c.cidr))?.cidr ??
      state.nodes.flatMap((n) => n.interfaces).find((i) => i.kind === 'physical' && i.cidr && inCidr(f, i.cidr) && i.ip !== f)?.cidr;
    if (seg) return { kind: 'client', host: f, ip: f, mac: macFromIP(f), iface: 'eth1', ifindex: 3, cidr: seg, pod: null };
  }
  return null;
}

/** Cluster DNS for pods (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`). kubernetes/dns docs/specification.md */
function clusterDNS(state: ClusterState, name: string, podNs: string): string | null {
  const n = name.replace(/\.$/, '').toLowerCase();
  const parts = n.split('.');
  let svcName: string;
  let ns = podNs;
  if (parts.length === 1) svcName = parts[0];
  else if (parts.length === 2) [svcName, ns] = parts;
  else if (parts.length === 3 && parts[2] === 'svc') [svcName, ns] = parts;
  else if (parts.length === 5 && parts.slice(2).join('.') === 'svc.cluster.local') [svcName, ns] = parts;
  else return null;
  const svc = state.services.find((s) => s.namespace === ns && s.name === svcName);
  if (!svc) return null;
  if (svc.headless) return svc.endpoints.find((e) => e.ready)?.ip ?? null;
  return svc.clusterIP;
}

/** The address curl connects to for req.host, or null (curl's exit 6). */
export function resolveHost(state: ClusterState, origin: Origin, req: CurlRequest): string | null {
  const r = req.resolve.find((x) => x.host.toLowerCase() === req.host.toLowerCase() && (x.port === req.port || x.port === 0));
  if (r) return r.address;
  if (isIPv4(req.host)) return req.host;
  if (req.host === 'localhost') return '127.0.0.1';
  if (origin.kind === 'pod' && origin.pod) return clusterDNS(state, req.host, origin.pod.namespace);
  return null;
}
