// The packet's movements between places, as reusable legs: out of a pod
// (pod eth0 → lxc → cil_from_container), into a pod (policy, bpf_redirect_peer
// or the lxc's cil_to_container), across nodes (cil_to_netdev → wire →
// cil_from_netdev, or VXLAN), into the host stack. Each emits hops with the
// taps, kernel functions, tc programs and monitor events of that place.
import type {
  ClusterState,
  MonitorEvent,
  NetIf,
  NodeState,
  PacketView,
  PodState,
} from '../types';
import { pkt, withPkt, type Walk } from './builder';
import { identityOfIP as clusterIdentityOfIP } from '../cluster';
import { ipcacheLookup, nodeByName, podByIP } from '../cluster/lookup';
import { POD_ETH0_IFINDEX } from './origin';
import { policyVerdict } from './policy';
import { inCidr } from './util';

/** From ip_rcv_core to the TCP socket: PRE_ROUTING hook, route lookup, LOCAL_IN hook (net/ipv4/ip_input.c, 6.8). */
const IP_IN_LOCAL = ['ip_rcv_core', 'nf_hook_slow', 'ip_route_input_noref', 'ip_local_deliver', 'nf_hook_slow', 'ip_local_deliver_finish', 'tcp_v4_rcv'];
/** From ip_rcv_core to ip_finish_output2 when routed elsewhere: PRE_ROUTING, FORWARD and POST_ROUTING hooks (net/ipv4/ip_forward.c). */
const IP_IN_FORWARD = ['ip_rcv_core', 'nf_hook_slow', 'ip_route_input_noref', 'ip_forward', 'nf_hook_slow', 'ip_output', 'nf_hook_slow', 'ip_finish_output2'];

/**
 * The kernel functions (taking an sk_buff) of each step, as pwru prints them on Linux 6.8 (the lab's
 * kernel, Ubuntu 24.04) with Cilium 1.18's tc programs attached through tcx. pwru attaches to every
 * function in the kernel BTF that ftrace can probe and that has a `struct sk_buff *` among its first
 * five parameters (cilium/pwru internal/pwru/utils.go GetFuncs); inlined code and functions taking
 * `struct sk_buff **` (__netif_receive_skb_core) never print. The lists name the main functions of a
 * step, in the order the skb reaches them; docs/datapath.md "Kernel functions" gives each source.
 */
export const KF = {
  /** A TCP socket's segment (curl, a pod's app; no netfilter hooks in their netns): first packet, neighbour to resolve. */
  ipTx: localOut(['__ip_queue_xmit'], false, true),
  /**
   * __dev_queue_xmit with a tc egress program: tcx runs it inline (sch_handle_egress → tcx_run, both
   * __always_inline); tcf_classify runs only for legacy cls_bpf filters, which Cilium removes once tcx
   * is attached (pkg/datapath/loader/tc.go attachSKBProgram).
   */
  devTx: ['__dev_queue_xmit', 'dev_hard_start_xmit'],
  devTxNoTc: ['__dev_queue_xmit', 'dev_hard_start_xmit'],
  /** veth_xmit → veth_forward_skb → __dev_forward_skb, then __netif_rx queues it to the backlog (drivers/net/veth.c, 6.8). */
  veth: ['veth_xmit', '__netif_rx'],
  /**
   * A frame from the NIC (e1000 / virtio_net): the driver hands it to napi_gro_receive; GRO passes
   * GRO_NORMAL skbs up as a list (gro_normal_one → netif_receive_skb_list_internal), and
   * __netif_receive_skb_core (taps, then tcx ingress inline) takes `struct sk_buff **`: not probed.
   */
  rx: ['napi_gro_receive'],
  rxNoTc: ['napi_gro_receive'],
  /** The veth peer's receive from the backlog (process_backlog → __netif_receive_skb → __netif_receive_skb_one_core). */
  rxVeth: ['__netif_receive_skb', '__netif_receive_skb_one_core'],
  /**
   * IPv4 input in the host netns after a backlog receive (veth): __netif_receive_skb_one_core calls
   * ip_rcv; PRE_ROUTING and LOCAL_IN hooks (Cilium's iptables chains) run nf_hook_slow.
   */
  localIn: ['ip_rcv', ...IP_IN_LOCAL],
  /** The same after a NIC receive: the list path calls ip_list_rcv (no skb argument) → ip_rcv_core, never ip_rcv. */
  localInList: IP_IN_LOCAL,
  forward: ['ip_rcv', ...IP_IN_FORWARD],
  forwardList: IP_IN_FORWARD,
};

