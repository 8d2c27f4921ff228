// ARP on the client's segment: who-has for the destination, answered by the
// kernel for a node's own IP or by Cilium's L2 responder for an announced VIP
// (bpf/lib/l2_responder.h, bpf/lib/arp.h), retried as the kernel does
// (net/ipv4/arp.c); every node on the segment sees the broadcast.
import type { CurlRequest } from '../../model/types';
import type { ClusterState, NetIf, NodeState, PacketView } from '../types';
import { pkt, withPkt } from './builder';
import { limitMs, type Ctx } from './context';
import { KF, type Flow } from './legs';
import { nodeHasIP } from '../cluster/lookup';

/** The neighbour's retrans_time: an unanswered ARP request is sent again after 1 s (net/ipv4/arp.c arp_tbl, NEIGH_VAR RETRANS_TIME). */
export const ARP_RETRANS_MS = 1000;

export function noArpMs(state: ClusterState): number {
  return 3050 + ((state.seed * 21) % 50);
}

/** ARP for `ip` on the client's segment. bpf/lib/l2_responder.h + bpf/lib/arp.h for announced VIPs, the kernel for node IPs. */
export function arpOnSegment(ctx: Ctx, ip: string, req: CurlRequest): { kind: 'bpf' | 'kernel' | 'client' | 'none'; mac: string | null; node: NodeState | null; iface: NetIf | null } {
  const o = ctx.origin;
  const conn = ctx.w.conn('arp', `ARP who-has ${ip}`, { ip: o.ip, port: null, host: o.host }, { ip, port: null, host: ip });
  const segNodes = ctx.state.nodes
    .map((n) => ({ n, i: n.interfaces.find((x) => x.kind === 'physical' && x.cidr === o.cidr) }))
    .filter((x): x is { n: NodeState; i: NetIf } => !!x.i);
  const kernelOwner = segNodes.find((x) => nodeHasIP(x.n, ip));
  const l2 = ctx.state.config.l2announcements ? ctx.state.l2.find((e) => e.ip === ip && e.node) : undefined;
  const l2Owner = l2 ? segNodes.find((x) => x.n.name === l2.node && (x.i.name === l2.interface || (l2.interfaces ?? []).includes(x.i.name))) : undefined;
  const otherClient = ctx.state.clients.find((c) => c.ip === ip && c.ip !== o.ip);
  const responder = kernelOwner ? { n: kernelOwner.n, i: kernelOwner.i, kind: 'kernel' as const } : l2Owner ? { n: l2Owner.n, i: l2Owner.i, kind: 'bpf' as const } : null;
  const request = (): PacketView =>
    withPkt(pkt({ proto: 'arp', src: o.ip, dst: ip, srcMac: o.mac, dstMac: 'ff:ff:ff:ff:ff:ff' }), {
      arp: { op: 'request', senderIP: o.ip, targetIP: ip, senderMac: o.mac, targetMac: null },
    });
  const limit = limitMs(req);
  const tries = responder || otherClient ? 1 : limit !== null && limit < noArpMs(ctx.state) ? Math.max(1, Math.ceil(limit / ARP_RETRANS_MS)) : 3;
  for (let k = 0; k < tries; k++) {
    let pendingReply: (() => void) | null = null;
    const rq = request();
    const skb = ctx.w.newSkb();
    const f: Flow = { conn, direction: 'request', skb };
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: o.iface, stage: 'arp', program: 'arp_solicit', packet: rq, action: 'send', taps: [ctx.w.tap(o.host, 'client', o.iface, o.ifindex, 'Out', rq)], kfuncs: ['arp_xmit', ...KF.devTxNoTc], id: k === 0 ? 'datapath.arp.request' : 'datapath.arp.retry', params: { ip, client: o.host, n: k + 1 }, refs: ['neighResolve'] });
    ctx.legs.wire(o.cidr ?? '', rq, { ...f });
    // every host on the segment receives the broadcast; the responder (if any) first
    const order = [...segNodes].sort((x, y) => (responder && x.n === responder.n ? -1 : responder && y.n === responder.n ? 1 : 0));
    for (const { n, i } of order) {
      const nskb = ctx.w.newSkb();
      const nf: Flow = { conn, direction: 'request', skb: nskb };
      const tapIn = ctx.w.tap(n.name, 'host', i.name, i.ifindex, 'In', rq);
      const fromNet = ctx.legs.ev('trace', 'from-network', n.name, rq, { ctReport: false, summary: 'ARP' });
      if (responder && responder.n === n && responder.kind === 'bpf') {
        const reply: PacketView = {
          ...pkt({ proto: 'arp', src: ip, dst: o.ip, srcMac: i.mac, dstMac: o.mac }),
          arp: { op: 'reply', senderIP: ip, targetIP: o.ip, senderMac: i.mac, targetMac: o.mac },
        };
        ctx.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: i.name, stage: 'arp', tcProgram: 'cil_from_netdev', program: 'handle_l2_announcement', packet: rq, after: reply, action: 'reply', taps: [tapIn], kfuncs: [...KF.rx, 'skb_do_redirect'], events: [fromNet], rewrites: ['ARP-REPLY'], id: 'datapath.arp.l2Responder', params: { ip, node: n.name, iface: i.name, mac: i.mac, service: l2 ? `${l2.namespace}/${l2.service}` : '' }, refs: ['fromNetdev', 'l2Responder', 'arpRespond'] });
        ctx.w.hop({ conn: nf.conn, skb: nf.skb, direction: 'reply', node: n.name, where: i.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: reply, action: 'send', taps: [ctx.w.tap(n.name, 'host', i.name, i.ifindex, 'Out', reply)], kfuncs: KF.devTx, id: 'datapath.arp.replyOut', params: { iface: i.name, node: n.name }, refs: ['arpRespond', 'devQueueXmit'] });
        pendingReply = () => arpReplyToClient(ctx, reply, conn, nskb);
      } else if (responder && responder.n === n) {
        ctx.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: i.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: rq, action: 'forward', taps: [tapIn], kfuncs: KF.rx, events: [fromNet], id: 'datapath.arp.toKernel', params: { node: n.name, iface: i.name }, refs: ['fromNetdev'] });
        const reply: PacketView = {
          ...pkt({ proto: 'arp', src: ip, dst: o.ip, srcMac: i.mac, dstMac: o.mac }),
          arp: { op: 'reply', senderIP: ip, targetIP: o.ip, senderMac: i.mac, targetMac: o.mac },
        };
        const rskb = ctx.w.newSkb();
        ctx.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: 'stack', stage: 'arp', program: 'arp_process', packet: rq, after: reply, action: 'reply', kfuncs: ['arp_rcv', 'arp_process', 'consume_skb'], id: 'datapath.arp.kernelReply', params: { ip, node: n.name }, refs: ['arpRcv'] });
        ctx.w.hop({ conn, skb: rskb, direction: 'reply', node: n.name, where: i.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: reply, action: 'send', taps: [ctx.w.tap(n.name, 'host', i.name, i.ifindex, 'Out', reply)], kfuncs: ['arp_xmit', ...KF.devTx], id: 'datapath.arp.replyOut', params: { iface: i.name, node: n.name }, refs: ['devQueueXmit'] });
        pendingReply = () => arpReplyToClient(ctx, reply, conn, rskb);
      } else {
        const heldLease = l2 && l2.node === n.name && !l2Owner;
        ctx.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: i.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: rq, action: 'drop', taps: [tapIn], kfuncs: [...KF.rx, 'arp_rcv', 'arp_process', 'consume_skb'], events: [fromNet], id: heldLease ? 'datapath.arp.leaseNoIface' : 'datapath.arp.notMine', params: { ip, node: n.name, iface: i.name }, refs: ['fromNetdev', 'arpRcv'] });
      }
    }
    if (pendingReply) pendingReply();
  }
  if (responder) return { kind: responder.kind, mac: responder.i.mac, node: responder.n, iface: responder.i };
  if (otherClient) {
    const reply: PacketView = {
      ...pkt({ proto: 'arp', src: ip, dst: o.ip, srcMac: otherClient.mac, dstMac: o.mac }),
      arp: { op: 'reply', senderIP: ip, targetIP: o.ip, senderMac: otherClient.mac, targetMac: o.mac },
    };
    arpReplyToClient(ctx, reply, conn, ctx.w.newSkb());
    return { kind: 'client', mac: otherClient.mac, node: null, iface: null };
  }
  return { kind: 'none', mac: null, node: null, iface: null };
}

function arpReplyToClient(ctx: Ctx, reply: PacketView, conn: number, skb: number): void {
  const o = ctx.origin;
  ctx.legs.wire(o.cidr ?? '', reply, { conn, direction: 'reply', skb });
  ctx.w.hop({ conn, direction: 'reply', skb: ctx.w.newSkb(), node: o.host, where: o.iface, stage: 'arp', program: 'arp_rcv', packet: reply, action: 'receive', taps: [ctx.w.tap(o.host, 'client', o.iface, o.ifindex, 'In', reply)], kfuncs: [...KF.rxNoTc, 'arp_rcv', 'arp_process', 'consume_skb'], id: 'datapath.arp.clientLearns', params: { ip: reply.src, mac: reply.srcMac ?? '' }, refs: ['arpRcv'] });
}

