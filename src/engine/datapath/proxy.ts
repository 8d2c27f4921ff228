// The L7 load-balancer hand-over to Envoy (TPROXY → Envoy) and Envoy's packets
// back on the client's connection: nodeport_lb4's hairpin to cilium_net →
// cilium_host (bpf/bpf_host.c, bpf/lib/proxy_hairpin.h) or bpf_lxc's per-packet
// L7 mark (bpf/bpf_lxc.c), then TPROXY (bpf/lib/proxy.h, iptables.go) to the listener.
import { t } from '../../i18n';
import type { CurlRequest } from '../../model/types';
import type { EnvoyListener, NodeState, PacketView, PathHop } from '../types';
import type { HttpResponse } from './app';
import { pkt, withPkt } from './builder';
import { GAVE_UP_SYN_MS, connectWait, type Arrival, type Ctx, type Frontend } from './context';
import type { Attempt } from './curl-output';
import { KF, localOut, type Flow } from './legs';

/** What Envoy's side needs from the hand-over. */
interface HandOver {
  svcName: string;
  listener: EnvoyListener;
  proxyPort: number;
  clientIdentity: number;
}

/** From the SYN's arrival (netdev or lxc) to Envoy's listening socket. null = the SYN never left the pod. */
export function handToEnvoy(ctx: Ctx, a: Attempt, req: CurlRequest, node: NodeState, fe: Frontend, arrival: Arrival, syn: PacketView, f: Flow): HandOver | null {
  const svcName = `${fe.svc.namespace}/${fe.svc.name}`;
  const c = ctx.w.connections[f.conn];
  c.label = ctx.origin.kind === 'pod' ? 'pod→envoy' : 'client→envoy';
  c.server = { ip: syn.dst, port: syn.dport, host: `envoy@${node.name}` };
  const listener: EnvoyListener = ctx.state.envoy.find((l) => l.service === svcName) ?? { service: svcName, proxyPort: fe.svc.l7lbProxyPort ?? 0, virtualHosts: [], tlsChains: [] };
  const proxyPort = fe.svc.l7lbProxyPort ?? listener.proxyPort;
  // bpf/lib/proxy.h: MARK_MAGIC_TO_PROXY | (proxy_port << 16) with a __be16 port (iptables.go matches HostToNetwork16(port) << 16)
  const mark = (((((proxyPort & 0xff) << 8) | ((proxyPort >> 8) & 0xff)) << 16) | 0x200) >>> 0;
  const markHex = mark.toString(16);
  const clientIdentity = ctx.origin.pod ? ctx.origin.pod.identity : ctx.legs.identityOf(ctx.origin.ip, node.name);
  const host = ctx.legs.iface(node, 'cilium_host');
  const net = ctx.legs.iface(node, 'cilium_net');
  let beforeStack: PacketView;
  if (arrival.kind === 'netdev') {
    const ifc = arrival.iface;
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: syn, action: 'forward', taps: [ctx.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', syn)], kfuncs: KF.rx, events: [ctx.legs.ev('trace', 'from-network', node.name, syn, { srcId: clientIdentity, ctReport: false })], id: 'datapath.netdev.fromNetwork', params: { node: node.name, iface: ifc.name, dst: syn.dst, port: syn.dport ?? 0 }, refs: ['netifReceive', 'fromNetdev'] });
    const hair = withPkt(syn, { srcMac: ifc.mac, dstMac: host.mac });
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'l7lb-redirect', program: 'nodeport_lb4', tcProgram: null, packet: syn, after: hair, action: 'hand-to-proxy', kfuncs: ['skb_do_redirect'], events: [ctx.legs.ev('trace', 'to-proxy', node.name, syn, { srcId: clientIdentity, ctReport: false })], rewrites: ['L2-REWRITE'], id: 'datapath.lb.l7Redirect', params: { service: svcName, vip: syn.dst, port: syn.dport ?? 0, proxyPort }, refs: ['nodeportLb4', 'hairpin', 'traceNotify'] });
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: net.name, stage: 'l7lb-redirect', program: 'bpf_redirect', packet: hair, action: 'redirect', taps: [ctx.w.tap(node.name, 'host', net.name, net.ifindex, 'Out', hair)], kfuncs: [...KF.devTxNoTc, ...KF.veth], id: 'datapath.proxy.ciliumNet', params: { node: node.name }, refs: ['hairpin', 'vethXmit'] });
    const marked = withPkt(hair, { mark: markHex });
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: host.name, stage: 'tc-ingress', tcProgram: 'cil_to_host', packet: hair, after: marked, action: 'hand-to-proxy', taps: [ctx.w.tap(node.name, 'host', host.name, host.ifindex, 'In', hair)], kfuncs: KF.rxVeth, rewrites: ['MARK'], id: ctx.state.config.bpfTproxy ? 'datapath.proxy.toHostSkAssign' : 'datapath.proxy.toHost', params: { node: node.name, mark: `0x${markHex}`, proxyPort }, refs: ['toHost', 'proxyFirst'] });
    beforeStack = marked;
  } else {
    const pod = arrival.pod;
    const marked = withPkt(syn, { mark: markHex, srcMac: pod.mac, dstMac: ctx.legs.lxcOf(pod).mac });
    const toProxy = ctx.legs.ev('trace', 'to-proxy', node.name, syn, { srcId: pod.identity, ctReport: true });
    const ok = ctx.legs.podEgress(pod, syn, f, true, [toProxy]);
    if (!ok) {
      connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
      return null;
    }
    const last = ctx.w.hops[ctx.w.hops.length - 1] as PathHop | undefined;
    if (last) {
      last.after = marked;
      last.rewrites = ['MARK'];
      last.action = 'hand-to-proxy';
      last.explainId = 'datapath.lxc.perPacketL7';
      last.explain = t('datapath.lxc.perPacketL7', { service: svcName, vip: syn.dst, proxyPort, lxc: ctx.legs.lxcOf(pod).name }, ctx.w.lang);
      last.refs.push({ label: 'cilium/cilium bpf/bpf_lxc.c __per_packet_lb_svc_xlate_4', path: 'bpf/bpf_lxc.c' });
    }
    beforeStack = marked;
  }
  const tproxyPkt = withPkt(beforeStack, { mark: '200' });
  if (ctx.state.config.bpfTproxy) {
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'stack', stage: 'tproxy', program: 'bpf_sk_assign', packet: beforeStack, after: tproxyPkt, action: 'hand-to-proxy', kfuncs: ['ip_rcv', 'ip_rcv_core'], rewrites: ['TPROXY'], id: 'datapath.proxy.skAssign', params: { proxyPort }, refs: ['proxyFirst'] });
  } else {
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'netfilter', stage: 'tproxy', program: 'xt_TPROXY', packet: beforeStack, after: tproxyPkt, action: 'hand-to-proxy', kfuncs: ['ip_rcv', 'ip_rcv_core', 'nf_hook_slow'], rewrites: ['TPROXY'], id: 'datapath.proxy.iptablesTproxy', params: { proxyPort, mark: `0x${markHex}` }, refs: ['iptTproxy', 'tproxyTarget'] });
  }
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'stack', stage: 'kernel-routing', program: 'fib_rules (table 2004)', packet: tproxyPkt, action: 'route', kfuncs: ['ip_route_input_noref', 'ip_local_deliver', 'nf_hook_slow', 'ip_local_deliver_finish'], id: 'datapath.proxy.policyRoute', params: { vip: syn.dst }, refs: ['proxyRoutes', 'ipLocalDeliver'] });
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'socket', stage: 'socket', program: 'tcp_v4_rcv', packet: tproxyPkt, action: 'deliver', kfuncs: ['tcp_v4_rcv', 'tcp_conn_request', 'consume_skb'], id: 'datapath.proxy.envoySocket', params: { node: node.name, proxyPort, vip: syn.dst, port: syn.dport ?? 0 }, refs: ['tcpRcv'] });
  a.connected = true;
  return { svcName, listener, proxyPort, clientIdentity };
}