/**
 * A locally generated IPv4 packet from the function that builds its header (`head`: __ip_queue_xmit
 * for a socket's segment, ip_build_and_send_pkt for a SYN-ACK, nothing for ip_send_skb's caller) to
 * ip_finish_output2: ip_local_out → __ip_local_out (LOCAL_OUT hook) → dst_output → ip_output
 * (POST_ROUTING hook) → ip_finish_output2 (net/ipv4/ip_output.c, 6.8). `netfilter`: the netns has
 * hooks (a node's host netns with Cilium's iptables chains). neigh_output and neigh_hh_output are
 * static inline (include/net/neighbour.h): with a REACHABLE neighbour and its cached header the next
 * function is __dev_queue_xmit; `resolve` adds neigh_resolve_output (a neighbour not yet resolved or
 * STALE: the first packet of a request).
 */
export function localOut(head: readonly string[], netfilter: boolean, resolve = false): string[] {
  const hook = netfilter ? ['nf_hook_slow'] : [];
  return [...head, 'ip_local_out', '__ip_local_out', ...hook, 'ip_output', ...hook, 'ip_finish_output2', ...(resolve ? ['neigh_resolve_output'] : [])];
}

export interface Flow {
  conn: number;
  direction: 'request' | 'reply';
  skb: number;
}

export type Peer = { ip: string; port: number | null; identity: number; name: string | null };

export class Legs {
  constructor(
    readonly state: ClusterState,
    readonly w: Walk,
  ) {}

  // ------------------------------------------------------------ lookups
  node(name: string | null): NodeState | undefined {
    return nodeByName(this.state.nodes, name);
  }

  iface(node: NodeState, name: string): NetIf {
    return (
      node.interfaces.find((i) => i.name === name) ?? {
        name,
        ifindex: 0,
        mac: '00:00:00:00:00:00',
        ip: null,
        cidr: null,
        kind: 'physical',
      }
    );
  }

  /** The node's interface toward another node's InternalIP (eth1 in the lab). */
  nodeIface(node: NodeState, peer: NodeState): NetIf {
    const byCidr = node.interfaces.find((i) => i.cidr && i.kind === 'physical' && inCidr(peer.internalIP, i.cidr));
    return byCidr ?? node.interfaces.find((i) => i.ip === node.internalIP) ?? this.iface(node, 'eth1');
  }

  lxcOf(pod: PodState): NetIf {
    return pod.lxc ?? { name: 'lxc?', ifindex: 0, mac: '00:00:00:00:00:00', ip: null, cidr: null, kind: 'lxc', pod: `${pod.namespace}/${pod.name}` };
  }

  podName(pod: PodState): string {
    return `${pod.namespace}/${pod.name}`;
  }

  /** The identity `ip` has in `node`'s ipcache (the cluster's view when it can say), else the state's list. */
  identityOf(ip: string, node?: string | null): number {
    if (node) {
      try {
        return clusterIdentityOfIP(this.state, node, ip);
      } catch {
        // fall through to the local lookup
      }
    }
    const pod = podByIP(this.state.pods, ip);
    if (pod) return pod.identity;
    if (this.state.ingressIPs.some((i) => i.ip === ip)) return 8;
    // longest prefix of the ipcache, first entry on a tie (indexed once per state: cluster/lookup.ts)
    return ipcacheLookup(this.state.ipcache, ip) ?? 2;
  }

