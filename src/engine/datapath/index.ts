// The datapath's face: walk(state, request) follows one curl request hop by
// hop through the cluster, both directions, and records at each hop what the
// observers need (taps, kernel functions, tc programs, monitor events, skb ids).
// Pure and deterministic; never throws (bad input becomes an outcome + diagnostics).
import { t } from '../../i18n';
import { blankCurlRequest, parseCurl } from '../../model/curl';
import type { CurlRequest, Diagnostic } from '../../model/types';
import type {
  ClusterState,
  EndpointAddress,
  EnvoyListener,
  IngressRuleState,
  MonitorEvent,
  NetIf,
  NodeState,
  PacketView,
  PathHop,
  PathTrace,
  PodState,
  ServicePortState,
  ServiceState,
  TraceOutcome,
  TraceRequest,
} from '../types';
import { appKind, appRespond, envoyResponse, type HttpRequestView, type HttpResponse } from './app';
import { Walk, pkt, withPkt } from './builder';
import { curlUsageLines, parseUrl } from './curl-parse';
import { CURL_UA, connectFail, curlOutcome, type Attempt } from './curl-output';
import { chooseBackend, chooseFilterChain, curlCertVerdict, matchRoute, readyEndpoints, selectVirtualHost } from './envoy';
import { KF, Legs, localOut, type Flow } from './legs';
import { nodeHasIP, podByIP, podByNsName } from '../cluster/lookup';
import { policyVerdict } from './policy';
import { ephemeralPort, hash, inCidr, isIPv4, isPrivate, macFromIP, pickIndex } from './util';

export { HOP_CAP } from './builder';
export { chooseFilterChain, certCovers, curlCertVerdict, matchRoute, pathMatches, selectVirtualHost } from './envoy';

/** curl's default --max-redirs */
export const MAX_REDIRS = 50;

interface Origin {
  kind: 'client' | 'pod';
  /** client name (or the bare IP) / pod namespace/name */
  host: string;
  ip: string;
  mac: string;
  iface: string;
  ifindex: number;
  cidr: string | null;
  pod: PodState | null;
}

interface Frontend {
  svc: ServiceState;
  port: ServicePortState;
  via: 'loadbalancer' | 'externalIP' | 'nodeport' | 'clusterip';
}

type Arrival = { kind: 'netdev'; iface: NetIf } | { kind: 'lxc'; pod: PodState };

interface Exchange {
  response: HttpResponse | null;
  backend: PathTrace['backend'];
  envoyNode: string | null;
}

/** tcp_syn_retries=6: retransmits after 1, 3, 7, 15, 31, 63 s, gives up at 127 s (net/ipv4/tcp_timer.c). */
const GAVE_UP_SYN_MS = 127_000;

// ================================================================ entry points

/** Walk one request (curl command line + where it is sent from). Never throws. */
export function walk(state: ClusterState, request: TraceRequest, lang = 'en'): PathTrace {
  const parsed = parseCurlSafe(request.curl);
  if ('error' in parsed) return usageError(state, request, parsed.error, parsed.diagnostics, lang);
  try {
    const trace = walkCurl(state, request.from, parsed.request, lang);
    trace.diagnostics.unshift(...parsed.diagnostics.filter((d) => d.severity !== 'error'));
    return trace;
  } catch (e) {
    return internalError(state, request, parsed.request, e, lang);
  }
}

/** Walk an already parsed curl request. Never throws. */
export function walkCurl(state: ClusterState, from: string, req: CurlRequest, lang = 'en'): PathTrace {
  const w = new Walk(lang);
  const base: PathTrace = {
    request: req,
    from,
    outcome: { status: null, error: null, exitCode: 0, output: [], body: null, location: null },
    backend: null,
    envoyNode: null,
    connections: w.connections,
    hops: w.hops,
    diagnostics: w.diagnostics,
    redirects: 0,
  };
  try {
    const origin = resolveOrigin(state, from);
    if (!origin) {
      w.diag('datapath.from.unknown', { from }, 'error', 'datapath.from.unknown.hint');
      base.outcome = {
        status: null,
        error: t('datapath.from.unknown', { from }, lang),
        exitCode: -1,
        output: [t('datapath.from.unknown', { from }, lang)],
        body: null,
        location: null,
      };
      return base;
    }
    const tracer = new Tracer(state, w, origin);
    let current = req;
    const attempts: Attempt[] = [];
    let redirects = 0;
    let maxHit = false;
    let last: Exchange = { response: null, backend: null, envoyNode: null };
    for (;;) {
      const { attempt, exchange } = tracer.run(current, attempts.length);
      attempts.push(attempt);
      last = exchange;
      if (w.capped) break;
      const r = attempt.response;
      const loc = r?.headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
      if (current.followRedirects && r && [301, 302, 303, 307, 308].includes(r.status) && loc) {
        if (redirects >= MAX_REDIRS) {
          maxHit = true;
          break;
        }
        const next = nextRequest(current, loc, r.status);
        if (!next) break;
        redirects += 1;
        current = next;
        continue;
      }
      break;
    }
    base.outcome = curlOutcome(req, attempts, maxHit);
    if (w.capped) {
      w.diag('datapath.hopCap', { cap: w.hops.length });
      base.outcome = { ...base.outcome, exitCode: -1, error: t('datapath.hopCap', { cap: w.hops.length }, lang) };
    }
    base.backend = last.backend;
    base.envoyNode = last.envoyNode;
    base.redirects = redirects;
    return base;
  } catch (e) {
    w.diag('datapath.internal', { error: e instanceof Error ? e.message : String(e) });
    base.outcome = { status: null, error: t('datapath.internal', { error: String(e) }, lang), exitCode: -1, output: [], body: null, location: null };
    return base;
  }
}

// ================================================================ parsing helpers

function parseCurlSafe(line: string): { request: CurlRequest; diagnostics: Diagnostic[] } | { error: string[]; diagnostics: Diagnostic[] } {
  const r = parseCurl(line);
  if (r.request) return { request: r.request, diagnostics: r.diagnostics };
  return { error: curlUsageLines(line, r.diagnostics), diagnostics: r.diagnostics };
}

function usageError(state: ClusterState, request: TraceRequest, lines: string[], diags: Diagnostic[], lang: string): PathTrace {
  void state;
  const w = new Walk(lang);
  w.diag('datapath.curl.usage', { curl: request.curl }, 'error', 'datapath.curl.usage.hint');
  const exit = /^curl: \((\d+)\)/.exec(lines[0] ?? '');
  return {
    request: emptyRequest(request.curl),
    from: request.from,
    outcome: { status: null, error: lines[0] ?? null, exitCode: exit ? Number(exit[1]) : 2, output: lines, body: null, location: null },
    backend: null,
    envoyNode: null,
    connections: [],
    hops: [],
    diagnostics: [...diags, ...w.diagnostics],
    redirects: 0,
  };
}

function internalError(state: ClusterState, request: TraceRequest, req: CurlRequest, e: unknown, lang: string): PathTrace {
  const w = new Walk(lang);
  w.diag('datapath.internal', { error: e instanceof Error ? e.message : String(e) });
  void state;
  return {
    request: req,
    from: request.from,
    outcome: { status: null, error: w.diagnostics[0].message, exitCode: -1, output: [], body: null, location: null },
    backend: null,
    envoyNode: null,
    connections: [],
    hops: [],
    diagnostics: w.diagnostics,
    redirects: 0,
  };
}

const emptyRequest = blankCurlRequest;

/** The request curl makes for a Location (absolute or relative). curl/curl lib/transfer.c Curl_follow */
function nextRequest(req: CurlRequest, location: string, status: number): CurlRequest | null {
  let url = location;
  if (location.startsWith('/')) url = `${req.scheme}://${req.host}${req.port === (req.scheme === 'https' ? 443 : 80) ? '' : `:${req.port}`}${location}`;
  const u = parseUrl(url);
  if (!u) return null;
  const method = status === 303 || ((status === 301 || status === 302) && req.method === 'POST') ? 'GET' : req.method;
  return { ...req, scheme: u.scheme, host: u.host, port: u.port, path: u.path, method };
}

// ================================================================ origin and names

function resolveOrigin(state: ClusterState, from: string): Origin | null {
  const f = from.trim();
  const client = state.clients.find((c) => c.name === f || c.ip === f);
  if (client) return { kind: 'client', host: client.name, ip: client.ip, mac: client.mac, iface: 'eth1', ifindex: 3, cidr: client.cidr, pod: null };
  const pods = state.pods.filter((p) => !p.hostNetwork);
  let pod: PodState | undefined;
  if (f.includes('/')) {
    const [ns, name] = f.split('/');
    pod = pods.find((p) => p.namespace === ns && p.name === name);
  } else {
    pod = pods.find((p) => p.namespace === 'default' && p.name === f) ?? pods.find((p) => p.name === f) ?? pods.find((p) => p.ip === f);
    if (!pod) {
      const byPrefix = pods.filter((p) => p.name.startsWith(`${f}-`));
      if (byPrefix.length > 0) pod = byPrefix[0];
    }
  }
  if (pod) return { kind: 'pod', host: `${pod.namespace}/${pod.name}`, ip: pod.ip, mac: pod.mac ?? macFromIP(pod.ip), iface: 'eth0', ifindex: 2, cidr: null, pod };
  if (isIPv4(f)) {
    const seg =
      state.clients.find((c) => inCidr(f, c.cidr))?.cidr ??
      state.nodes.flatMap((n) => n.interfaces).find((i) => i.kind === 'physical' && i.cidr && inCidr(f, i.cidr) && i.ip !== f)?.cidr;
    if (seg) return { kind: 'client', host: f, ip: f, mac: macFromIP(f), iface: 'eth1', ifindex: 3, cidr: seg, pod: null };
  }
  return null;
}