/** Envoy's side of the client connection: SYN-ACK (with the response summary) back to the client. */
export function clientLegReply(ctx: Ctx, node: NodeState, arrival: Arrival, syn: PacketView, f: Flow, resp: HttpResponse | null, flags = 'S.'): void {
  const o = ctx.origin;
  const rf: Flow = { conn: f.conn, direction: 'reply', skb: ctx.w.newSkb() };
  const p = pkt({ src: syn.dst, sport: syn.dport, dst: syn.src, dport: syn.sport, flags, l7: resp && !syn.tls ? `HTTP/1.1 ${resp.status} ${resp.reason}` : null, tls: syn.tls });
  // the SYN-ACK: tcp_v4_send_synack → ip_build_and_send_pkt (builds the IP header) → ip_local_out; Envoy's
  // reset of an established connection: tcp_send_active_reset → tcp_transmit_skb → __ip_queue_xmit
  const sendFuncs = localOut([flags === 'R.' ? '__ip_queue_xmit' : 'ip_build_and_send_pkt'], true);
  const ref = flags === 'R.' ? 'ipQueueXmit' : 'synackXmit';
  if (arrival.kind === 'netdev') {
    const ifc = arrival.iface;
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: 'socket', stage: 'socket', program: flags === 'R.' ? 'tcp_send_active_reset' : 'tcp_v4_send_synack', packet: p, action: 'send', kfuncs: sendFuncs, id: flags === 'R.' ? 'datapath.envoy.resetOut' : 'datapath.envoy.replyOut', params: { node: node.name, src: p.src, dst: p.dst, iface: ifc.name }, refs: [ref] });
    const out = withPkt(p, { srcMac: ifc.mac, dstMac: o.mac });
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: out, action: 'send', taps: [ctx.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'Out', out)], kfuncs: KF.devTx, events: [ctx.legs.ev('trace', 'to-network', node.name, out, { srcId: 8, ctReport: false, isReply: true })], id: 'datapath.netdev.replyToClient', params: { node: node.name, iface: ifc.name, src: p.src }, refs: ['toNetdev'] });
    ctx.legs.wire(o.cidr ?? '', out, rf);
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: o.host, where: o.iface, stage: 'client', packet: out, action: 'receive', taps: [ctx.w.tap(o.host, 'client', o.iface, o.ifindex, 'In', out)], kfuncs: [...KF.rxNoTc, 'ip_rcv_core', 'ip_local_deliver', 'tcp_v4_rcv'], id: resp ? 'datapath.client.response' : 'datapath.client.handshake', params: { client: o.host, status: resp?.status ?? '-' }, refs: ['tcpRcv'] });
  } else {
    const pod = arrival.pod;
    const reset = flags === 'R.';
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: 'socket', stage: 'socket', program: reset ? 'tcp_send_active_reset' : 'tcp_v4_send_synack', packet: p, action: 'send', kfuncs: sendFuncs, id: reset ? 'datapath.envoy.resetToPod' : 'datapath.envoy.replyToPod', params: { node: node.name, src: p.src, dst: p.dst, lxc: ctx.legs.lxcOf(pod).name }, refs: [ref, 'endpointRoute'] });
    ctx.legs.hostToPod(pod, p, rf, 8);
  }
}
