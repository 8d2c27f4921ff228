// Cilium Ingress (L7 LB) → Envoy: after the hand-over (proxy.ts), the listener,
// TLS termination by SNI, the route, reserved:ingress policy both ways, the
// upstream choice and Envoy's new connection to the backend pod. envoy.ts makes the
// decisions (cilium/proxy, envoyproxy/envoy, operator/pkg/model/translation); this builds their hops.
import type { CurlRequest } from '../../model/types';
import type { EndpointAddress, MonitorEvent, NodeState, PacketView, PathHop, PodState } from '../types';
import { envoyResponse, type HttpRequestView, type HttpResponse } from './app';
import { pkt, withPkt, type Walk } from './builder';
import { httpDateFor, hostHeader, l7, limitMs, podOf, type Arrival, type Ctx, type Exchange, type Frontend } from './context';
import type { Attempt } from './curl-output';
import { chooseBackend, chooseFilterChain, curlCertVerdict, matchRoute, selectVirtualHost } from './envoy';
import { KF, type Flow } from './legs';
import { app } from './pod-app';
import { policyVerdict } from './policy';
import { clientLegReply, handToEnvoy } from './proxy';
import { ephemeralPort, hash, inCidr, isIPv4, isPrivate } from './util';

function uuidFrom(seed: number, salt: string): string {
  const h = [hash(`${seed}a${salt}`), hash(`${seed}b${salt}`), hash(`${seed}c${salt}`), hash(`${seed}d${salt}`)].map((x) => x.toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function ingress(ctx: Ctx, a: Attempt, req: CurlRequest, node: NodeState, fe: Frontend, arrival: Arrival, syn: PacketView, f: Flow): Exchange {
  const hand = handToEnvoy(ctx, a, req, node, fe, arrival, syn, f);
  if (!hand) return { response: null, backend: null, envoyNode: null };
  const { svcName, listener, proxyPort, clientIdentity } = hand;
  const envoyNode = node.name;
  const e: Flow = { conn: f.conn, direction: 'request', skb: null as unknown as number };
  const envoyHop = (stage: PathHop['stage'], action: PathHop['action'], id: string, params: Record<string, string | number>, refs: Parameters<Walk['hop']>[0]['refs'], events: MonitorEvent[] = [], rewrites: string[] = []) =>
    ctx.w.hop({ conn: e.conn, direction: e.direction, skb: null, node: envoyNode, where: 'envoy', stage, program: 'envoy', packet: withPkt(syn, { l7: l7(req), tcpFlags: 'P.', mark: null }), action, events, rewrites, id, params, refs });
  envoyHop('envoy-listener', 'terminate', 'datapath.envoy.listener', { node: envoyNode, proxyPort, vip: syn.dst, port: syn.dport ?? 0, service: svcName }, ['iptTproxy', 'envoyL7Policy']);

  const finish = (resp: HttpResponse, backend: Exchange['backend']): Exchange => {
    clientLegReply(ctx, node, arrival, syn, f, resp);
    return { response: resp, backend, envoyNode };
  };
  const authority = hostHeader(req);
  const reqSummary = `HTTP/1.1 ${req.headOnly ? 'HEAD' : req.method} ${req.scheme}://${authority}${req.path}`;
  const clientPeer = { ip: ctx.origin.ip, port: a.sport, identity: 8, name: ctx.origin.pod ? ctx.legs.podName(ctx.origin.pod) : null };
  const svcPeer = { ip: syn.dst, port: syn.dport, identity: 2, name: svcName };
  const l7ev = (kind: 'http-request' | 'http-response', dst: MonitorEvent['dst'], verdict: MonitorEvent['verdict'], summary: string): MonitorEvent => {
    const isReply = kind === 'http-response';
    return { kind: 'l7', point: kind, node: envoyNode, src: isReply ? dst : clientPeer, dst: isReply ? clientPeer : dst, isReply, verdict, ctReport: true, summary };
  };

  // TLS termination by SNI
  if (req.scheme === 'https') {
    const sni = isIPv4(req.host) ? null : req.host;
    const chain = chooseFilterChain(listener, sni);
    if (!chain || chain.secretMissing || !chain.certificate) {
      envoyHop('envoy-tls', 'drop', chain ? 'datapath.envoy.tlsSecretMissing' : sni ? 'datapath.envoy.tlsNoChain' : 'datapath.envoy.tlsNoSni', { sni: sni ?? '-', secret: chain?.secret ?? '-' }, ['envoyFilterChain', 'ingressTranslation']);
      a.fail = {
        exit: 35,
        message: `OpenSSL SSL_connect: Connection reset by peer in connection to ${req.host}:${req.port} `,
        verbose: [`* OpenSSL SSL_connect: Connection reset by peer in connection to ${req.host}:${req.port} `, '* Closing connection'],
      };
      clientLegReply(ctx, node, arrival, syn, f, null, 'R.');
      return { response: null, backend: null, envoyNode };
    }
    const verdict = curlCertVerdict(req, chain.certificate, ctx.state.clock);
    if (!verdict.ok) {
      envoyHop('envoy-tls', 'terminate', 'datapath.envoy.tlsCurlRejects', { sni: sni ?? '-', secret: chain.secret ?? '-', why: verdict.message }, ['envoyFilterChain', 'curlTls'], [], ['TLS-TERMINATE']);
      a.fail = { exit: 60, message: verdict.message, verbose: [`* ${verdict.message}`, '* Closing connection'] };
      clientLegReply(ctx, node, arrival, syn, f, null);
      return { response: null, backend: null, envoyNode };
    }
    envoyHop('envoy-tls', 'terminate', 'datapath.envoy.tls', { sni: sni ?? '-', secret: chain.secret ?? '-', synced: chain.syncedSecret ?? '-' }, ['envoyFilterChain', 'ingressTranslation'], [], ['TLS-TERMINATE']);
  }

  // route
  const vh = selectVirtualHost(listener, authority);
  const route = vh ? matchRoute(vh, authority, req.path) : null;
  const envoyHeaders = (): [string, string][] => [['date', httpDateFor(ctx.state)], ['server', 'envoy']];
  if (!route) {
    envoyHop('envoy-route', 'reply', 'datapath.envoy.noRoute', { authority, path: req.path, vhost: vh?.name ?? '-' }, ['ingressRoutes'], [l7ev('http-request', svcPeer, 'FORWARDED', reqSummary), l7ev('http-response', svcPeer, 'FORWARDED', `HTTP/1.1 404 0ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
    return finish(envoyResponse(404, [], envoyHeaders()), null);
  }
  const routeText = `${route.match.type} ${route.match.value}`;
  if (route.httpsRedirect && req.scheme === 'http') {
    const location = `https://${authority.replace(/:\d+$/, '')}${req.path}`;
    envoyHop('envoy-route', 'reply', 'datapath.envoy.httpsRedirect', { authority, path: req.path, location }, ['ingressRoutes'], [l7ev('http-request', svcPeer, 'FORWARDED', reqSummary), l7ev('http-response', svcPeer, 'FORWARDED', `HTTP/1.1 301 0ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
    return finish(envoyResponse(301, [], [['location', location], ...envoyHeaders()]), null);
  }
  envoyHop('envoy-route', 'route', 'datapath.envoy.route', { authority, path: req.path, vhost: vh?.name ?? '*', route: routeText, backends: route.backends.map((b) => `${b.namespace}/${b.service}:${b.port}`).join(', ') }, ['ingressRoutes']);

  // policy: ingress of reserved:ingress against the client's identity
  const ingressV = policyVerdict(ctx.state, { subject: 'reserved:ingress', direction: 'ingress', peerIdentity: clientIdentity, peerIP: ctx.origin.ip, port: syn.dport ?? 0, protocol: 'TCP' });
  if (!ingressV.allowed) {
    envoyHop('envoy-policy', 'reply', 'datapath.envoy.ingressDenied', { identity: clientIdentity, client: ctx.origin.ip }, ['envoyL7Policy', 'envoyPolicyState'], [l7ev('http-request', svcPeer, 'DROPPED', reqSummary), l7ev('http-response', svcPeer, 'FORWARDED', `HTTP/1.1 403 0ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
    return finish(envoyResponse(403, ['Access denied'], envoyHeaders()), null);
  }
  // upstream choice
  const choice = chooseBackend(ctx.state, route, `${envoyNode}:${ctx.n}:${a.sport}`);
  if (!choice || !choice.ok) {
    const why = choice ? choice.why : 'no-service';
    envoyHop('envoy-upstream', 'reply', `datapath.envoy.noHealthy.${why}`, { backend: choice ? `${choice.backend.namespace}/${choice.backend.service}:${choice.backend.port}` : '-' }, ['envoyNoHealthy'], [l7ev('http-request', svcPeer, 'FORWARDED', reqSummary), l7ev('http-response', svcPeer, 'FORWARDED', `HTTP/1.1 503 0ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
    const r = envoyResponse(503, ['no healthy upstream'], envoyHeaders());
    r.headers = [['content-length', '19'], ['content-type', 'text/plain'], ...envoyHeaders()];
    r.body = ['no healthy upstream'];
    return finish(r, null);
  }
  const ep = choice.endpoint;
  const pod = podOf(ctx.state, ep.pod, ep.ip);
  const backendPeer = { ip: ep.ip, port: ep.port, identity: pod?.identity ?? ctx.legs.identityOf(ep.ip, envoyNode), name: pod ? ctx.legs.podName(pod) : null };
  const egressV = policyVerdict(ctx.state, { subject: 'reserved:ingress', direction: 'egress', peerIdentity: backendPeer.identity, peerIP: ep.ip, port: ep.port, protocol: 'TCP' });
  if (!egressV.allowed) {
    envoyHop('envoy-policy', 'reply', 'datapath.envoy.egressDenied', { backend: `${ep.ip}:${ep.port}` }, ['envoyL7Policy', 'envoyPolicyState'], [l7ev('http-request', backendPeer, 'DROPPED', reqSummary), l7ev('http-response', backendPeer, 'FORWARDED', `HTTP/1.1 403 0ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
    return finish(envoyResponse(403, ['Access denied'], envoyHeaders()), null);
  }
  envoyHop('envoy-policy', 'forward', ingressV.enforced ? 'datapath.envoy.policyAllowed' : 'datapath.envoy.policyNone', { identity: clientIdentity, policy: ingressV.policy ?? '-' }, ['envoyL7Policy', 'envoyPolicyState']);
  const backend = { namespace: choice.service.namespace, service: choice.service.name, pod: pod?.name ?? ep.ip, node: pod?.node ?? ep.node ?? '' };
  const local = pod ? pod.node === envoyNode : ep.node === envoyNode;
  const defIf = node.interfaces.find((i) => i.name === node.defaultInterface);
  const src = local ? (defIf?.ip ?? node.internalIP) : node.ingressIP;
  envoyHop('envoy-upstream', 'connect', local ? 'datapath.envoy.upstreamLocal' : 'datapath.envoy.upstreamRemote', { pod: backend.pod, node: backend.node, ip: ep.ip, port: ep.port, src, ingressIP: node.ingressIP }, ['envoySourceAddr', 'envoyMark', 'envoyXff'], [l7ev('http-request', backendPeer, 'FORWARDED', reqSummary)], ['NEW-CONNECTION']);

  const headersToApp = upstreamHeaders(a.requestHeaders, authority, ctx.origin.ip, req.scheme, uuidFrom(ctx.state.seed, `${ctx.n}:${a.sport}`));
  const sport = ephemeralPort(ctx.state.seed, `envoy:${envoyNode}:${ctx.n}:${a.sport}`);
  const view: HttpRequestView = { method: req.headOnly ? 'HEAD' : req.method, path: req.path, host: authority, headers: headersToApp, remoteIP: src, remotePort: sport };
  const got = pod ? envoyUpstream(ctx, node, pod, ep, src, sport, view) : null;
  if (!got) {
    // the upstream SYN was dropped: Envoy's connect timeout (5 s) then 503
    const limit = limitMs(req);
    envoyHop('envoy-upstream', 'reply', 'datapath.envoy.upstreamTimeout', { ip: ep.ip, port: ep.port }, ['envoyNoHealthy'], [l7ev('http-response', backendPeer, 'FORWARDED', `HTTP/1.1 503 5000ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
    if (limit !== null && limit < 5000) {
      a.fail = { exit: 28, message: `Operation timed out after ${limit + 1} milliseconds with 0 bytes received`, verbose: [`* Operation timed out after ${limit + 1} milliseconds with 0 bytes received`, '* Closing connection'] };
      return { response: null, backend, envoyNode };
    }
    const body = 'upstream connect error or disconnect/reset before headers. reset reason: connection timeout';
    const r = envoyResponse(503, [body], envoyHeaders());
    r.headers = [['content-length', String(body.length)], ['content-type', 'text/plain'], ...envoyHeaders()];
    return finish(r, backend);
  }
  const resp: HttpResponse = {
    ...got,
    headers: [
      ...got.headers.filter(([n]) => n.toLowerCase() === 'content-type' || n.toLowerCase() === 'location'),
      ['server', 'envoy'],
      ['date', httpDateFor(ctx.state)],
      ...got.headers.filter(([n]) => n.toLowerCase() === 'content-length'),
      ['x-envoy-upstream-service-time', String(1 + (ctx.state.seed % 7))],
    ],
  };
  const relay = envoyHop('envoy-upstream', 'forward', 'datapath.envoy.relay', { status: resp.status, pod: backend.pod }, ['envoyL7Policy'], [l7ev('http-response', backendPeer, 'FORWARDED', `HTTP/1.1 ${resp.status} ${1 + (ctx.state.seed % 7)}ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
  if (relay) relay.direction = 'reply';
  return finish(resp, backend);
}

/** Envoy's new connection to the backend pod, and the pod's answer. null = the SYN never arrived. */
function envoyUpstream(ctx: Ctx, node: NodeState, pod: PodState, ep: EndpointAddress, src: string, sport: number, view: HttpRequestView): HttpResponse | null {
  const conn = ctx.w.conn('tcp', 'envoy→backend', { ip: src, port: sport, host: node.name }, { ip: ep.ip, port: ep.port, host: ctx.legs.podName(pod) });
  const skb = ctx.w.newSkb();
  const f: Flow = { conn, direction: 'request', skb };
  const syn = pkt({ src, sport, dst: ep.ip, dport: ep.port, flags: 'S', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host} X-Forwarded-For: ${view.headers.find(([n]) => n === 'x-forwarded-for')?.[1] ?? ''}`, mark: '80b00' });
  const podNode = ctx.legs.node(pod.node);
  if (pod.node === node.name) {
    const lxc = ctx.legs.lxcOf(pod);
    const routeText = ctx.state.config.endpointRoutes ? `${pod.ip} dev ${lxc.name}` : `${node.podCIDR} via ${node.ciliumHostIP} dev cilium_host`;
    ctx.legs.hostRoute(node, syn, f, routeText, 'datapath.route.envoyLocal', { lxc: lxc.name });
    if (!ctx.legs.hostToPod(pod, syn, f, 8)) return null;
  } else {
    if (!podNode) return null;
    const r = node.routes.find((x) => x.dst !== 'default' && inCidr(pod.ip, x.dst) && x.dev !== 'cilium_host') ?? node.routes.find((x) => inCidr(pod.ip, x.dst));
    const routeText = r ? `${r.dst}${r.via ? ` via ${r.via}` : ''} dev ${r.dev}` : `${pod.ip} via ${podNode.internalIP}`;
    ctx.legs.hostRoute(node, syn, f, routeText, ctx.state.config.routingMode === 'tunnel' ? 'datapath.route.envoyTunnel' : 'datapath.route.envoyRemote');
    ctx.legs.crossNodes(node, podNode, syn, f, 8, 'host');
    if (!ctx.legs.deliverFromTc(pod, syn, f, 8, 'netdev')) return null;
  }
  const resp = app(ctx, pod, view, conn);
  const rf: Flow = { conn, direction: 'reply', skb: ctx.w.newSkb() };
  const synack = pkt({ src: ep.ip, sport: ep.port, dst: src, dport: sport, flags: 'S.', l7: `HTTP/1.1 ${resp.status} ${resp.reason}` });
  ctx.legs.podEgress(pod, synack, rf, false);
  if (pod.node === node.name) {
    const last = ctx.w.hops[ctx.w.hops.length - 1];
    last.events.push(ctx.legs.ev('trace', 'to-stack', node.name, synack, { srcId: pod.identity, dstId: 8, isReply: true }));
    ctx.legs.lxcToStack(node, synack, rf);
  } else if (podNode) {
    ctx.legs.crossNodes(podNode, node, synack, rf, pod.identity, 'lxc');
    const last = ctx.w.hops[ctx.w.hops.length - 1];
    last.events.push(ctx.legs.ev('trace', 'to-stack', node.name, synack, { srcId: pod.identity, dstId: 8, isReply: true }));
    ctx.legs.hostSocket(node, synack, rf, 'datapath.stack.toEnvoy', { node: node.name }, KF.localInList);
  }
  return resp;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1): a proxy does not forward them. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te']);
/** The headers Envoy's connection manager writes itself (use_remote_address: true); a client's own are not passed on as they are. */
const ENVOY_SET = new Set(['x-forwarded-proto', 'x-request-id', 'x-envoy-internal', 'x-envoy-external-address']);

/**
 * The request as Envoy forwards it upstream (names lower-cased, as Envoy's HTTP/1 codec writes
 * them): the authority as host, the client's own headers (curl's User-Agent and Accept, every -H)
 * minus hop-by-hop ones, the client IP appended to X-Forwarded-For, X-Forwarded-Proto. Cilium's HCM
 * has use_remote_address with the RFC 1918 ranges internal (shared/domain control-plane-notes B9),
 * and Envoy calls a request internal only when the client sent no X-Forwarded-For and its address
 * is internal (envoyproxy/envoy source/common/http/conn_manager_utility.cc mutateRequestHeaders):
 * an internal request gets x-envoy-internal and keeps a X-Request-Id it brought; any other is an
 * edge request, with X-Envoy-External-Address and a fresh X-Request-Id.
 */
function upstreamHeaders(fromClient: [string, string][], authority: string, clientIP: string, scheme: string, requestId: string): [string, string][] {
  const out: [string, string][] = [['host', authority]];
  let xff: string | null = null;
  let ownId: string | null = null;
  for (const [name, value] of fromClient) {
    const n = name.toLowerCase();
    if (n === 'host' || HOP_BY_HOP.has(n) || ENVOY_SET.has(n)) {
      if (n === 'x-request-id' && ownId === null) ownId = value;
      continue;
    }
    if (n === 'x-forwarded-for') xff = xff === null ? value : `${xff}, ${value}`;
    else out.push([n, value]);
  }
  const internal = xff === null && isPrivate(clientIP);
  out.push(['x-forwarded-for', xff === null ? clientIP : `${xff}, ${clientIP}`], ['x-forwarded-proto', scheme]);
  out.push(internal ? ['x-envoy-internal', 'true'] : ['x-envoy-external-address', clientIP]);
  out.push(['x-request-id', internal && ownId !== null ? ownId : requestId]);
  return out;
}
