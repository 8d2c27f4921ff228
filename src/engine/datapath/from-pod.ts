// A request from a pod: the socket LB at connect() (bpf/bpf_sock.c
// cil_sock4_connect: skipped for an L7 load-balancer service, else the backend is
// chosen there and the socket is translated), then pod to pod (lxc.ts), or to a
// host's closed port (RST, net/ipv4/tcp_ipv4.c), or nowhere (net/ipv4/tcp_timer.c).
import type { CurlRequest } from '../../model/types';
import type { MonitorEvent, PodState } from '../types';
import type { HttpRequestView } from './app';
import { pkt, withPkt } from './builder';
import { GAVE_UP_SYN_MS, connectWait, hostHeader, httpDateFor, l7, podOf, type Ctx, type Exchange } from './context';
import { connectFail, type Attempt } from './curl-output';
import { readyEndpoints } from './envoy';
import { ingress } from './ingress';
import { findFrontend } from './lb';
import { KF, type Flow } from './legs';
import { podToPod } from './lxc';
import { takeProxiedBackend } from './pod-app';
import { podByIP } from '../cluster/lookup';
import { pickIndex } from './util';

export function fromPod(ctx: Ctx, a: Attempt, req: CurlRequest, ip: string): Exchange {
  const none: Exchange = { response: null, backend: null, envoyNode: null };
  const me = ctx.origin.pod as PodState;
  const node = ctx.legs.node(me.node);
  const fe = findFrontend(ctx.state, ip, req.port, true);
  const sport = a.sport ?? 0;
  const view: HttpRequestView = { method: req.headOnly ? 'HEAD' : req.method, path: req.path, host: hostHeader(req), headers: a.requestHeaders.map(([n, v]) => [n.toLowerCase(), v]), remoteIP: me.ip, remotePort: sport };
  if (!node) return none;
  const podName = ctx.legs.podName(me);
  if (fe && fe.svc.l7lb) {
    const conn = ctx.w.conn('tcp', 'pod→envoy', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: `${fe.svc.namespace}/${fe.svc.name}` });
    const f: Flow = { conn, direction: 'request', skb: ctx.w.newSkb() };
    const syn = pkt({ src: me.ip, sport, dst: ip, dport: req.port, flags: 'S', l7: a.tls ? null : l7(req), tls: a.tls });
    ctx.w.hop({ conn: f.conn, direction: f.direction, skb: null, node: me.node, where: `pod:${podName}`, stage: 'socket-lb', program: 'cil_sock4_connect', packet: syn, action: 'connect', id: 'datapath.sock.l7Skip', params: { service: `${fe.svc.namespace}/${fe.svc.name}`, ip, port: req.port }, refs: ['sockLb', 'sockL7Skip'] });
    return ingress(ctx, a, req, node, fe, { kind: 'lxc', pod: me }, syn, f);
  }
  let dst: PodState | undefined;
  if (fe) {
    const eps = readyEndpoints(fe.svc, fe.port.name);
    const conn0 = ctx.w.conn('tcp', 'pod→service', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: `${fe.svc.namespace}/${fe.svc.name}` });
    const before = pkt({ src: me.ip, sport, dst: ip, dport: req.port, flags: 'S' });
    if (eps.length === 0) {
      ctx.w.hop({ conn: conn0, direction: 'request', skb: null, node: me.node, where: `pod:${podName}`, stage: 'socket-lb', program: 'cil_sock4_connect', packet: before, action: 'drop', id: 'datapath.sock.noBackend', params: { service: `${fe.svc.namespace}/${fe.svc.name}` }, refs: ['sockLb'] });
      a.fail = connectFail(a.host, ip, a.port, me.ip, sport, 1, 'Connection refused');
      return none;
    }
    const ep = eps[pickIndex(ctx.state.seed, `sock:${fe.svc.name}:${ctx.n}:${sport}`, eps.length)];
    dst = podOf(ctx.state, ep.pod, ep.ip);
    const dport = ep.port;
    const after = withPkt(before, { dst: ep.ip, dport: ep.port });
    const sockEvents: MonitorEvent[] = [
      ctx.legs.ev('sock', 'pre-xlate-fwd', me.node, before, { verdict: 'TRACED', srcId: me.identity, isReply: false }),
      ctx.legs.ev('sock', 'post-xlate-fwd', me.node, after, { verdict: 'TRANSLATED', srcId: me.identity, isReply: false }),
    ];
    ctx.w.hop({ conn: conn0, direction: 'request', skb: null, node: me.node, where: `pod:${podName}`, stage: 'socket-lb', program: 'cil_sock4_connect', packet: before, after, action: 'rewrite', rewrites: ['SOCK-XLATE'], events: sockEvents, id: 'datapath.sock.xlate', params: { service: `${fe.svc.namespace}/${fe.svc.name}`, vip: `${ip}:${req.port}`, backend: `${ep.ip}:${ep.port}` }, refs: ['sockLb'] });
    const svcInfo = { namespace: fe.svc.namespace, service: fe.svc.name };
    if (!dst) {
      ctx.w.diag('datapath.lb.backendNotPod', { ip: ep.ip, service: `${fe.svc.namespace}/${fe.svc.name}` }, 'warning');
      connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
      return none;
    }
    return podDirect(ctx, a, req, me, dst, dport, sport, conn0, view, svcInfo);
  }
  dst = podByIP(ctx.state.pods, ip);
  if (dst) {
    const conn = ctx.w.conn('tcp', 'pod→pod', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: ctx.legs.podName(dst) });
    return podDirect(ctx, a, req, me, dst, req.port, sport, conn, view, null);
  }
  const target = ctx.state.nodes.find((n) => n.interfaces.some((i) => i.ip === ip) || n.ingressIP === ip);
  const conn = ctx.w.conn('tcp', 'pod→host', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: target?.name ?? ip });
  const f: Flow = { conn, direction: 'request', skb: ctx.w.newSkb() };
  const syn = pkt({ src: me.ip, sport, dst: ip, dport: req.port, flags: 'S', l7: l7(req) });
  if (!ctx.legs.podEgress(me, syn, f, true)) {
    connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
    return none;
  }
  if (target) {
    if (target.name !== node.name) ctx.legs.crossNodes(node, target, syn, f, me.identity, 'lxc');
    ctx.legs.hostSocket(target, syn, f, 'datapath.stack.closedPort', { port: req.port, node: target.name }, [...(target.name === node.name ? KF.localIn : KF.localInList), 'tcp_v4_send_reset', 'ip_send_unicast_reply']);
    a.fail = connectFail(a.host, ip, a.port, me.ip, sport, 1, 'Connection refused');
    return none;
  }
  ctx.w.diag('datapath.pod.outside', { ip }, 'warning');
  ctx.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'stack', stage: 'kernel-routing', packet: syn, action: 'drop', id: 'datapath.pod.outside', params: { ip }, refs: [] });
  connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
  return none;
}

function podDirect(ctx: Ctx, a: Attempt, req: CurlRequest, me: PodState, dst: PodState, dport: number, sport: number, conn: number, view: HttpRequestView, svc: { namespace: string; service: string } | null): Exchange {
  const resp = podToPod(ctx, me, dst, dport, sport, conn, view);
  if (!resp) {
    connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
    return { response: null, backend: null, envoyNode: null };
  }
  a.connected = true;
  return {
    response: { ...resp, headers: [...resp.headers.filter(([n]) => n !== 'date'), ['date', httpDateFor(ctx.state)]] },
    backend: takeProxiedBackend(ctx) ?? { namespace: dst.namespace, service: svc?.service ?? '', pod: dst.name, node: dst.node },
    envoyNode: null,
  };
}