/** Cluster DNS for pods (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`). kubernetes/dns docs/specification.md */
function clusterDNS(state: ClusterState, name: string, podNs: string): string | null {
  const n = name.replace(/\.$/, '').toLowerCase();
  const parts = n.split('.');
  let svcName: string;
  let ns = podNs;
  if (parts.length === 1) svcName = parts[0];
  else if (parts.length === 2) [svcName, ns] = parts;
  else if (parts.length === 3 && parts[2] === 'svc') [svcName, ns] = parts;
  else if (parts.length === 5 && parts.slice(2).join('.') === 'svc.cluster.local') [svcName, ns] = parts;
  else return null;
  const svc = state.services.find((s) => s.namespace === ns && s.name === svcName);
  if (!svc) return null;
  if (svc.headless) return svc.endpoints.find((e) => e.ready)?.ip ?? null;
  return svc.clusterIP;
}

function findFrontend(state: ClusterState, ip: string, port: number, fromPod: boolean): Frontend | null {
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

function isNginxController(pod: PodState): boolean {
  return pod.containers.some((c) => c.image.includes('ingress-nginx/controller'));
}

function podOf(state: ClusterState, ref: string | null, ip: string): PodState | undefined {
  if (ref) {
    const [ns, name] = ref.split('/');
    const p = podByNsName(state.pods, ns, name);
    if (p) return p;
  }
  return podByIP(state.pods, ip);
}

function uuidFrom(seed: number, salt: string): string {
  const h = [hash(`${seed}a${salt}`), hash(`${seed}b${salt}`), hash(`${seed}c${salt}`), hash(`${seed}d${salt}`)].map((x) => x.toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// The scenario clock as an HTTP Date header. Date.parse + toUTCString cost more than the
// rest of a hop: computed once per clock text (a pure function of it; bounded by the
// states alive, as the memo lives beside each state's clock).
const HTTP_DATES = new WeakMap<ClusterState, { clock: string; text: string }>();

function httpDateOf(clock: string): string {
  return new Date(Date.parse(clock) || 0).toUTCString();
}

function httpDateFor(state: ClusterState): string {
  const c = HTTP_DATES.get(state);
  if (c && c.clock === state.clock) return c.text;
  const text = httpDateOf(state.clock);
  HTTP_DATES.set(state, { clock: state.clock, text });
  return text;
}

// ================================================================ the tracer

class Tracer {
  readonly legs: Legs;
  private n = 0;
  /** the pod that finally answered behind a proxying app (ingress-nginx), for trace.backend */
  private proxiedBackend: Exchange['backend'] = null;

  constructor(
    readonly state: ClusterState,
    readonly w: Walk,
    readonly origin: Origin,
  ) {
    this.legs = new Legs(state, w);
  }

  private get date(): string {
    return httpDateFor(this.state);
  }

  private limitMs(req: CurlRequest): number | null {
    const l = [req.maxTime, req.connectTimeout].filter((x): x is number => typeof x === 'number' && x > 0);
    return l.length ? Math.min(...l) * 1000 : null;
  }

  /** A connect that never completes: the kernel's errno after `ms`, unless curl's own timer fires first. */
  private connectWait(a: Attempt, req: CurlRequest, ms: number, errno: string): void {
    const limit = this.limitMs(req);
    if (limit !== null && limit < ms) a.fail = connectFail(a.host, a.ip ?? '', a.port, a.srcIP, a.sport, limit + 1, errno, 28);
    else a.fail = connectFail(a.host, a.ip ?? '', a.port, a.srcIP, a.sport, ms, errno, 7);
  }

  private hostHeader(req: CurlRequest): string {
    const h = req.headers.find((x) => x.name.toLowerCase() === 'host');
    if (h) return h.value;
    const dflt = req.scheme === 'https' ? 443 : 80;
    return req.port === dflt ? req.host : `${req.host}:${req.port}`;
  }

  private requestHeaders(req: CurlRequest): [string, string][] {
    const out: [string, string][] = [['Host', this.hostHeader(req)]];
    const ua = req.headers.find((x) => x.name.toLowerCase() === 'user-agent');
    out.push(['User-Agent', ua?.value ?? CURL_UA]);
    if (!req.headers.some((x) => x.name.toLowerCase() === 'accept')) out.push(['Accept', '*/*']);
    for (const h of req.headers) if (!['host', 'user-agent'].includes(h.name.toLowerCase())) out.push([h.name, h.value]);
    return out;
  }

  private l7(req: CurlRequest): string {
    return `${req.headOnly ? 'HEAD' : req.method} ${req.path} HTTP/1.1 Host: ${this.hostHeader(req)}`;
  }

  private resolve(req: CurlRequest): string | null {
    const r = req.resolve.find((x) => x.host.toLowerCase() === req.host.toLowerCase() && (x.port === req.port || x.port === 0));
    if (r) return r.address;
    if (isIPv4(req.host)) return req.host;
    if (req.host === 'localhost') return '127.0.0.1';
    if (this.origin.kind === 'pod' && this.origin.pod) return clusterDNS(this.state, req.host, this.origin.pod.namespace);
    return null;
  }

  run(req: CurlRequest, n: number): { attempt: Attempt; exchange: Exchange } {
    this.n = n;
    const o = this.origin;
    const a: Attempt = {
      host: req.host,
      ip: null,
      port: req.port,
      scheme: req.scheme,
      path: req.path,
      srcIP: o.ip,
      sport: null,
      fail: null,
      connected: false,
      tls: null,
      requestHeaders: this.requestHeaders(req),
      response: null,
      date: this.date,
    };
    const none: Exchange = { response: null, backend: null, envoyNode: null };
    const ip = this.resolve(req);
    if (!ip) {
      const conn = this.w.conn('tcp', 'dns', { ip: o.ip, port: null, host: o.host }, { ip: '', port: null, host: req.host });
      this.w.hop({
        conn,
        direction: 'request',
        node: o.pod?.node ?? o.host,
        where: o.kind === 'pod' ? `pod:${o.host}` : 'curl',
        stage: 'client',
        packet: pkt({ src: o.ip, dst: '0.0.0.0', proto: 'udp', dport: 53 }),
        action: 'drop',
        skb: null,
        id: o.kind === 'pod' ? 'datapath.curl.resolveFailPod' : 'datapath.curl.resolveFail',
        params: { host: req.host },
        refs: o.kind === 'pod' ? ['curlResolve', 'coreDns'] : ['curlResolve'],
      });
      a.fail = { exit: 6, message: `Could not resolve host: ${req.host}`, verbose: [`* Could not resolve host: ${req.host}`, '* Closing connection'] };
      return { attempt: a, exchange: none };
    }
    a.ip = ip;
    a.sport = ephemeralPort(this.state.seed, `curl:${o.host}:${n}`);
    if (req.scheme === 'https') a.tls = { sni: isIPv4(req.host) ? null : req.host };
    const exchange = o.kind === 'client' ? this.fromClient(a, req, ip) : this.fromPod(a, req, ip);
    a.response = exchange.response;
    return { attempt: a, exchange };
  }

  // ------------------------------------------------------------ outside client

  private fromClient(a: Attempt, req: CurlRequest, ip: string): Exchange {
    const o = this.origin;
    const none: Exchange = { response: null, backend: null, envoyNode: null };
    const conn = this.w.conn('tcp', 'client→host', { ip: o.ip, port: a.sport, host: o.host }, { ip, port: req.port, host: ip });
    const skb = this.w.newSkb();
    const syn = pkt({ src: o.ip, sport: a.sport, dst: ip, dport: req.port, flags: 'S', srcMac: o.mac, l7: a.tls ? null : this.l7(req), tls: a.tls });
    const f: Flow = { conn, direction: 'request', skb };
    if (!inCidr(ip, o.cidr)) {
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: 'curl', stage: 'client', packet: syn, action: 'drop', kfuncs: [], id: 'datapath.client.noRoute', params: { dst: ip, client: o.host, cidr: o.cidr ?? '-' }, refs: ['curlConnect'] });
      a.fail = connectFail(a.host, ip, a.port, o.ip, a.sport, 0, 'Network is unreachable');
      return none;
    }
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: 'curl', stage: 'client', packet: syn, action: 'connect', kfuncs: KF.ipTx, id: 'datapath.client.connect', params: { client: o.host, dst: ip, port: req.port, sport: a.sport ?? 0 }, refs: ['curlConnect', 'neighResolve'] });
    const arp = this.arp(ip, req);
    if (!arp.mac || !arp.node) {
      if (arp.kind === 'client' && arp.mac) {
        // another plain host on the segment: nothing listens there in the lab model
        return this.refusedBy(a, req, syn, f, arp.mac, null);
      }
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: 'curl', stage: 'client', packet: syn, action: 'drop', kfuncs: ['kfree_skb_reason'], id: 'datapath.arp.unanswered', params: { dst: ip, ms: this.noArpMs() }, refs: ['arpFail'] });
      this.connectWait(a, req, this.noArpMs(), 'No route to host');
      return none;
    }
    const node = arp.node;
    const ifc = arp.iface ?? this.legs.iface(node, 'eth1');
    const onWire = withPkt(syn, { dstMac: ifc.mac });
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: o.iface, stage: 'client', packet: onWire, action: 'send', taps: [this.w.tap(o.host, 'client', o.iface, o.ifindex, 'Out', onWire)], kfuncs: KF.devTxNoTc, id: 'datapath.client.send', params: { client: o.host, iface: o.iface }, refs: ['devQueueXmit'] });
    this.legs.wire(o.cidr ?? '', onWire, f);
    const fe = findFrontend(this.state, ip, req.port, false);
    if (fe && fe.svc.l7lb) return this.ingress(a, req, node, fe, { kind: 'netdev', iface: ifc }, onWire, f);
    if (fe) return this.nodeport(a, req, node, fe, ifc, onWire, f);
    if (node.interfaces.some((i) => i.ip === ip)) return this.refusedBy(a, req, onWire, f, ifc.mac, node);
    // an announced VIP without that port: Cilium's wildcard service entry drops it
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'service-lb', tcProgram: 'cil_from_netdev', program: 'nodeport_lb4', packet: onWire, action: 'drop', taps: [this.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', onWire)], kfuncs: [...KF.rx, 'kfree_skb_reason'], events: [this.legs.ev('trace', 'from-network', node.name, onWire, { ctReport: false }), this.legs.ev('drop', 'Service backend not found', node.name, onWire, { verdict: 'DROPPED', isReply: false })], id: 'datapath.lb.noPort', params: { vip: ip, port: req.port }, refs: ['fromNetdev', 'nodeportLb4'] });
    this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
    return none;
  }

  private noArpMs(): number {
    return 3050 + ((this.state.seed * 21) % 50);
  }

  /** ARP for `ip` on the client's segment. bpf/lib/l2_responder.h + bpf/lib/arp.h for announced VIPs, the kernel for node IPs. */
  private arp(ip: string, req: CurlRequest): { kind: 'bpf' | 'kernel' | 'client' | 'none'; mac: string | null; node: NodeState | null; iface: NetIf | null } {
    const o = this.origin;
    const conn = this.w.conn('arp', `ARP who-has ${ip}`, { ip: o.ip, port: null, host: o.host }, { ip, port: null, host: ip });
    const segNodes = this.state.nodes
      .map((n) => ({ n, i: n.interfaces.find((x) => x.kind === 'physical' && x.cidr === o.cidr) }))
      .filter((x): x is { n: NodeState; i: NetIf } => !!x.i);
    const kernelOwner = segNodes.find((x) => nodeHasIP(x.n, ip));
    const l2 = this.state.config.l2announcements ? this.state.l2.find((e) => e.ip === ip && e.node) : undefined;
    const l2Owner = l2 ? segNodes.find((x) => x.n.name === l2.node && (x.i.name === l2.interface || (l2.interfaces ?? []).includes(x.i.name))) : undefined;
    const otherClient = this.state.clients.find((c) => c.ip === ip && c.ip !== o.ip);
    const responder = kernelOwner ? { n: kernelOwner.n, i: kernelOwner.i, kind: 'kernel' as const } : l2Owner ? { n: l2Owner.n, i: l2Owner.i, kind: 'bpf' as const } : null;
    const request = (): PacketView =>
      withPkt(pkt({ proto: 'arp', src: o.ip, dst: ip, srcMac: o.mac, dstMac: 'ff:ff:ff:ff:ff:ff' }), {
        arp: { op: 'request', senderIP: o.ip, targetIP: ip, senderMac: o.mac, targetMac: null },
      });
    const limit = this.limitMs(req);
    const tries = responder || otherClient ? 1 : limit !== null && limit < this.noArpMs() ? Math.max(1, Math.ceil(limit / 1000)) : 3;
    for (let k = 0; k < tries; k++) {
      let pendingReply: (() => void) | null = null;
      const rq = request();
      const skb = this.w.newSkb();
      const f: Flow = { conn, direction: 'request', skb };
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: o.iface, stage: 'arp', program: 'arp_solicit', packet: rq, action: 'send', taps: [this.w.tap(o.host, 'client', o.iface, o.ifindex, 'Out', rq)], kfuncs: ['arp_xmit', ...KF.devTxNoTc], id: k === 0 ? 'datapath.arp.request' : 'datapath.arp.retry', params: { ip, client: o.host, n: k + 1 }, refs: ['neighResolve'] });
      this.legs.wire(o.cidr ?? '', rq, { ...f });
      // every host on the segment receives the broadcast; the responder (if any) first
      const order = [...segNodes].sort((x, y) => (responder && x.n === responder.n ? -1 : responder && y.n === responder.n ? 1 : 0));
      for (const { n, i } of order) {
        const nskb = this.w.newSkb();
        const nf: Flow = { conn, direction: 'request', skb: nskb };
        const tapIn = this.w.tap(n.name, 'host', i.name, i.ifindex, 'In', rq);
        const fromNet = this.legs.ev('trace', 'from-network', n.name, rq, { ctReport: false, summary: 'ARP' });
        if (responder && responder.n === n && responder.kind === 'bpf') {
          const reply: PacketView = {
            ...pkt({ proto: 'arp', src: ip, dst: o.ip, srcMac: i.mac, dstMac: o.mac }),
            arp: { op: 'reply', senderIP: ip, targetIP: o.ip, senderMac: i.mac, targetMac: o.mac },
          };
          this.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: i.name, stage: 'arp', tcProgram: 'cil_from_netdev', program: 'handle_l2_announcement', packet: rq, after: reply, action: 'reply', taps: [tapIn], kfuncs: [...KF.rx, 'skb_do_redirect'], events: [fromNet], rewrites: ['ARP-REPLY'], id: 'datapath.arp.l2Responder', params: { ip, node: n.name, iface: i.name, mac: i.mac, service: l2 ? `${l2.namespace}/${l2.service}` : '' }, refs: ['fromNetdev', 'l2Responder', 'arpRespond'] });
          this.w.hop({ conn: nf.conn, skb: nf.skb, direction: 'reply', node: n.name, where: i.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: reply, action: 'send', taps: [this.w.tap(n.name, 'host', i.name, i.ifindex, 'Out', reply)], kfuncs: KF.devTx, id: 'datapath.arp.replyOut', params: { iface: i.name, node: n.name }, refs: ['arpRespond', 'devQueueXmit'] });
          pendingReply = () => this.arpReplyToClient(reply, conn, nskb);
        } else if (responder && responder.n === n) {
          this.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: i.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: rq, action: 'forward', taps: [tapIn], kfuncs: KF.rx, events: [fromNet], id: 'datapath.arp.toKernel', params: { node: n.name, iface: i.name }, refs: ['fromNetdev'] });
          const reply: PacketView = {
            ...pkt({ proto: 'arp', src: ip, dst: o.ip, srcMac: i.mac, dstMac: o.mac }),
            arp: { op: 'reply', senderIP: ip, targetIP: o.ip, senderMac: i.mac, targetMac: o.mac },
          };
          const rskb = this.w.newSkb();
          this.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: 'stack', stage: 'arp', program: 'arp_process', packet: rq, after: reply, action: 'reply', kfuncs: ['arp_rcv', 'arp_process', 'consume_skb'], id: 'datapath.arp.kernelReply', params: { ip, node: n.name }, refs: ['arpRcv'] });
          this.w.hop({ conn, skb: rskb, direction: 'reply', node: n.name, where: i.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: reply, action: 'send', taps: [this.w.tap(n.name, 'host', i.name, i.ifindex, 'Out', reply)], kfuncs: ['arp_xmit', ...KF.devTx], id: 'datapath.arp.replyOut', params: { iface: i.name, node: n.name }, refs: ['devQueueXmit'] });
          pendingReply = () => this.arpReplyToClient(reply, conn, rskb);
        } else {
          const heldLease = l2 && l2.node === n.name && !l2Owner;
          this.w.hop({ conn: nf.conn, direction: nf.direction, skb: nf.skb, node: n.name, where: i.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: rq, action: 'drop', taps: [tapIn], kfuncs: [...KF.rx, 'arp_rcv', 'arp_process', 'consume_skb'], events: [fromNet], id: heldLease ? 'datapath.arp.leaseNoIface' : 'datapath.arp.notMine', params: { ip, node: n.name, iface: i.name }, refs: ['fromNetdev', 'arpRcv'] });
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
      this.arpReplyToClient(reply, conn, this.w.newSkb());
      return { kind: 'client', mac: otherClient.mac, node: null, iface: null };
    }
    return { kind: 'none', mac: null, node: null, iface: null };
  }

  private arpReplyToClient(reply: PacketView, conn: number, skb: number): void {
    const o = this.origin;
    this.legs.wire(o.cidr ?? '', reply, { conn, direction: 'reply', skb });
    this.w.hop({ conn, direction: 'reply', skb: this.w.newSkb(), node: o.host, where: o.iface, stage: 'arp', program: 'arp_rcv', packet: reply, action: 'receive', taps: [this.w.tap(o.host, 'client', o.iface, o.ifindex, 'In', reply)], kfuncs: [...KF.rxNoTc, 'arp_rcv', 'arp_process', 'consume_skb'], id: 'datapath.arp.clientLearns', params: { ip: reply.src, mac: reply.srcMac ?? '' }, refs: ['arpRcv'] });
  }

  /** A closed port: the kernel answers the SYN with RST. net/ipv4/tcp_ipv4.c tcp_v4_send_reset */
  private refusedBy(a: Attempt, req: CurlRequest, syn: PacketView, f: Flow, mac: string, node: NodeState | null): Exchange {
    const o = this.origin;
    if (node) {
      const ifc = node.interfaces.find((i) => i.mac === mac) ?? this.legs.iface(node, 'eth1');
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: syn, action: 'forward', taps: [this.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', syn)], kfuncs: KF.rx, events: [this.legs.ev('trace', 'from-network', node.name, syn, { ctReport: false }), this.legs.ev('trace', 'to-stack', node.name, syn, { ctReport: true })], id: 'datapath.netdev.toStack', params: { node: node.name, iface: ifc.name }, refs: ['fromNetdev'] });
      this.legs.hostSocket(node, syn, f, 'datapath.stack.closedPort', { port: req.port, node: node.name }, [...KF.localInList, 'tcp_v4_send_reset', 'ip_send_unicast_reply', 'kfree_skb_reason']);
      const rst = pkt({ src: syn.dst, sport: syn.dport, dst: syn.src, dport: syn.sport, flags: 'R.', srcMac: ifc.mac, dstMac: o.mac });
      const rf: Flow = { conn: f.conn, direction: 'reply', skb: this.w.newSkb() };
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: rst, action: 'send', taps: [this.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'Out', rst)], kfuncs: [...localOut([], true), ...KF.devTx], events: [this.legs.ev('trace', 'to-network', node.name, rst, { ctReport: false, isReply: true })], id: 'datapath.netdev.rstOut', params: { node: node.name, iface: ifc.name }, refs: ['tcpRst', 'toNetdev'] });
      this.legs.wire(o.cidr ?? '', rst, rf);
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: o.host, where: o.iface, stage: 'client', packet: rst, action: 'receive', taps: [this.w.tap(o.host, 'client', o.iface, o.ifindex, 'In', rst)], kfuncs: [...KF.rxNoTc, 'ip_rcv_core', 'tcp_v4_rcv', 'tcp_reset'], id: 'datapath.client.refused', params: { dst: syn.dst, port: req.port }, refs: ['tcpRst', 'curlConnect'] });
    } else {
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: o.host, where: o.iface, stage: 'client', packet: syn, action: 'drop', id: 'datapath.client.refused', params: { dst: syn.dst, port: req.port }, refs: ['tcpRst', 'curlConnect'] });
    }
    a.fail = connectFail(a.host, a.ip ?? '', a.port, a.srcIP, a.sport, 2, 'Connection refused');
    return { response: null, backend: null, envoyNode: null };
  }

  // ------------------------------------------------------------ Cilium Ingress (L7 LB) → Envoy

  private ingress(a: Attempt, req: CurlRequest, node: NodeState, fe: Frontend, arrival: Arrival, syn: PacketView, f: Flow): Exchange {
    const svcName = `${fe.svc.namespace}/${fe.svc.name}`;
    const c = this.w.connections[f.conn];
    c.label = this.origin.kind === 'pod' ? 'pod→envoy' : 'client→envoy';
    c.server = { ip: syn.dst, port: syn.dport, host: `envoy@${node.name}` };
    const listener: EnvoyListener = this.state.envoy.find((l) => l.service === svcName) ?? { service: svcName, proxyPort: fe.svc.l7lbProxyPort ?? 0, virtualHosts: [], tlsChains: [] };
    const proxyPort = fe.svc.l7lbProxyPort ?? listener.proxyPort;
    // bpf/lib/proxy.h: MARK_MAGIC_TO_PROXY | (proxy_port << 16) with a __be16 port (iptables.go matches HostToNetwork16(port) << 16)
    const mark = (((((proxyPort & 0xff) << 8) | ((proxyPort >> 8) & 0xff)) << 16) | 0x200) >>> 0;
    const markHex = mark.toString(16);
    const clientIdentity = this.origin.pod ? this.origin.pod.identity : this.legs.identityOf(this.origin.ip, node.name);
    const host = this.legs.iface(node, 'cilium_host');
    const net = this.legs.iface(node, 'cilium_net');
    let beforeStack: PacketView;
    if (arrival.kind === 'netdev') {
      const ifc = arrival.iface;
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: syn, action: 'forward', taps: [this.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', syn)], kfuncs: KF.rx, events: [this.legs.ev('trace', 'from-network', node.name, syn, { srcId: clientIdentity, ctReport: false })], id: 'datapath.netdev.fromNetwork', params: { node: node.name, iface: ifc.name, dst: syn.dst, port: syn.dport ?? 0 }, refs: ['netifReceive', 'fromNetdev'] });
      const hair = withPkt(syn, { srcMac: ifc.mac, dstMac: host.mac });
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'l7lb-redirect', program: 'nodeport_lb4', tcProgram: null, packet: syn, after: hair, action: 'hand-to-proxy', kfuncs: ['skb_do_redirect'], events: [this.legs.ev('trace', 'to-proxy', node.name, syn, { srcId: clientIdentity, ctReport: false })], rewrites: ['L2-REWRITE'], id: 'datapath.lb.l7Redirect', params: { service: svcName, vip: syn.dst, port: syn.dport ?? 0, proxyPort }, refs: ['nodeportLb4', 'hairpin', 'traceNotify'] });
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: net.name, stage: 'l7lb-redirect', program: 'bpf_redirect', packet: hair, action: 'redirect', taps: [this.w.tap(node.name, 'host', net.name, net.ifindex, 'Out', hair)], kfuncs: [...KF.devTxNoTc, ...KF.veth], id: 'datapath.proxy.ciliumNet', params: { node: node.name }, refs: ['hairpin', 'vethXmit'] });
      const marked = withPkt(hair, { mark: markHex });
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: host.name, stage: 'tc-ingress', tcProgram: 'cil_to_host', packet: hair, after: marked, action: 'hand-to-proxy', taps: [this.w.tap(node.name, 'host', host.name, host.ifindex, 'In', hair)], kfuncs: KF.rxVeth, rewrites: ['MARK'], id: this.state.config.bpfTproxy ? 'datapath.proxy.toHostSkAssign' : 'datapath.proxy.toHost', params: { node: node.name, mark: `0x${markHex}`, proxyPort }, refs: ['toHost', 'proxyFirst'] });
      beforeStack = marked;
    } else {
      const pod = arrival.pod;
      const marked = withPkt(syn, { mark: markHex, srcMac: pod.mac, dstMac: this.legs.lxcOf(pod).mac });
      const toProxy = this.legs.ev('trace', 'to-proxy', node.name, syn, { srcId: pod.identity, ctReport: true });
      const ok = this.legs.podEgress(pod, syn, f, true, [toProxy]);
      if (!ok) {
        this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
        return { response: null, backend: null, envoyNode: null };
      }
      const last = this.w.hops[this.w.hops.length - 1] as PathHop | undefined;
      if (last) {
        last.after = marked;
        last.rewrites = ['MARK'];
        last.action = 'hand-to-proxy';
        last.explainId = 'datapath.lxc.perPacketL7';
        last.explain = t('datapath.lxc.perPacketL7', { service: svcName, vip: syn.dst, proxyPort, lxc: this.legs.lxcOf(pod).name }, this.w.lang);
        last.refs.push({ label: 'cilium/cilium bpf/bpf_lxc.c __per_packet_lb_svc_xlate_4', path: 'bpf/bpf_lxc.c' });
      }
      beforeStack = marked;
    }
    const tproxyPkt = withPkt(beforeStack, { mark: '200' });
    if (this.state.config.bpfTproxy) {
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'stack', stage: 'tproxy', program: 'bpf_sk_assign', packet: beforeStack, after: tproxyPkt, action: 'hand-to-proxy', kfuncs: ['ip_rcv', 'ip_rcv_core'], rewrites: ['TPROXY'], id: 'datapath.proxy.skAssign', params: { proxyPort }, refs: ['proxyFirst'] });
    } else {
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'netfilter', stage: 'tproxy', program: 'xt_TPROXY', packet: beforeStack, after: tproxyPkt, action: 'hand-to-proxy', kfuncs: ['ip_rcv', 'ip_rcv_core', 'nf_hook_slow'], rewrites: ['TPROXY'], id: 'datapath.proxy.iptablesTproxy', params: { proxyPort, mark: `0x${markHex}` }, refs: ['iptTproxy', 'tproxyTarget'] });
    }
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'stack', stage: 'kernel-routing', program: 'fib_rules (table 2004)', packet: tproxyPkt, action: 'route', kfuncs: ['ip_route_input_noref', 'ip_local_deliver', 'nf_hook_slow', 'ip_local_deliver_finish'], id: 'datapath.proxy.policyRoute', params: { vip: syn.dst }, refs: ['proxyRoutes', 'ipLocalDeliver'] });
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'socket', stage: 'socket', program: 'tcp_v4_rcv', packet: tproxyPkt, action: 'deliver', kfuncs: ['tcp_v4_rcv', 'tcp_conn_request', 'consume_skb'], id: 'datapath.proxy.envoySocket', params: { node: node.name, proxyPort, vip: syn.dst, port: syn.dport ?? 0 }, refs: ['tcpRcv'] });
    a.connected = true;
    const envoyNode = node.name;
    const e: Flow = { conn: f.conn, direction: 'request', skb: null as unknown as number };
    const envoyHop = (stage: PathHop['stage'], action: PathHop['action'], id: string, params: Record<string, string | number>, refs: Parameters<Walk['hop']>[0]['refs'], events: MonitorEvent[] = [], rewrites: string[] = []) =>
      this.w.hop({ conn: e.conn, direction: e.direction, skb: null, node: envoyNode, where: 'envoy', stage, program: 'envoy', packet: withPkt(syn, { l7: this.l7(req), tcpFlags: 'P.', mark: null }), action, events, rewrites, id, params, refs });
    envoyHop('envoy-listener', 'terminate', 'datapath.envoy.listener', { node: envoyNode, proxyPort, vip: syn.dst, port: syn.dport ?? 0, service: svcName }, ['iptTproxy', 'envoyL7Policy']);

    const finish = (resp: HttpResponse, backend: Exchange['backend']): Exchange => {
      this.clientLegReply(a, req, node, arrival, syn, f, resp);
      return { response: resp, backend, envoyNode };
    };
    const authority = this.hostHeader(req);
    const reqSummary = `HTTP/1.1 ${req.headOnly ? 'HEAD' : req.method} ${req.scheme}://${authority}${req.path}`;
    const clientPeer = { ip: this.origin.ip, port: a.sport, identity: 8, name: this.origin.pod ? this.legs.podName(this.origin.pod) : null };
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
        this.clientLegReply(a, req, node, arrival, syn, f, null, 'R.');
        return { response: null, backend: null, envoyNode };
      }
      const verdict = curlCertVerdict(req, chain.certificate, this.state.clock);
      if (!verdict.ok) {
        envoyHop('envoy-tls', 'terminate', 'datapath.envoy.tlsCurlRejects', { sni: sni ?? '-', secret: chain.secret ?? '-', why: verdict.message }, ['envoyFilterChain', 'curlTls'], [], ['TLS-TERMINATE']);
        a.fail = { exit: 60, message: verdict.message, verbose: [`* ${verdict.message}`, '* Closing connection'] };
        this.clientLegReply(a, req, node, arrival, syn, f, null);
        return { response: null, backend: null, envoyNode };
      }
      envoyHop('envoy-tls', 'terminate', 'datapath.envoy.tls', { sni: sni ?? '-', secret: chain.secret ?? '-', synced: chain.syncedSecret ?? '-' }, ['envoyFilterChain', 'ingressTranslation'], [], ['TLS-TERMINATE']);
    }

    // route
    const vh = selectVirtualHost(listener, authority);
    const route = vh ? matchRoute(vh, authority, req.path) : null;
    const envoyHeaders = (): [string, string][] => [['date', this.date], ['server', 'envoy']];
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
    const ingressV = policyVerdict(this.state, { subject: 'reserved:ingress', direction: 'ingress', peerIdentity: clientIdentity, peerIP: this.origin.ip, port: syn.dport ?? 0, protocol: 'TCP' });
    if (!ingressV.allowed) {
      envoyHop('envoy-policy', 'reply', 'datapath.envoy.ingressDenied', { identity: clientIdentity, client: this.origin.ip }, ['envoyL7Policy', 'envoyPolicyState'], [l7ev('http-request', svcPeer, 'DROPPED', reqSummary), l7ev('http-response', svcPeer, 'FORWARDED', `HTTP/1.1 403 0ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
      return finish(envoyResponse(403, ['Access denied'], envoyHeaders()), null);
    }
    // upstream choice
    const choice = chooseBackend(this.state, route, `${envoyNode}:${this.n}:${a.sport}`);
    if (!choice || !choice.ok) {
      const why = choice ? choice.why : 'no-service';
      envoyHop('envoy-upstream', 'reply', `datapath.envoy.noHealthy.${why}`, { backend: choice ? `${choice.backend.namespace}/${choice.backend.service}:${choice.backend.port}` : '-' }, ['envoyNoHealthy'], [l7ev('http-request', svcPeer, 'FORWARDED', reqSummary), l7ev('http-response', svcPeer, 'FORWARDED', `HTTP/1.1 503 0ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
      const r = envoyResponse(503, ['no healthy upstream'], envoyHeaders());
      r.headers = [['content-length', '19'], ['content-type', 'text/plain'], ...envoyHeaders()];
      r.body = ['no healthy upstream'];
      return finish(r, null);
    }
    const ep = choice.endpoint;
    const pod = podOf(this.state, ep.pod, ep.ip);
    const backendPeer = { ip: ep.ip, port: ep.port, identity: pod?.identity ?? this.legs.identityOf(ep.ip, envoyNode), name: pod ? this.legs.podName(pod) : null };
    const egressV = policyVerdict(this.state, { subject: 'reserved:ingress', direction: 'egress', peerIdentity: backendPeer.identity, peerIP: ep.ip, port: ep.port, protocol: 'TCP' });
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

    const headersToApp: [string, string][] = [
      ['host', authority],
      ['user-agent', a.requestHeaders.find(([n]) => n === 'User-Agent')?.[1] ?? CURL_UA],
      ['accept', '*/*'],
      ['x-forwarded-for', this.origin.ip],
      ['x-forwarded-proto', req.scheme],
      ...(isPrivate(this.origin.ip) ? ([['x-envoy-internal', 'true']] as [string, string][]) : []),
      ['x-request-id', uuidFrom(this.state.seed, `${this.n}:${a.sport}`)],
    ];
    const sport = ephemeralPort(this.state.seed, `envoy:${envoyNode}:${this.n}:${a.sport}`);
    const view: HttpRequestView = { method: req.headOnly ? 'HEAD' : req.method, path: req.path, host: authority, headers: headersToApp, remoteIP: src, remotePort: sport };
    const got = pod ? this.envoyUpstream(node, pod, ep, src, sport, view) : null;
    if (!got) {
      // the upstream SYN was dropped: Envoy's connect timeout (5 s) then 503
      const limit = this.limitMs(req);
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
        ['date', this.date],
        ...got.headers.filter(([n]) => n.toLowerCase() === 'content-length'),
        ['x-envoy-upstream-service-time', String(1 + (this.state.seed % 7))],
      ],
    };
    const relay = envoyHop('envoy-upstream', 'forward', 'datapath.envoy.relay', { status: resp.status, pod: backend.pod }, ['envoyL7Policy'], [l7ev('http-response', backendPeer, 'FORWARDED', `HTTP/1.1 ${resp.status} ${1 + (this.state.seed % 7)}ms (${req.method} ${req.scheme}://${authority}${req.path})`)]);
    if (relay) relay.direction = 'reply';
    return finish(resp, backend);
  }

  /** Envoy's new connection to the backend pod, and the pod's answer. null = the SYN never arrived. */
  private envoyUpstream(node: NodeState, pod: PodState, ep: EndpointAddress, src: string, sport: number, view: HttpRequestView): HttpResponse | null {
    const conn = this.w.conn('tcp', 'envoy→backend', { ip: src, port: sport, host: node.name }, { ip: ep.ip, port: ep.port, host: this.legs.podName(pod) });
    const skb = this.w.newSkb();
    const f: Flow = { conn, direction: 'request', skb };
    const syn = pkt({ src, sport, dst: ep.ip, dport: ep.port, flags: 'S', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host} X-Forwarded-For: ${view.headers.find(([n]) => n === 'x-forwarded-for')?.[1] ?? ''}`, mark: '80b00' });
    const podNode = this.legs.node(pod.node);
    if (pod.node === node.name) {
      const lxc = this.legs.lxcOf(pod);
      const routeText = this.state.config.endpointRoutes ? `${pod.ip} dev ${lxc.name}` : `${node.podCIDR} via ${node.ciliumHostIP} dev cilium_host`;
      this.legs.hostRoute(node, syn, f, routeText, 'datapath.route.envoyLocal', { lxc: lxc.name });
      if (!this.legs.hostToPod(pod, syn, f, 8)) return null;
    } else {
      if (!podNode) return null;
      const r = node.routes.find((x) => x.dst !== 'default' && inCidr(pod.ip, x.dst) && x.dev !== 'cilium_host') ?? node.routes.find((x) => inCidr(pod.ip, x.dst));
      const routeText = r ? `${r.dst}${r.via ? ` via ${r.via}` : ''} dev ${r.dev}` : `${pod.ip} via ${podNode.internalIP}`;
      this.legs.hostRoute(node, syn, f, routeText, this.state.config.routingMode === 'tunnel' ? 'datapath.route.envoyTunnel' : 'datapath.route.envoyRemote');
      this.legs.crossNodes(node, podNode, syn, f, 8, 'host');
      if (!this.legs.deliverFromTc(pod, syn, f, 8, 'netdev')) return null;
    }
    const resp = this.app(pod, view, conn);
    const rf: Flow = { conn, direction: 'reply', skb: this.w.newSkb() };
    const synack = pkt({ src: ep.ip, sport: ep.port, dst: src, dport: sport, flags: 'S.', l7: `HTTP/1.1 ${resp.status} ${resp.reason}` });
    this.legs.podEgress(pod, synack, rf, false);
    if (pod.node === node.name) {
      const last = this.w.hops[this.w.hops.length - 1];
      last.events.push(this.legs.ev('trace', 'to-stack', node.name, synack, { srcId: pod.identity, dstId: 8, isReply: true }));
      this.legs.lxcToStack(node, synack, rf);
    } else if (podNode) {
      this.legs.crossNodes(podNode, node, synack, rf, pod.identity, 'lxc');
      const last = this.w.hops[this.w.hops.length - 1];
      last.events.push(this.legs.ev('trace', 'to-stack', node.name, synack, { srcId: pod.identity, dstId: 8, isReply: true }));
      this.legs.hostSocket(node, synack, rf, 'datapath.stack.toEnvoy', { node: node.name }, KF.localInList);
    }
    return resp;
  }

  /** Envoy's side of the client connection: SYN-ACK (with the response summary) back to the client. */
  private clientLegReply(a: Attempt, req: CurlRequest, node: NodeState, arrival: Arrival, syn: PacketView, f: Flow, resp: HttpResponse | null, flags = 'S.'): void {
    void a;
    void req;
    const o = this.origin;
    const rf: Flow = { conn: f.conn, direction: 'reply', skb: this.w.newSkb() };
    const p = pkt({ src: syn.dst, sport: syn.dport, dst: syn.src, dport: syn.sport, flags, l7: resp && !syn.tls ? `HTTP/1.1 ${resp.status} ${resp.reason}` : null, tls: syn.tls });
    // the SYN-ACK: tcp_v4_send_synack → ip_build_and_send_pkt (builds the IP header) → ip_local_out; Envoy's
    // reset of an established connection: tcp_send_active_reset → tcp_transmit_skb → __ip_queue_xmit
    const sendFuncs = localOut([flags === 'R.' ? '__ip_queue_xmit' : 'ip_build_and_send_pkt'], true);
    const ref = flags === 'R.' ? 'ipQueueXmit' : 'synackXmit';
    if (arrival.kind === 'netdev') {
      const ifc = arrival.iface;
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: 'socket', stage: 'socket', program: flags === 'R.' ? 'tcp_send_active_reset' : 'tcp_v4_send_synack', packet: p, action: 'send', kfuncs: sendFuncs, id: flags === 'R.' ? 'datapath.envoy.resetOut' : 'datapath.envoy.replyOut', params: { node: node.name, src: p.src, dst: p.dst, iface: ifc.name }, refs: [ref] });
      const out = withPkt(p, { srcMac: ifc.mac, dstMac: o.mac });
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: out, action: 'send', taps: [this.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'Out', out)], kfuncs: KF.devTx, events: [this.legs.ev('trace', 'to-network', node.name, out, { srcId: 8, ctReport: false, isReply: true })], id: 'datapath.netdev.replyToClient', params: { node: node.name, iface: ifc.name, src: p.src }, refs: ['toNetdev'] });
      this.legs.wire(o.cidr ?? '', out, rf);
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: o.host, where: o.iface, stage: 'client', packet: out, action: 'receive', taps: [this.w.tap(o.host, 'client', o.iface, o.ifindex, 'In', out)], kfuncs: [...KF.rxNoTc, 'ip_rcv_core', 'ip_local_deliver', 'tcp_v4_rcv'], id: resp ? 'datapath.client.response' : 'datapath.client.handshake', params: { client: o.host, status: resp?.status ?? '-' }, refs: ['tcpRcv'] });
    } else {
      const pod = arrival.pod;
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: 'socket', stage: 'socket', program: 'tcp_v4_send_synack', packet: p, action: 'send', kfuncs: sendFuncs, id: 'datapath.envoy.replyToPod', params: { node: node.name, src: p.src, dst: p.dst, lxc: this.legs.lxcOf(pod).name }, refs: [ref, 'endpointRoute'] });
      this.legs.hostToPod(pod, p, rf, 8);
    }
  }

  // ------------------------------------------------------------ ordinary LoadBalancer / NodePort

  private nodeport(a: Attempt, req: CurlRequest, node: NodeState, fe: Frontend, ifc: NetIf, syn: PacketView, f: Flow): Exchange {
    const none: Exchange = { response: null, backend: null, envoyNode: null };
    const svcName = `${fe.svc.namespace}/${fe.svc.name}`;
    this.w.connections[f.conn].label = 'client→service';
    const clientId = this.legs.identityOf(this.origin.ip, node.name);
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'tc-ingress', tcProgram: 'cil_from_netdev', packet: syn, action: 'forward', taps: [this.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'In', syn)], kfuncs: KF.rx, events: [this.legs.ev('trace', 'from-network', node.name, syn, { srcId: clientId, ctReport: false })], id: 'datapath.netdev.fromNetwork', params: { node: node.name, iface: ifc.name, dst: syn.dst, port: syn.dport ?? 0 }, refs: ['netifReceive', 'fromNetdev'] });
    let eps = readyEndpoints(fe.svc, fe.port.name);
    if (fe.svc.externalTrafficPolicy === 'Local' && fe.via !== 'clusterip') eps = eps.filter((e) => e.node === node.name);
    if (eps.length === 0) {
      this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'service-lb', program: 'nodeport_lb4', packet: syn, action: 'drop', kfuncs: ['kfree_skb_reason'], events: [this.legs.ev('drop', 'Service backend not found', node.name, syn, { verdict: 'DROPPED', srcId: clientId, isReply: false })], id: fe.svc.externalTrafficPolicy === 'Local' ? 'datapath.lb.noLocalBackend' : 'datapath.lb.noBackend', params: { service: svcName, node: node.name }, refs: ['nodeportLb4'] });
      this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
      return none;
    }
    const ep = eps[pickIndex(this.state.seed, `lb:${svcName}:${this.n}:${a.sport}`, eps.length)];
    const pod = podOf(this.state, ep.pod, ep.ip);
    const podNode = this.legs.node(pod?.node ?? ep.node);
    if (!pod || !podNode) {
      this.w.diag('datapath.lb.backendNotPod', { ip: ep.ip, service: svcName }, 'warning');
      this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
      return none;
    }
    const remote = podNode.name !== node.name;
    const snat = remote;
    const natSport = snat ? ephemeralPort(this.state.seed, `snat:${node.name}:${a.sport}`) : syn.sport;
    const dnat = withPkt(syn, { dst: ep.ip, dport: ep.port, ...(snat ? { src: ifc.ip ?? node.internalIP, sport: natSport } : {}) });
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: ifc.name, stage: 'service-lb', program: 'nodeport_lb4', packet: syn, after: dnat, action: remote ? 'redirect' : 'forward', kfuncs: remote ? ['skb_do_redirect'] : [], rewrites: snat ? ['DNAT', 'SNAT'] : ['DNAT'], id: remote ? 'datapath.lb.dnatSnat' : 'datapath.lb.dnat', params: { service: svcName, vip: `${syn.dst}:${syn.dport ?? 0}`, backend: `${ep.ip}:${ep.port}`, pod: this.legs.podName(pod), node: podNode.name, snat: dnat.src }, refs: snat ? ['nodeportLb4', 'nodeportNat'] : ['nodeportLb4'] });
    const srcId = remote ? this.legs.identityOf(dnat.src, podNode.name) : clientId;
    if (remote) this.legs.crossNodes(node, podNode, dnat, f, srcId, 'host', true);
    if (!this.legs.deliverFromTc(pod, dnat, f, srcId, 'netdev')) {
      this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
      return none;
    }
    a.connected = true;
    const view: HttpRequestView = { method: req.headOnly ? 'HEAD' : req.method, path: req.path, host: this.hostHeader(req), headers: a.requestHeaders.map(([n, v]) => [n.toLowerCase(), v]), remoteIP: dnat.src, remotePort: dnat.sport ?? 0 };
    const got = this.app(pod, view, f.conn);
    const resp: HttpResponse = { ...got, headers: [...got.headers.filter(([n]) => n !== 'date'), ['date', this.date]] };
    // reply: pod → (node) → reverse NAT → client
    const rf: Flow = { conn: f.conn, direction: 'reply', skb: this.w.newSkb() };
    const back = pkt({ src: ep.ip, sport: ep.port, dst: dnat.src, dport: dnat.sport, flags: 'S.', l7: `HTTP/1.1 ${resp.status} ${resp.reason}` });
    this.legs.podEgress(pod, back, rf, false);
    const revd = pkt({ src: syn.dst, sport: syn.dport, dst: syn.src, dport: syn.sport, flags: 'S.', l7: back.l7, srcMac: ifc.mac, dstMac: this.origin.mac });
    if (remote) {
      this.legs.crossNodes(podNode, node, back, rf, pod.identity, 'lxc');
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'service-lb', program: 'rev_nodeport_lb4', packet: back, after: revd, action: 'redirect', kfuncs: ['skb_do_redirect'], rewrites: ['REV-SNAT', 'REV-DNAT'], id: 'datapath.lb.revNat', params: { vip: `${syn.dst}:${syn.dport ?? 0}`, client: syn.src }, refs: ['nodeportRevNat'] });
    } else {
      this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: this.legs.lxcOf(pod).name, stage: 'service-lb', program: 'cil_from_container', packet: back, after: revd, action: 'redirect', kfuncs: ['skb_do_redirect'], rewrites: ['REV-DNAT'], id: 'datapath.lb.revDnatLocal', params: { vip: `${syn.dst}:${syn.dport ?? 0}`, client: syn.src, iface: ifc.name }, refs: ['nodeportRevNat', 'redirectNeigh'] });
    }
    this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: node.name, where: ifc.name, stage: 'tc-egress', tcProgram: 'cil_to_netdev', packet: revd, action: 'send', taps: [this.w.tap(node.name, 'host', ifc.name, ifc.ifindex, 'Out', revd)], kfuncs: KF.devTx, events: [this.legs.ev('trace', 'to-network', node.name, revd, { srcId: pod.identity, isReply: true })], id: 'datapath.netdev.replyToClient', params: { node: node.name, iface: ifc.name, src: revd.src }, refs: ['toNetdev'] });
    this.legs.wire(this.origin.cidr ?? '', revd, rf);
    this.w.hop({ conn: rf.conn, direction: rf.direction, skb: rf.skb, node: this.origin.host, where: this.origin.iface, stage: 'client', packet: revd, action: 'receive', taps: [this.w.tap(this.origin.host, 'client', this.origin.iface, this.origin.ifindex, 'In', revd)], kfuncs: [...KF.rxNoTc, 'ip_rcv_core', 'ip_local_deliver', 'tcp_v4_rcv'], id: 'datapath.client.response', params: { client: this.origin.host, status: resp.status }, refs: ['tcpRcv'] });
    const proxied = this.takeProxiedBackend();
    return { response: resp, backend: proxied ?? { namespace: fe.svc.namespace, service: fe.svc.name, pod: pod.name, node: pod.node }, envoyNode: null };
  }

  // ------------------------------------------------------------ the application

  private app(pod: PodState, view: HttpRequestView, conn: number): HttpResponse {
    if (isNginxController(pod)) return this.nginx(pod, view, conn);
    const resp = appKind(pod) === 'generic' && pod.containers.some((c) => /redirect/.test(c.image))
      ? { ...envoyResponse(301, []), headers: [['location', `http://${view.host}${view.path}`], ['content-length', '0']] as [string, string][], summary: '301 (redirect app)', app: 'redirect' }
      : appRespond(pod, view);
    this.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${this.legs.podName(pod)}`, stage: 'app', program: pod.containers[0]?.image ?? null, packet: pkt({ src: view.remoteIP, sport: view.remotePort, dst: pod.ip, dport: null, flags: 'P.', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host}` }), action: 'reply', skb: null, id: 'datapath.app.answer', params: { pod: this.legs.podName(pod), app: resp.app, status: resp.status, summary: resp.summary }, refs: [] });
    return resp;
  }

  /** ingress-nginx's controller: matches class-nginx Ingresses and proxies to endpoints directly. */
  private nginx(pod: PodState, view: HttpRequestView, conn: number): HttpResponse {
    const host = view.host.replace(/:\d+$/, '').toLowerCase();
    const rules: (IngressRuleState & { ing: string })[] = this.state.ingresses
      .filter((i) => i.class === 'nginx' || i.ingressClassName === 'nginx')
      .flatMap((i) => (i.rules ?? []).map((r) => ({ ...r, ing: `${i.namespace}/${i.name}`, ns: i.namespace })));
    const candidates = rules
      .filter((r) => r.host === null || r.host.toLowerCase() === host || (r.host.startsWith('*.') && host.endsWith(r.host.slice(1)) && !host.slice(0, host.length - r.host.length + 1).includes('.')))
      .sort((x, y) => (x.host === null ? 1 : 0) - (y.host === null ? 1 : 0));
    const p = view.path.split('?')[0];
    let hit: { ing: string; path: IngressRuleState['paths'][number] } | null = null;
    for (const r of candidates) {
      const paths = [...r.paths].sort((x, y) => (x.pathType === 'Exact' ? -1 : 0) - (y.pathType === 'Exact' ? -1 : 0) || y.path.length - x.path.length);
      const m = paths.find((x) => (x.pathType === 'Exact' ? p === x.path : x.path === '/' || p === x.path.replace(/\/$/, '') || p.startsWith(`${x.path.replace(/\/$/, '')}/`)));
      if (m) {
        hit = { ing: r.ing, path: m };
        break;
      }
    }
    const ns = hit ? hit.ing.split('/')[0] : 'default';
    const svc = hit?.path.service ? this.state.services.find((s) => s.namespace === ns && s.name === hit?.path.service) : undefined;
    const base = pkt({ src: view.remoteIP, sport: view.remotePort, dst: pod.ip, flags: 'P.', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host}` });
    const nginxPage = (status: number, text: string): HttpResponse => {
      const body = ['<html>', `<head><title>${status} ${text}</title></head>`, '<body>', `<center><h1>${status} ${text}</h1></center>`, '<hr><center>nginx</center>', '</body>', '</html>'];
      const bytes = body.reduce((n, l) => n + l.length + 2, 0);
      return { status, reason: text, headers: [['content-type', 'text/html'], ['content-length', String(bytes)], ['connection', 'keep-alive']], body, bytes, summary: `${status} ${text} from ingress-nginx`, app: 'nginx' };
    };
    if (!hit || !svc) {
      this.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${this.legs.podName(pod)}`, stage: 'app', program: 'nginx', packet: base, action: 'reply', skb: null, id: 'datapath.nginx.noMatch', params: { host, path: view.path }, refs: ['nginxIngress'] });
      return nginxPage(404, 'Not Found');
    }
    const sp = svc.ports.find((x) => (typeof hit?.path.port === 'number' ? x.port === hit.path.port : x.name === hit?.path.port)) ?? svc.ports[0];
    const eps = sp ? readyEndpoints(svc, sp.name) : [];
    if (eps.length === 0) {
      this.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${this.legs.podName(pod)}`, stage: 'app', program: 'nginx', packet: base, action: 'reply', skb: null, id: 'datapath.nginx.noEndpoints', params: { service: `${svc.namespace}/${svc.name}` }, refs: ['nginxIngress'] });
      return nginxPage(503, 'Service Temporarily Unavailable');
    }
    const ep = eps[pickIndex(this.state.seed, `nginx:${this.n}:${view.remotePort}`, eps.length)];
    const target = podOf(this.state, ep.pod, ep.ip);
    this.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${this.legs.podName(pod)}`, stage: 'app', program: 'nginx', packet: base, action: 'connect', skb: null, id: 'datapath.nginx.proxy', params: { ingress: hit.ing, service: `${svc.namespace}/${svc.name}`, ip: ep.ip, port: ep.port }, refs: ['nginxIngress'] });
    if (!target) return nginxPage(502, 'Bad Gateway');
    const sport = ephemeralPort(this.state.seed, `nginx-up:${this.n}:${view.remotePort}`);
    const up = this.w.conn('tcp', 'nginx→backend', { ip: pod.ip, port: sport, host: this.legs.podName(pod) }, { ip: ep.ip, port: ep.port, host: this.legs.podName(target) });
    const upView: HttpRequestView = { ...view, headers: [...view.headers, ['x-forwarded-for', view.remoteIP], ['x-real-ip', view.remoteIP]], remoteIP: pod.ip, remotePort: sport };
    const r = this.podToPod(pod, target, ep.port, sport, up, upView);
    if (!r) return nginxPage(504, 'Gateway Time-out');
    this.proxiedBackend = { namespace: svc.namespace, service: svc.name, pod: target.name, node: target.node };
    return { ...r, headers: r.headers.filter(([n]) => n.toLowerCase() !== 'server'), summary: `${r.summary} (via ingress-nginx)` };
  }

  /** A TCP exchange from one pod to another pod's IP (request, app, reply). null = never delivered. */
  private podToPod(src: PodState, dst: PodState, dport: number, sport: number, conn: number, view: HttpRequestView, sockEvents: MonitorEvent[] = []): HttpResponse | null {
    const f: Flow = { conn, direction: 'request', skb: this.w.newSkb() };
    const syn = pkt({ src: src.ip, sport, dst: dst.ip, dport, flags: 'S', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host}` });
    if (!this.podLeg(src, dst, syn, f, sockEvents)) return null;
    const resp = this.app(dst, view, conn);
    const rf: Flow = { conn, direction: 'reply', skb: this.w.newSkb() };
    const back = pkt({ src: dst.ip, sport: dport, dst: src.ip, dport: sport, flags: 'S.', l7: `HTTP/1.1 ${resp.status} ${resp.reason}` });
    this.podLeg(dst, src, back, rf, []);
    return resp;
  }

  private podLeg(src: PodState, dst: PodState, p: PacketView, f: Flow, extra: MonitorEvent[]): boolean {
    if (!this.legs.podEgress(src, p, f, true, extra)) return false;
    if (src.node === dst.node) return this.legs.deliverFromTc(dst, p, f, src.identity, 'lxc');
    const a = this.legs.node(src.node);
    const b = this.legs.node(dst.node);
    if (!a || !b) return false;
    this.legs.crossNodes(a, b, p, f, src.identity, 'lxc');
    return this.legs.deliverFromTc(dst, p, f, src.identity, 'netdev');
  }

  // ------------------------------------------------------------ from a pod

  private fromPod(a: Attempt, req: CurlRequest, ip: string): Exchange {
    const none: Exchange = { response: null, backend: null, envoyNode: null };
    const me = this.origin.pod as PodState;
    const node = this.legs.node(me.node);
    const fe = findFrontend(this.state, ip, req.port, true);
    const sport = a.sport ?? 0;
    const view: HttpRequestView = { method: req.headOnly ? 'HEAD' : req.method, path: req.path, host: this.hostHeader(req), headers: a.requestHeaders.map(([n, v]) => [n.toLowerCase(), v]), remoteIP: me.ip, remotePort: sport };
    if (!node) return none;
    const podName = this.legs.podName(me);
    if (fe && fe.svc.l7lb) {
      const conn = this.w.conn('tcp', 'pod→envoy', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: `${fe.svc.namespace}/${fe.svc.name}` });
      const f: Flow = { conn, direction: 'request', skb: this.w.newSkb() };
      const syn = pkt({ src: me.ip, sport, dst: ip, dport: req.port, flags: 'S', l7: a.tls ? null : this.l7(req), tls: a.tls });
      this.w.hop({ conn: f.conn, direction: f.direction, skb: null, node: me.node, where: `pod:${podName}`, stage: 'socket-lb', program: 'cil_sock4_connect', packet: syn, action: 'connect', id: 'datapath.sock.l7Skip', params: { service: `${fe.svc.namespace}/${fe.svc.name}`, ip, port: req.port }, refs: ['sockLb', 'sockL7Skip'] });
      return this.ingress(a, req, node, fe, { kind: 'lxc', pod: me }, syn, f);
    }
    let dst: PodState | undefined;
    if (fe) {
      const eps = readyEndpoints(fe.svc, fe.port.name);
      const conn0 = this.w.conn('tcp', 'pod→service', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: `${fe.svc.namespace}/${fe.svc.name}` });
      const before = pkt({ src: me.ip, sport, dst: ip, dport: req.port, flags: 'S' });
      if (eps.length === 0) {
        this.w.hop({ conn: conn0, direction: 'request', skb: null, node: me.node, where: `pod:${podName}`, stage: 'socket-lb', program: 'cil_sock4_connect', packet: before, action: 'drop', id: 'datapath.sock.noBackend', params: { service: `${fe.svc.namespace}/${fe.svc.name}` }, refs: ['sockLb'] });
        a.fail = connectFail(a.host, ip, a.port, me.ip, sport, 1, 'Connection refused');
        return none;
      }
      const ep = eps[pickIndex(this.state.seed, `sock:${fe.svc.name}:${this.n}:${sport}`, eps.length)];
      dst = podOf(this.state, ep.pod, ep.ip);
      const dport = ep.port;
      const after = withPkt(before, { dst: ep.ip, dport: ep.port });
      const sockEvents: MonitorEvent[] = [
        this.legs.ev('sock', 'pre-xlate-fwd', me.node, before, { verdict: 'TRACED', srcId: me.identity, isReply: false }),
        this.legs.ev('sock', 'post-xlate-fwd', me.node, after, { verdict: 'TRANSLATED', srcId: me.identity, isReply: false }),
      ];
      this.w.hop({ conn: conn0, direction: 'request', skb: null, node: me.node, where: `pod:${podName}`, stage: 'socket-lb', program: 'cil_sock4_connect', packet: before, after, action: 'rewrite', rewrites: ['SOCK-XLATE'], events: sockEvents, id: 'datapath.sock.xlate', params: { service: `${fe.svc.namespace}/${fe.svc.name}`, vip: `${ip}:${req.port}`, backend: `${ep.ip}:${ep.port}` }, refs: ['sockLb'] });
      const svcInfo = { namespace: fe.svc.namespace, service: fe.svc.name };
      if (!dst) {
        this.w.diag('datapath.lb.backendNotPod', { ip: ep.ip, service: `${fe.svc.namespace}/${fe.svc.name}` }, 'warning');
        this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
        return none;
      }
      return this.podDirect(a, req, me, dst, dport, sport, conn0, view, svcInfo);
    }
    dst = podByIP(this.state.pods, ip);
    if (dst) {
      const conn = this.w.conn('tcp', 'pod→pod', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: this.legs.podName(dst) });
      return this.podDirect(a, req, me, dst, req.port, sport, conn, view, null);
    }
    const target = this.state.nodes.find((n) => n.interfaces.some((i) => i.ip === ip) || n.ingressIP === ip);
    const conn = this.w.conn('tcp', 'pod→host', { ip: me.ip, port: sport, host: podName }, { ip, port: req.port, host: target?.name ?? ip });
    const f: Flow = { conn, direction: 'request', skb: this.w.newSkb() };
    const syn = pkt({ src: me.ip, sport, dst: ip, dport: req.port, flags: 'S', l7: this.l7(req) });
    if (!this.legs.podEgress(me, syn, f, true)) {
      this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
      return none;
    }
    if (target) {
      if (target.name !== node.name) this.legs.crossNodes(node, target, syn, f, me.identity, 'lxc');
      this.legs.hostSocket(target, syn, f, 'datapath.stack.closedPort', { port: req.port, node: target.name }, [...(target.name === node.name ? KF.localIn : KF.localInList), 'tcp_v4_send_reset', 'ip_send_unicast_reply']);
      a.fail = connectFail(a.host, ip, a.port, me.ip, sport, 1, 'Connection refused');
      return none;
    }
    this.w.diag('datapath.pod.outside', { ip }, 'warning');
    this.w.hop({ conn: f.conn, direction: f.direction, skb: f.skb, node: node.name, where: 'stack', stage: 'kernel-routing', packet: syn, action: 'drop', id: 'datapath.pod.outside', params: { ip }, refs: [] });
    this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
    return none;
  }

  private podDirect(a: Attempt, req: CurlRequest, me: PodState, dst: PodState, dport: number, sport: number, conn: number, view: HttpRequestView, svc: { namespace: string; service: string } | null): Exchange {
    const resp = this.podToPod(me, dst, dport, sport, conn, view);
    if (!resp) {
      this.connectWait(a, req, GAVE_UP_SYN_MS, 'Connection timed out');
      return { response: null, backend: null, envoyNode: null };
    }
    a.connected = true;
    return {
      response: { ...resp, headers: [...resp.headers.filter(([n]) => n !== 'date'), ['date', this.date]] },
      backend: this.takeProxiedBackend() ?? { namespace: dst.namespace, service: svc?.service ?? '', pod: dst.name, node: dst.node },
      envoyNode: null,
    };
  }

  /** The pod behind a proxying app, once: the trace's backend is the pod that produced the answer. */
  private takeProxiedBackend(): Exchange['backend'] {
    const b = this.proxiedBackend;
    this.proxiedBackend = null;
    return b;
  }
}

export type { TraceOutcome };
