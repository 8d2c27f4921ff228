// An ordinary LoadBalancer / NodePort / externalIP service: the frontend lookup,
// then nodeport_lb4's backend choice with DNAT (and SNAT to a remote node), the
// pod's answer, and rev_nodeport_lb4's reverse NAT back to the client
// (bpf/lib/nodeport.h, bpf/bpf_host.c cil_from_netdev / cil_to_netdev).
import type { CurlRequest } from '../../model/types';
import type { ClusterState, NetIf, NodeState, PacketView } from '../types';
import type { HttpRequestView, HttpResponse } from './app';
import { pkt, withPkt } from './builder';
import { GAVE_UP_SYN_MS, connectWait, hostHeader, httpDateFor, podOf, type Ctx, type Exchange, type Frontend } from './context';
import type { Attempt } from './curl-output';
import { readyEndpoints } from './envoy';
import { KF, type Flow } from './legs';
import { app, takeProxiedBackend } from './pod-app';
import { ephemeralPort, pickIndex } from './util';

export function findFrontend(state: ClusterState, ip: string, port: number, fromPod: boolean): Frontend | null {
  for (const svc of state.services) {
    for (const sp of svc.ports) {
      if (sp.protocol !== 'TCP') continue;
      if (sp.port === port && svc.type === 'LoadBalancer' && svc.externalIP === ip) return { svc, port: sp, via: 'loadbalancer' };
      if (sp.port === port && svc.externalIPs.includes(ip)) return { svc, port: sp, via: 'externalIP' };
      if (fromPod && sp.port === port && svc.clusterIP === ip) return { svc, port: sp, via: 'clusterip' };
      if (sp.nodePort === port && state.nodes.some((n) => n.interfaces.some((i) => i.ip === ip && i.kind === 'physical'))) return { svc, port: sp, via: 'nodeport' };
    }
  }
  return null;
}

