// Pod IPs from each node's pod CIDR (cluster-pool IPAM), deterministic:
// in order of creation, skipping the network address, the cilium_host IP and
// the reserved:ingress IP (real Cilium picks free addresses in no fixed order;
// cilium/cilium pkg/ipam/hostscope.go; hopscope takes the lowest free one so
// traces are stable).
import type { NodeState } from '../types';
import { intToIp, ipToInt, parseCidr } from './util';

export class NodeIPAM {
  private readonly used = new Map<string, Set<number>>();
  private readonly next = new Map<string, number>();

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
    }
  }

  /** The next free pod IP of the node, or null when the pod CIDR is exhausted. */
  allocate(nodeName: string): string | null {
    const node = this.nodes.find((n) => n.name === nodeName);
    if (!node) return null;
    const c = parseCidr(node.podCIDR)!;
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
