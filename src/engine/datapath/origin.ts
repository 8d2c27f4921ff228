// Where a request starts and where its name leads: the origin (a lab client, a
// pod, or a bare IP on a lab segment), then curl's name resolution (--resolve,
// an IP, localhost) and, for pods, cluster DNS (kubernetes/dns docs/specification.md).
import type { CurlRequest } from '../../model/types';
import type { ClusterState, PodState } from '../types';
import type { Origin } from './context';
import { inCidr, isIPv4, macFromIP } from './util';

// Interface numbers inside a pod's netns and on a lab client (the one home of these numbers:
// the datapath's taps and the observers' interface lookups both take them from here).
/** Loopback is 1 in every netns (LOOPBACK_IFINDEX, drivers/net/loopback.c). */
export const LO_IFINDEX = 1;
/** A pod's netns holds only lo and its veth end eth0, so eth0 is the second device. */
export const POD_ETH0_IFINDEX = 2;
/** A lab client VM's first NIC, eth0 (the Vagrant NAT adapter), comes right after lo. */
export const CLIENT_ETH0_IFINDEX = 2;
/** A lab client VM's second NIC, eth1 (the private network on the lab segment), the one its requests leave by. */
export const CLIENT_ETH1_IFINDEX = 3;

export function resolveOrigin(state: ClusterState, from: string): Origin | null {
  const f = from.trim();
  const client = state.clients.find((c) => c.name === f || c.ip === f);
  if (client) return { kind: 'client', host: client.name, ip: client.ip, mac: client.mac, iface: 'eth1', ifindex: CLIENT_ETH1_IFINDEX, cidr: client.cidr, pod: null };
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
  if (pod) return { kind: 'pod', host: `${pod.namespace}/${pod.name}`, ip: pod.ip, mac: pod.mac ?? macFromIP(pod.ip), iface: 'eth0', ifindex: POD_ETH0_IFINDEX, cidr: null, pod };
  if (isIPv4(f)) {
    const seg =
      state.clients.find((c) => inCidr(f, c.cidr))?.cidr ??
      state.nodes.flatMap((n) => n.interfaces).find((i) => i.kind === 'physical' && i.cidr && inCidr(f, i.cidr) && i.ip !== f)?.cidr;
    if (seg) return { kind: 'client', host: f, ip: f, mac: macFromIP(f), iface: 'eth1', ifindex: CLIENT_ETH1_IFINDEX, cidr: seg, pod: null };
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
