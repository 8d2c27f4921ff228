// Pod IPs from each node's pod CIDR (cluster-pool IPAM), deterministic:
// in order of creation, skipping the network address, the cilium_host IP and
// the reserved:ingress IP (real Cilium picks free addresses in no fixed order;
// cilium/cilium pkg/ipam/hostscope.go; hopscope takes the lowest free one so
// traces are stable).
import type { NodeState } from '../types';
import { intToIp, ipToInt, parseCidr, type Cidr } from './util';

export class NodeIPAM {
  private readonly used = new Map<string, Set<number>>();
  private readonly next = new Map<string, number>();
  /** pod CIDR of the first node of each name (as nodes.find would pick), parsed once */
  private readonly cidrOf = new Map<string, Cidr>();

  constructor(private readonly nodes: NodeState[]) {
    for (const n of nodes) {
      const c = parseCidr(n.podCIDR)!;
      const used = new Set<number>([c.base, c.base + c.size - 1]);
      for (const ip of [n.ciliumHostIP, n.ingressIP]) {
        const v = ipToInt(ip);
        if (v !== null) used.add(v);
      }
      this.used.set(n.name, used);
      this.next.set(n.name, c.base + 1);
      if (!this.cidrOf.has(n.name)) this.cidrOf.set(n.name, c);
    }
  }

  /** The next free pod IP of the node, or null when the pod CIDR is exhausted. */
  allocate(nodeName: string): string | null {
    const c = this.cidrOf.get(nodeName);
    if (!c) return null;
    const used = this.used.get(nodeName)!;
    for (let v = this.next.get(nodeName)!; v < c.base + c.size; v++) {
      if (used.has(v)) continue;
      used.add(v);
      this.next.set(nodeName, v + 1);
      return intToIp(v);
    }
    return null;
  }
}