  nameOf(ip: string): string | null {
    const pod = podByIP(this.state.pods, ip);
    return pod ? this.podName(pod) : null;
  }

  peer(ip: string, port: number | null, identity?: number): Peer {
    return { ip, port, identity: identity ?? this.identityOf(ip), name: this.nameOf(ip) };
  }

  ev(
    kind: MonitorEvent['kind'],
    point: string,
    node: string,
    p: PacketView,
    opts: { srcId?: number; dstId?: number; verdict?: MonitorEvent['verdict']; ctReport?: boolean; isReply?: boolean | null; summary?: string } = {},
  ): MonitorEvent {
    const flags = p.tcpFlags ? `TCP Flags: ${flagWords(p.tcpFlags)}` : p.proto.toUpperCase();
    return {
      kind,
      point,
      node,
      src: this.peer(p.src, p.sport, opts.srcId),
      dst: this.peer(p.dst, p.dport, opts.dstId),
      isReply: opts.isReply === undefined ? p.tcpFlags === 'S.' : opts.isReply,
      verdict: opts.verdict ?? 'FORWARDED',
      ctReport: opts.ctReport ?? true,
      summary: opts.summary ?? flags,
    };
  }

  // ------------------------------------------------------------ pod egress
  /** pod eth0 TX → veth → lxc RX → cil_from_container (egress policy of the pod). false = dropped. */
  podEgress(pod: PodState, p: PacketView, f: Flow, checkPolicy: boolean, extraEvents: MonitorEvent[] = []): boolean {
    const lxc = this.lxcOf(pod);
    const name = this.podName(pod);
    const onWire = withPkt(p, { srcMac: pod.mac, dstMac: lxc.mac });
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: pod.node,
      where: `pod:${name}`,
      stage: 'pod',
      program: 'eth0',
      packet: onWire,
      action: 'send',
      taps: [this.w.tap(name, 'pod', 'eth0', POD_ETH0_IFINDEX, 'Out', onWire)],
      // a SYN-ACK leaves through tcp_v4_send_synack → ip_build_and_send_pkt, any other segment through
      // __ip_queue_xmit; the request's neighbour (the gateway) may need resolving, the reply's is fresh
      kfuncs: [...(p.tcpFlags === 'S.' ? localOut(['ip_build_and_send_pkt'], false) : localOut(['__ip_queue_xmit'], false, f.direction === 'request')), ...KF.devTxNoTc, ...KF.veth],
      id: 'datapath.pod.tx',
      params: { pod: name, src: p.src, dst: p.dst, lxc: lxc.name },
      refs: ['vethXmit'],
    });
    const events: MonitorEvent[] = [this.ev('trace', 'from-endpoint', pod.node, onWire, { srcId: pod.identity })];
    let allowed = true;
    let verdictParams = {};
    if (checkPolicy && f.direction === 'request') {
      const v = policyVerdict(this.state, {
        subject: name,
        direction: 'egress',
        peerIdentity: this.identityOf(p.dst),
        peerIP: p.dst,
        port: p.dport ?? 0,
        protocol: 'TCP',
      });
      if (v.enforced)
        events.push(this.ev('policy-verdict', `policy-verdict:${v.match} EGRESS`, pod.node, onWire, { verdict: v.allowed ? 'FORWARDED' : 'DROPPED', srcId: pod.identity }));
      if (!v.allowed) {
        events.push(this.ev('drop', 'Policy denied', pod.node, onWire, { verdict: 'DROPPED', srcId: pod.identity, isReply: false }));
        allowed = false;
      }
      verdictParams = { policy: v.policy ?? '-' };
    }
    events.push(...extraEvents);
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: pod.node,
      where: lxc.name,
      stage: 'tc-ingress',
      tcProgram: 'cil_from_container',
      packet: onWire,
      action: allowed ? 'forward' : 'drop',
      taps: [this.w.tap(pod.node, 'host', lxc.name, lxc.ifindex, 'In', onWire)],
      kfuncs: allowed ? KF.rxVeth : [...KF.rxVeth, 'kfree_skb_reason'],
      events,
      id: allowed ? 'datapath.lxc.fromContainer' : 'datapath.lxc.egressDenied',
      params: { pod: name, lxc: lxc.name, ...verdictParams },
      refs: ['netifReceive', 'fromContainer', 'policyEgress'],
    });
    return allowed;
  }

  // ------------------------------------------------------------ into a pod
  /** The last step: the packet arrives on eth0 inside the pod netns. */
  podReceive(pod: PodState, p: PacketView, f: Flow, via: 'peer' | 'veth', from: 'netdev' | 'lxc' = 'lxc'): void {
    const name = this.podName(pod);
    const pk = withPkt(p, { dstMac: pod.mac });
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: pod.node,
      where: `pod:${name}`,
      stage: 'pod',
      program: 'eth0',
      packet: pk,
      action: 'deliver',
      taps: [this.w.tap(name, 'pod', 'eth0', POD_ETH0_IFINDEX, 'In', pk)],
      // after a veth the backlog calls ip_rcv; after bpf_redirect_peer the skb stays in the receive pass
      // it came in with: ip_rcv from an lxc (backlog), ip_list_rcv → ip_rcv_core from the NIC's GRO list
      kfuncs: [...(via === 'veth' ? KF.rxVeth : []), ...(via === 'peer' && from === 'netdev' ? [] : ['ip_rcv']), 'ip_rcv_core', 'ip_local_deliver', 'ip_local_deliver_finish', 'tcp_v4_rcv'],
      id: via === 'peer' ? 'datapath.pod.rxPeer' : 'datapath.pod.rxVeth',
      params: { pod: name, src: p.src, dst: p.dst },
      refs: via === 'peer' ? ['redirectPeer'] : ['vethXmit'],
    });
  }

  private ingressVerdict(pod: PodState, p: PacketView, srcIdentity: number, f: Flow, node: string) {
    const events: MonitorEvent[] = [];
    if (f.direction === 'reply') {
      events.push(this.ev('trace', 'to-endpoint', node, p, { srcId: srcIdentity, dstId: pod.identity }));
      return { allowed: true, events, policy: '-' };
    }
    const v = policyVerdict(this.state, {
      subject: this.podName(pod),
      direction: 'ingress',
      peerIdentity: srcIdentity,
      peerIP: p.src,
      port: p.dport ?? 0,
      protocol: 'TCP',
    });
    if (v.enforced)
      events.push(
        this.ev('policy-verdict', `policy-verdict:${v.match} INGRESS`, node, p, {
          verdict: v.allowed ? 'FORWARDED' : 'DROPPED',
          srcId: srcIdentity,
          dstId: pod.identity,
        }),
      );
    if (v.allowed) events.push(this.ev('trace', 'to-endpoint', node, p, { srcId: srcIdentity, dstId: pod.identity }));
    else events.push(this.ev('drop', 'Policy denied', node, p, { verdict: 'DROPPED', srcId: srcIdentity, dstId: pod.identity, isReply: false }));
    return { allowed: v.allowed, events, policy: v.policy ?? '-' };
  }

  /**
   * From a tc ingress hook on the pod's node (cil_from_netdev or cil_from_container): local delivery.
   * BPF host routing: the pod's policy program then bpf_redirect_peer (the lxc never sees it);
   * legacy host routing: the kernel forwards to the lxc, whose tc egress runs cil_to_container.
   */
  deliverFromTc(pod: PodState, p: PacketView, f: Flow, srcIdentity: number, from: 'netdev' | 'lxc'): boolean {
    const node = pod.node;
    const lxc = this.lxcOf(pod);
    if (this.state.config.hostLegacyRouting) {
      this.w.hop({
        conn: f.conn,
        direction: f.direction,
        skb: f.skb,
        node,
        where: 'stack',
        stage: 'kernel-routing',
        program: 'ip_forward',
        packet: p,
        action: 'route',
        kfuncs: from === 'netdev' ? KF.forwardList : KF.forward,
        id: 'datapath.route.legacyForward',
        params: { dst: p.dst, lxc: lxc.name },
        refs: ['handleIpv4Cont', 'ipForward', 'endpointRoute'],
      });
      return this.hostToPod(pod, p, f, srcIdentity);
    }
    const v = this.ingressVerdict(pod, p, srcIdentity, f, node);
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node,
      where: lxc.name,
      stage: 'policy',
      program: 'bpf_redirect_peer',
      packet: p,
      action: v.allowed ? 'redirect' : 'drop',
      kfuncs: v.allowed ? ['skb_do_redirect'] : ['kfree_skb_reason'],
      events: v.events,
      id: v.allowed ? 'datapath.lxc.redirectPeer' : 'datapath.policy.ingressDenied',
      params: { pod: this.podName(pod), lxc: lxc.name, policy: v.policy, identity: srcIdentity },
      refs: ['localDelivery', 'policyTail', 'redirectPeer'],
    });
    if (!v.allowed) return false;
    this.podReceive(pod, p, f, 'peer', from);
    return true;
  }

  /**
   * From the host stack to a pod on this node. With endpointRoutes (the lab) the route is
   * `podIP dev lxc…` and the lxc's tc egress runs cil_to_container; without, the pod CIDR route
   * points at cilium_host, whose tc egress (cil_from_host) enforces the pod's policy and redirects
   * to the lxc (the redirect happens before cilium_host's TX tap, so tcpdump there sees nothing).
   */
  hostToPod(pod: PodState, p: PacketView, f: Flow, srcIdentity: number): boolean {
    if (this.state.config.endpointRoutes) return this.toContainer(pod, p, f, srcIdentity);
    const node = this.node(pod.node);
    const host = node ? this.iface(node, 'cilium_host') : null;
    const lxc = this.lxcOf(pod);
    const v = this.ingressVerdict(pod, p, srcIdentity, f, pod.node);
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: pod.node,
      where: host?.name ?? 'cilium_host',
      stage: 'tc-egress',
      tcProgram: 'cil_from_host',
      packet: p,
      action: v.allowed ? 'redirect' : 'drop',
      kfuncs: v.allowed ? ['__dev_queue_xmit', 'skb_do_redirect'] : ['__dev_queue_xmit', 'kfree_skb_reason'],
      events: v.events,
      id: v.allowed ? 'datapath.lxc.viaCiliumHost' : 'datapath.policy.ingressDenied',
      params: { pod: this.podName(pod), lxc: lxc.name, policy: v.policy, identity: srcIdentity },
      refs: ['fromHost', 'localDelivery'],
    });
    if (!v.allowed) return false;
    const pk = withPkt(p, { srcMac: lxc.mac, dstMac: pod.mac });
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: pod.node,
      where: lxc.name,
      stage: 'kernel-routing',
      program: 'bpf_redirect',
      packet: pk,
      action: 'forward',
      taps: [this.w.tap(pod.node, 'host', lxc.name, lxc.ifindex, 'Out', pk)],
      kfuncs: ['__dev_queue_xmit', 'dev_hard_start_xmit', ...KF.veth],
      id: 'datapath.lxc.txNoProgram',
      params: { lxc: lxc.name, pod: this.podName(pod) },
      refs: ['devQueueXmit', 'vethXmit'],
    });
    this.podReceive(pod, pk, f, 'veth');
    return true;
  }

  /** A packet transmitted on the pod's lxc (endpoint route): tc egress cil_to_container, then the TX tap. */
  toContainer(pod: PodState, p: PacketView, f: Flow, srcIdentity: number): boolean {
    const lxc = this.lxcOf(pod);
    const node = this.node(pod.node);
    const pk = withPkt(p, { srcMac: lxc.mac, dstMac: pod.mac });
    const v = this.ingressVerdict(pod, pk, srcIdentity, f, pod.node);
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: pod.node,
      where: lxc.name,
      stage: 'tc-egress',
      tcProgram: 'cil_to_container',
      packet: pk,
      action: v.allowed ? 'forward' : 'drop',
      taps: v.allowed ? [this.w.tap(pod.node, 'host', lxc.name, lxc.ifindex, 'Out', pk)] : [],
      kfuncs: v.allowed ? [...KF.devTx, ...KF.veth] : ['__dev_queue_xmit', 'kfree_skb_reason'],
      events: v.events,
      id: v.allowed ? 'datapath.lxc.toContainer' : 'datapath.policy.ingressDenied',
      params: { pod: this.podName(pod), lxc: lxc.name, policy: v.policy, identity: srcIdentity, node: node?.name ?? pod.node },
      refs: ['devQueueXmit', 'toContainer', 'endpointRoute'],
    });
    if (!v.allowed) return false;
    this.podReceive(pod, pk, f, 'veth');
    return true;
  }

  // ------------------------------------------------------------ host stack
  /** The host stack routes a locally generated packet (Envoy, a host socket). */
  hostRoute(node: NodeState, p: PacketView, f: Flow, routeText: string, id: string, extra: Record<string, string> = {}): void {
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: node.name,
      where: 'stack',
      stage: 'kernel-routing',
      program: 'ip_route_output',
      packet: p,
      action: 'route',
      kfuncs: localOut(['__ip_queue_xmit'], true, true),
      id,
      params: { route: routeText, src: p.src, dst: p.dst, ...extra },
      refs: ['ipQueueXmit', 'endpointRoute'],
    });
  }

  /** Delivered to a socket in the host netns (Envoy's, or a closed port). */
  hostSocket(node: NodeState, p: PacketView, f: Flow, id: string, params: Record<string, string | number>, kfuncs: string[] = KF.localIn): void {
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: node.name,
      where: 'socket',
      stage: 'socket',
      program: 'tcp_v4_rcv',
      packet: p,
      action: 'deliver',
      kfuncs,
      id,
      params,
      refs: ['ipLocalDeliver', 'tcpRcv'],
    });
  }

  /** A pod's packet to a host-local address (same node): cil_from_container passes it up the stack. */
  lxcToStack(node: NodeState, p: PacketView, f: Flow): void {
    this.hostSocket(node, p, f, 'datapath.stack.fromLxc', { dst: p.dst, node: node.name }, KF.localIn);
  }

  // ------------------------------------------------------------ between nodes
  /**
   * From `from` to `to` over the lab segment. `origin` says who sends: the host stack (Envoy,
   * kernel-routed) or a pod's cil_from_container (bpf_redirect_neigh with BPF host routing).
   * Ends after the peer's cil_from_netdev (or cil_from_overlay) has the packet.
   */
  crossNodes(from: NodeState, to: NodeState, p: PacketView, f: Flow, srcIdentity: number, origin: 'host' | 'lxc', snatNote = false): void {
    const out = this.nodeIface(from, to);
    const inn = this.nodeIface(to, from);
    if (this.state.config.routingMode === 'tunnel') {
      this.tunnel(from, to, out, inn, p, f, srcIdentity, origin);
      return;
    }
    if (origin === 'lxc') {
      this.w.hop({
        conn: f.conn,
        direction: f.direction,
        skb: f.skb,
        node: from.name,
        where: this.state.config.hostLegacyRouting ? 'stack' : out.name,
        stage: 'kernel-routing',
        program: this.state.config.hostLegacyRouting ? 'ip_forward' : 'bpf_redirect_neigh',
        packet: p,
        action: this.state.config.hostLegacyRouting ? 'route' : 'redirect',
        // bpf_redirect_neigh: skb_do_redirect → __bpf_redirect_neigh → bpf_out_neigh_v4 → neigh_output (inline)
        // → __dev_queue_xmit on the target, no ip_output / ip_finish_output2 (net/core/filter.c)
        kfuncs: this.state.config.hostLegacyRouting ? KF.forward : ['skb_do_redirect'],
        id: this.state.config.hostLegacyRouting ? 'datapath.route.legacyToNode' : 'datapath.route.redirectNeigh',
        params: { dst: p.dst, iface: out.name, node: to.name, via: to.internalIP },
        refs: this.state.config.hostLegacyRouting ? ['ipForward'] : ['redirectNeigh', 'fromContainer'],
      });
    }
    const onWire = withPkt(p, { srcMac: out.mac, dstMac: inn.mac });
    const nativeCidr = this.state.config.ipv4NativeRoutingCIDR;
    const noSnat = nativeCidr ? inCidr(p.dst, nativeCidr) : false;
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: from.name,
      where: out.name,
      stage: 'tc-egress',
      tcProgram: 'cil_to_netdev',
      packet: onWire,
      action: 'send',
      taps: [this.w.tap(from.name, 'host', out.name, out.ifindex, 'Out', onWire)],
      kfuncs: KF.devTx,
      events: [this.ev('trace', 'to-network', from.name, onWire, { srcId: srcIdentity })],
      id: noSnat || snatNote ? 'datapath.netdev.toNetworkNoSnat' : 'datapath.netdev.toNetwork',
      params: { iface: out.name, node: from.name, cidr: nativeCidr ?? '-', src: p.src },
      refs: ['toNetdev', 'snatExcl'],
    });
    this.wire(out.cidr ?? '', onWire, f);
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: to.name,
      where: inn.name,
      stage: 'tc-ingress',
      tcProgram: 'cil_from_netdev',
      packet: onWire,
      action: 'forward',
      taps: [this.w.tap(to.name, 'host', inn.name, inn.ifindex, 'In', onWire)],
      kfuncs: KF.rx,
      events: [this.ev('trace', 'from-network', to.name, onWire, { srcId: srcIdentity })],
      id: 'datapath.netdev.fromNetworkNode',
      params: { iface: inn.name, node: to.name, src: p.src, dst: p.dst },
      refs: ['netifReceive', 'fromNetdev', 'handleIpv4Cont'],
    });
  }

  private tunnel(from: NodeState, to: NodeState, out: NetIf, inn: NetIf, p: PacketView, f: Flow, srcIdentity: number, origin: 'host' | 'lxc'): void {
    const vx = from.interfaces.find((i) => i.kind === 'vxlan') ?? this.iface(from, 'cilium_vxlan');
    const vxTo = to.interfaces.find((i) => i.kind === 'vxlan') ?? this.iface(to, 'cilium_vxlan');
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: from.name,
      where: origin === 'lxc' ? this.lxcName(p.src) : 'cilium_host',
      stage: 'tunnel',
      program: origin === 'lxc' ? 'cil_from_container' : 'cil_from_host',
      tcProgram: origin === 'lxc' ? null : 'cil_from_host',
      packet: p,
      action: 'redirect',
      kfuncs: origin === 'host' ? [...KF.devTx] : ['skb_do_redirect'],
      events: [this.ev('trace', 'to-overlay', from.name, p, { srcId: srcIdentity })],
      rewrites: ['VXLAN-ENCAP'],
      id: 'datapath.tunnel.encap',
      params: { node: to.name, peer: to.internalIP, dev: vx.name },
      refs: ['encap'],
    });
    const outer = pkt({ proto: 'udp', src: from.internalIP, dst: to.internalIP, sport: 32768 + ((p.sport ?? 0) % 28000), dport: 8472, srcMac: out.mac, dstMac: inn.mac });
    outer.l7 = `VXLAN vni ${srcIdentity}: ${p.src}.${p.sport ?? ''} > ${p.dst}.${p.dport ?? ''} [${p.tcpFlags ?? ''}]`;
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: from.name,
      where: vx.name,
      stage: 'tunnel',
      program: 'vxlan_xmit',
      packet: p,
      after: outer,
      action: 'send',
      taps: [this.w.tap(from.name, 'host', vx.name, vx.ifindex, 'Out', p)],
      // udp_tunnel_xmit_skb → iptunnel_xmit → ip_local_out (net/ipv4/ip_tunnel_core.c)
      kfuncs: ['__dev_queue_xmit', 'dev_hard_start_xmit', 'vxlan_xmit', 'udp_tunnel_xmit_skb', ...localOut([], true)],
      id: 'datapath.tunnel.vxlanXmit',
      params: { dev: vx.name, iface: out.name },
      refs: ['vxlanXmit'],
    });
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: from.name,
      where: out.name,
      stage: 'tc-egress',
      tcProgram: 'cil_to_netdev',
      packet: outer,
      action: 'send',
      taps: [this.w.tap(from.name, 'host', out.name, out.ifindex, 'Out', outer)],
      kfuncs: KF.devTx,
      id: 'datapath.tunnel.outer',
      params: { iface: out.name, src: outer.src, dst: outer.dst },
      refs: ['toNetdev'],
    });
    this.wire(out.cidr ?? '', outer, f);
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: to.name,
      where: inn.name,
      stage: 'tc-ingress',
      tcProgram: 'cil_from_netdev',
      packet: outer,
      action: 'forward',
      taps: [this.w.tap(to.name, 'host', inn.name, inn.ifindex, 'In', outer)],
      kfuncs: [...KF.rx, 'ip_rcv_core', 'ip_local_deliver', 'udp_rcv', 'vxlan_rcv'],
      id: 'datapath.tunnel.outerIn',
      params: { iface: inn.name, node: to.name },
      refs: ['fromNetdev'],
    });
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      skb: f.skb,
      node: to.name,
      where: vxTo.name,
      stage: 'tunnel',
      tcProgram: 'cil_from_overlay',
      packet: p,
      action: 'forward',
      taps: [this.w.tap(to.name, 'host', vxTo.name, vxTo.ifindex, 'In', p)],
      // vxlan_rcv → gro_cells_receive → the gro cell's NAPI poll → napi_gro_receive (net/core/gro_cells.c)
      kfuncs: ['gro_cells_receive', ...KF.rx],
      events: [this.ev('trace', 'from-overlay', to.name, p, { srcId: srcIdentity })],
      rewrites: ['VXLAN-DECAP'],
      id: 'datapath.tunnel.decap',
      params: { dev: vxTo.name, node: to.name },
      refs: ['fromOverlay'],
    });
  }

  private lxcName(ip: string): string {
    const pod = this.state.pods.find((p) => p.ip === ip);
    return pod ? this.lxcOf(pod).name : 'lxc';
  }

  wire(cidr: string, p: PacketView, f: Flow): void {
    this.w.hop({
      conn: f.conn,
      direction: f.direction,
      node: null,
      where: `wire:${cidr}`,
      stage: 'wire',
      packet: p,
      action: 'forward',
      skb: null,
      id: 'datapath.wire',
      params: { cidr, src: p.src, dst: p.dst },
    });
  }
}

export function flagWords(flags: string): string {
  const words: string[] = [];
  if (flags.includes('S')) words.push('SYN');
  if (flags.includes('F')) words.push('FIN');
  if (flags.includes('R')) words.push('RST');
  if (flags.includes('P')) words.push('PSH');
  if (flags.includes('.')) words.push('ACK');
  return words.join(', ');
}
