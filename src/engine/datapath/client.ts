// An outside client's request: curl's connect on the client, ARP, the frame on
// the wire, and what the receiving node's cil_from_netdev (bpf/bpf_host.c) makes
// of it: an L7 load-balancer service (→ proxy), a LoadBalancer/NodePort service
// (→ lb), the node's own closed port (RST, net/ipv4/tcp_ipv4.c), or a VIP without that port.
import type { CurlRequest } from '../../model/types';
import type { NodeState, PacketView } from '../types';
import { arpOnSegment, noArpMs } from './arp';
import { pkt, withPkt } from './builder';
import { GAVE_UP_SYN_MS, connectWait, l7, type Ctx, type Exchange } from './context';
import { connectFail, type Attempt } from './curl-output';
import { ingress } from './ingress';
import { KF, localOut, type Flow } from './legs';
import { findFrontend, nodeport } from './lb';
import { inCidr } from './util';

export function fromClient(ctx: Ctx, a: Attempt, req: CurlRequest, ip: string): Exchange {
  const o = ctx.origin;
  const none: Exchange = { response: null, backend: null, envoyNode: null };
  const conn = ctx.w.conn('tcp', 'client→host', { ip: o.ip, port: a.sport, host: o.host }, { ip, port: req.port, host: ip });
  const skb = ctx.w.newSkb();
  const syn = pkt({ src: o.ip, sport: a.sport, dst: ip, dport: req.port, flags: 'S', srcMac: o.mac, l7: a.tls ? null : l7(req), tls: a.tls });
  const f: Flow = { conn, direction: 'request', skb };
  if (!inCidr(ip, o.cidr)) {
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: 'curl', stage: 'client', packet: syn, action: 'drop', kfuncs: [], id: 'datapath.client.noRoute', params: { dst: ip, client: o.host, cidr: o.cidr ?? '-' }, refs: ['curlConnect'] });
    a.fail = connectFail(a.host, ip, a.port, o.ip, a.sport, 0, 'Network is unreachable');
    return none;
  }
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: 'curl', stage: 'client', packet: syn, action: 'connect', kfuncs: KF.ipTx, id: 'datapath.client.connect', params: { client: o.host, dst: ip, port: req.port, sport: a.sport ?? 0 }, refs: ['curlConnect', 'neighResolve'] });
  const arp = arpOnSegment(ctx, ip, req);
  if (!arp.mac || !arp.node) {
    if (arp.kind === 'client' && arp.mac) {
      // another plain host on the segment: nothing listens there in the lab model
      return refusedBy(ctx, a, req, syn, f, arp.mac, null);
    }
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: 'curl', stage: 'client', packet: syn, action: 'drop', kfuncs: ['kfree_skb_reason'], id: 'datapath.arp.unanswered', params: { dst: ip, ms: noArpMs(ctx.state) }, refs: ['arpFail'] });
    connectWait(a, req, noArpMs(ctx.state), 'No route to host');
    return none;
  }
  const node = arp.node;
  const ifc = arp.iface ?? ctx.legs.iface(node, 'eth1');
  const onWire = withPkt(syn, { dstMac: ifc.mac });
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: o.iface, stage: 'client', packet: onWire, action: 'send', taps: [ctx.w.tap(o.host, 'client', o.iface, o.ifindex, 'Out', onWire)], kfuncs: KF.devTxNoTc, id: 'datapath.client.send', params: { client: o.host, iface: o.iface }, refs: ['devQueueXmit'] });
  ctx.legs.wire(o.cidr ?? '', onWire, f);
  const fe = findFrontend(ctx.state, ip, req.port, false);
  if (fe && fe.svc.l7lb) return ingress(ctx, a, req, node, fe, { kind: 'netdev', iface: ifc }, onWire, f);
  if (fe) return nodeport(ctx, a, req, node, fe, ifc, onWire, f);
  if (node.interfaces.some((i) => i.ip === ip)) return refusedBy(ctx, a, req, onWire, f, ifc.mac, node);
  // an announced VIP without that port: Cilium's wildcard service entry drops it
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'service-lb', tcProgram: 'cil_from_netdev', program: 'nodeport_lb4', packet: onWire, action: 'drop', taps: [ctx.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', onWire)], kfuncs: [...KF.rx, 'kfree_skb_reason'], events: [ctx.legs.ev('trace', 'from-network', node.name, onWire, { ctReport: false }), ctx.legs.ev('drop', 'Service backend not found', node.name, onWire, { verdict: 'DROPPED', isReply: false })], id: 'datapath.lb.noPort', params: { vip: ip, port: req.port }, refs: ['fromNetdev', 'nodeportLb4'] });
  connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
  return none;
}

/** A closed port: the kernel answers the SYN with RST. net/ipv4/tcp_ipv4.c tcp_v4_send_reset */
function refusedBy(ctx: Ctx, a: Attempt, req: CurlRequest, syn: PacketView, f: Flow, mac: string, node: NodeState | null): Exchange {
  const o = ctx.origin;
  if (node) {
    const ifc = node.interfaces.find((i) => i.mac === mac) ?? ctx.legs.iface(node, 'eth1');
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: syn, action: 'forward', taps: [ctx.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', syn)], kfuncs: KF.rx, events: [ctx.legs.ev('trace', 'from-network', node.name, syn, { ctReport: false }), ctx.legs.ev('trace', 'to-stack', node.name, syn, { ctReport: true })], id: 'datapath.netdev.toStack', params: { node: node.name, iface: ifc.name }, refs: ['fromNetdev'] });
    ctx.legs.hostSocket(node, syn, f, 'datapath.stack.closedPort', { port: req.port, node: node.name }, [...KF.localInList, 'tcp_v4_send_reset', 'ip_send_unicast_reply', 'kfree_skb_reason']);
    const rst = pkt({ src: syn.dst, sport: syn.dport, dst: syn.src, dport: syn.sport, flags: 'R.', srcMac: ifc.mac, dstMac: o.mac });
    const rf: Flow = { conn: f.conn, direction: 'reply', skb: ctx.w.newSkb() };
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: rst, action: 'send', taps: [ctx.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'Out', rst)], kfuncs: [...localOut([], true), ...KF.devTx], events: [ctx.legs.ev('trace', 'to-network', node.name, rst, { ctReport: false, isReply: true })], id: 'datapath.netdev.rstOut', params: { node: node.name, iface: ifc.name }, refs: ['tcpRst', 'toNetdev'] });
    ctx.legs.wire(o.cidr ?? '', rst, rf);
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: o.host, where: o.iface, stage: 'client', packet: rst, action: 'receive', taps: [ctx.w.tap(o.host, 'client', o.iface, o.ifindex, 'In', rst)], kfuncs: [...KF.rxNoTc, 'ip_rcv_core', 'tcp_v4_rcv', 'tcp_reset'], id: 'datapath.client.refused', params: { dst: syn.dst, port: req.port }, refs: ['tcpRst', 'curlConnect'] });
  } else {
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: o.iface, stage: 'client', packet: syn, action: 'drop', id: 'datapath.client.refused', params: { dst: syn.dst, port: req.port }, refs: ['tcpRst', 'curlConnect'] });
  }
  a.fail = connectFail(a.host, a.ip ?? '', a.port, a.srcIP, a.sport, 2, 'Connection refused');
  return { response: null, backend: null, envoyNode: null };
}
