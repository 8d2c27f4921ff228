// L2 announcements (cilium/cilium pkg/l2announcer/l2announcer.go,
// bpf/lib/l2_responder.h): who answers ARP for a Service's LB / external IPs.
import { compileRE2 } from '../../model/re2';
import type { CiliumConfig, CiliumL2AnnouncementPolicy, Diagnostic } from '../../model/types';
import type { L2AnnouncementState, NodeState, ServiceState } from '../types';
import { diag, matchSelector } from './util';
import { serviceSelectorLabels } from './lbipam';

/** Go regexp.MatchString semantics (unanchored), with RE2. Null = the pattern does not compile. */
export function regexFinds(pattern: string, text: string): boolean | null {
  const { re } = compileRE2(pattern);
  if (re === null) return null;
  try {
    return re.test(text);
  } catch {
    return null;
  }
}

/** The agent's devices the announcer can use: the node's physical interfaces. */
function devices(node: NodeState): string[] {
  return node.interfaces.filter((i) => i.kind === 'physical').map((i) => i.name);
}

/**
 * One entry per (service, IP). Candidates: nodes selected by a policy whose
 * serviceSelector matches and whose IP-type flag matches. The lease holder is
 * the first candidate in the Lab's node order (hopscope's rule: in reality the
 * first agent to take the Lease `cilium-l2announce-<ns>-<svc>` wins and keeps
 * it). The holder answers on its interfaces matching any of the policies'
 * regexes; none matching = lease held, nothing answered.
 */
export function announce(services: ServiceState[], policies: CiliumL2AnnouncementPolicy[], nodes: NodeState[], cfg: CiliumConfig, diags: Diagnostic[]): L2AnnouncementState[] {
  const out: L2AnnouncementState[] = [];
  const badRegex = new Set<string>();
  for (const p of policies) {
    for (const r of p.interfaces) {
      if (regexFinds(r, '') === null && !badRegex.has(`${p.meta.name}/${r}`)) {
        badRegex.add(`${p.meta.name}/${r}`);
        diags.push(diag('error', 'cluster.l2.badInterfaceRegex', p.loc, { policy: p.meta.name, regex: r }));
      }
    }
  }
  const sortedPolicies = [...policies].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  for (const s of services) {
    const ips: { ip: string; kind: 'lb' | 'external' }[] = [];
    if (s.externalIP) ips.push({ ip: s.externalIP, kind: 'lb' });
    for (const ip of s.externalIPs) ips.push({ ip, kind: 'external' });
    if (ips.length === 0) continue;
    const lease = `cilium-l2announce-${s.namespace}-${s.name}`;
    for (const { ip, kind } of ips) {
      const entry: L2AnnouncementState = { namespace: s.namespace, service: s.name, ip, node: null, interface: null, policy: null, lease, silentReason: null, interfaces: [] };
      out.push(entry);
      if (!cfg.l2announcements) {
        entry.silentReason = 'cluster.l2.disabled';
        continue;
      }
      const cls = s.loadBalancerClass ?? null;
      if (cls && cls !== 'io.cilium/l2-announcer') {
        entry.silentReason = 'cluster.l2.foreignClass';
        continue;
      }
      const labels = serviceSelectorLabels(s);
      const selecting = sortedPolicies.filter((p) => matchSelector(p.serviceSelector, labels));
      if (selecting.length === 0) {
        entry.silentReason = policies.length === 0 ? 'cluster.l2.noPolicy' : 'cluster.l2.noPolicyMatches';
        continue;
      }
      const typed = selecting.filter((p) => (kind === 'lb' ? p.loadBalancerIPs : p.externalIPs));
      if (typed.length === 0) {
        entry.silentReason = kind === 'lb' ? 'cluster.l2.loadBalancerIPsOff' : 'cluster.l2.externalIPsOff';
        continue;
      }
      const holder = nodes.find((n) => typed.some((p) => matchSelector(p.nodeSelector, n.labels)));
      if (!holder) {
        entry.silentReason = 'cluster.l2.noNode';
        continue;
      }
      const onHolder = typed.filter((p) => matchSelector(p.nodeSelector, holder.labels));
      entry.node = holder.name;
      entry.policy = onHolder[0]!.meta.name;
      const answering = devices(holder).filter((dev) => onHolder.some((p) => p.interfaces.length === 0 || p.interfaces.some((r) => regexFinds(r, dev) === true)));
      entry.interfaces = answering;
      entry.interface = answering[0] ?? null;
      if (!entry.interface) entry.silentReason = 'cluster.l2.noInterface';
    }
  }
  return out;
}