export function nodeport(ctx: Ctx, a: Attempt, req: CurlRequest, node: NodeState, fe: Frontend, ifc: NetIf, syn: PacketView, f: Flow): Exchange {
  const none: Exchange = { response: null, backend: null, envoyNode: null };
  const svcName = `${fe.svc.namespace}/${fe.svc.name}`;
  ctx.w.connections[f.conn].label = 'client→service';
  const clientId = ctx.legs.identityOf(ctx.origin.ip, node.name);
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: syn, action: 'forward', taps: [ctx.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', syn)], kfuncs: KF.rx, events: [ctx.legs.ev('trace', 'from-network', node.name, syn, { srcId: clientId, ctReport: false })], id: 'datapath.netdev.fromNetwork', params: { node: node.name, iface: ifc.name, dst: syn.dst, port: syn.dport ?? 0 }, refs: ['netifReceive', 'fromNetdev'] });
  let eps = readyEndpoints(fe.svc, fe.port.name);
  if (fe.svc.externalTrafficPolicy === 'Local' && fe.via !== 'clusterip') eps = eps.filter((e) => e.node === node.name);
  if (eps.length === 0) {
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'service-lb', program: 'nodeport_lb4', packet: syn, action: 'drop', kfuncs: ['kfree_skb_reason'], events: [ctx.legs.ev('drop', 'Service backend not found', node.name, syn, { verdict: 'DROPPED', srcId: clientId, isReply: false })], id: fe.svc.externalTrafficPolicy === 'Local' ? 'datapath.lb.noLocalBackend' : 'datapath.lb.noBackend', params: { service: svcName, node: node.name }, refs: ['nodeportLb4'] });
    connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
    return none;
  }
  const ep = eps[pickIndex(ctx.state.seed, `lb:${svcName}:${ctx.n}:${a.sport}`, eps.length)];
  const pod = podOf(ctx.state, ep.pod, ep.ip);
  const podNode = ctx.legs.node(pod?.node ?? ep.node);
  if (!pod || !podNode) {
    ctx.w.diag('datapath.lb.backendNotPod', { ip: ep.ip, service: svcName }, 'warning');
    connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
    return none;
  }
  const remote = podNode.name !== node.name;
  const snat = remote;
  const natSport = snat ? ephemeralPort(ctx.state.seed, `snat:${node.name}:${a.sport}`) : syn.sport;
  const dnat = withPkt(syn, { dst: ep.ip, dport: ep.port, ...(snat ? { src: ifc.ip ?? node.internalIP, sport: natSport } : {}) });
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'service-lb', program: 'nodeport_lb4', packet: syn, after: dnat, action: remote ? 'redirect' : 'forward', kfuncs: remote ? ['skb_do_redirect'] : [], rewrites: snat ? ['DNAT', 'SNAT'] : ['DNAT'], id: remote ? 'datapath.lb.dnatSnat' : 'datapath.lb.dnat', params: { service: svcName, vip: `${syn.dst}:${syn.dport ?? 0}`, backend: `${ep.ip}:${ep.port}`, pod: ctx.legs.podName(pod), node: podNode.name, snat: dnat.src }, refs: snat ? ['nodeportLb4', 'nodeportNat'] : ['nodeportLb4'] });
  const srcId = remote ? ctx.legs.identityOf(dnat.src, podNode.name) : clientId;
  if (remote) ctx.legs.crossNodes(node, podNode, dnat, f, srcId, 'host', true);
  if (!ctx.legs.deliverFromTc(pod, dnat, f, srcId, 'netdev')) {
    connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
    return none;
  }
  a.connected = true;
  const view: HttpRequestView = { method: req.headOnly ? 'HEAD' : req.method, path: req.path, host: hostHeader(req), headers: a.requestHeaders.map(([n, v]) => [n.toLowerCase(), v]), remoteIP: dnat.src, remotePort: dnat.sport ?? 0 };
  const got = app(ctx, pod, view, f.conn);
  const resp: HttpResponse = { ...got, headers: [...got.headers.filter(([n]) => n !== 'date'), ['date', httpDateFor(ctx.state)]] };
  // reply: pod → (node) → reverse NAT → client
  const rf: Flow = { conn: f.conn, direction: 'reply', skb: ctx.w.newSkb() };
  const back = pkt({ src: ep.ip, sport: ep.port, dst: dnat.src, dport: dnat.sport, flags: 'S.', l7: `HTTP/1.1 ${resp.status} ${resp.reason}` });
  ctx.legs.podEgress(pod, back, rf, false);
  const revd = pkt({ src: syn.dst, sport: syn.dport, dst: syn.src, dport: syn.sport, flags: 'S.', l7: back.l7, srcMac: ifc.mac, dstMac: ctx.origin.mac });
  if (remote) {
    ctx.legs.crossNodes(podNode, node, back, rf, pod.identity, 'lxc');
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'service-lb', program: 'rev_nodeport_lb4', packet: back, after: revd, action: 'redirect', kfuncs: ['skb_do_redirect'], rewrites: ['REV-SNAT', 'REV-DNAT'], id: 'datapath.lb.revNat', params: { vip: `${syn.dst}:${syn.dport ?? 0}`, client: syn.src }, refs: ['nodeportRevNat'] });
  } else {
    ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ctx.legs.lxcOf(pod).name, stage: 'service-lb', program: 'cil_from_container', packet: back, after: revd, action: 'redirect', kfuncs: ['skb_do_redirect'], rewrites: ['REV-DNAT'], id: 'datapath.lb.revDnatLocal', params: { vip: `${syn.dst}:${syn.dport ?? 0}`, client: syn.src, iface: ifc.name }, refs: ['nodeportRevNat', 'redirectNeigh'] });
  }
  ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: revd, action: 'send', taps: [ctx.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'Out', revd)], kfuncs: KF.devTx, events: [ctx.legs.ev('trace', 'to-network', node.name, revd, { srcId: pod.identity, isReply: true })], id: 'datapath.netdev.replyToClient', params: { node: node.name, iface: ifc.name, src: revd.src }, refs: ['toNetdev'] });
  ctx.legs.wire(ctx.origin.cidr ?? '', revd, rf);
  ctx.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: ctx.origin.host, where: ctx.origin.iface, stage: 'client', packet: revd, action: 'receive', taps: [ctx.w.tap(ctx.origin.host, 'client', ctx.origin.iface, ctx.origin.ifindex, 'In', revd)], kfuncs: [...KF.rxNoTc, 'ip_rcv_core', 'ip_local_deliver', 'tcp_v4_rcv'], id: 'datapath.client.response', params: { client: ctx.origin.host, status: resp.status }, refs: ['tcpRcv'] });
  const proxied = takeProxiedBackend(ctx);
  return { response: resp, backend: proxied ?? { namespace: fe.svc.namespace, service: fe.svc.name, pod: pod.name, node: pod.node }, envoyNode: null };
}
