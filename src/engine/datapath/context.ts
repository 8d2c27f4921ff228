// What every stage of one walk shares, passed explicitly as `ctx`: the cluster
// state, the hop builder (Walk: hops, connections, skbs, diagnostics, lang), the
// legs, the request's origin and the attempt's number; plus the request-side
// helpers (Host header, curl's timers, the scenario clock). net/ipv4/tcp_timer.c
import type { CurlRequest } from '../../model/types';
import type { ClusterState, NetIf, PathTrace, PodState, ServicePortState, ServiceState } from '../types';
import type { HttpResponse } from './app';
import type { Walk } from './builder';
import { CURL_UA, connectFail, type Attempt } from './curl-output';
import type { Legs } from './legs';
import { podByIP, podByNsName } from '../cluster/lookup';

export interface Origin {
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

export interface Frontend {
  svc: ServiceState;
  port: ServicePortState;
  via: 'loadbalancer' | 'externalIP' | 'nodeport' | 'clusterip';
}

export type Arrival = { kind: 'netdev'; iface: NetIf } | { kind: 'lxc'; pod: PodState };

export interface Exchange {
  response: HttpResponse | null;
  backend: PathTrace['backend'];
  envoyNode: string | null;
}

/** The walk's shared context (one per walkCurl; the stages read it and the two mutable fields below). */
export interface Ctx {
  readonly state: ClusterState;
  readonly w: Walk;
  readonly origin: Origin;
  readonly legs: Legs;
  /** the attempt's number (0 = the first request, then one per redirect followed) */
  n: number;
  /** the pod that finally answered behind a proxying app (ingress-nginx), for trace.backend */
  proxiedBackend: Exchange['backend'];
}

/** tcp_syn_retries=6: retransmits after 1, 3, 7, 15, 31, 63 s, gives up at 127 s (net/ipv4/tcp_timer.c). */
export const GAVE_UP_SYN_MS = 127_000;

export function podOf(state: ClusterState, ref: string | null, ip: string): PodState | undefined {
  if (ref) {
    const [ns, name] = ref.split('/');
    const p = podByNsName(state.pods, ns, name);
    if (p) return p;
  }
  return podByIP(state.pods, ip);
}

// The scenario clock as an HTTP Date header. Date.parse + toUTCString cost more than the
// rest of a hop: computed once per clock text (a pure function of it; bounded by the
// states alive, as the memo lives beside each state's clock).
const HTTP_DATES = new WeakMap<ClusterState, { clock: string; text: string }>();

function httpDateOf(clock: string): string {
  return new Date(Date.parse(clock) || 0).toUTCString();
}

export function httpDateFor(state: ClusterState): string {
  const c = HTTP_DATES.get(state);
  if (c && c.clock === state.clock) return c.text;
  const text = httpDateOf(state.clock);
  HTTP_DATES.set(state, { clock: state.clock, text });
  return text;
}

export function limitMs(req: CurlRequest): number | null {
  const l = [req.maxTime, req.connectTimeout].filter((x): x is number => typeof x === 'number' && x > 0);
  return l.length ? Math.min(...l) * 1000 : null;
}

/** A connect that never completes: the kernel's errno after `ms`, unless curl's own timer fires first. */
export function connectWait(a: Attempt, req: CurlRequest, ms: number, errno: string): void {
  const limit = limitMs(req);
  if (limit !== null && limit < ms) a.fail = connectFail(a.host, a.ip ?? '', a.port, a.srcIP, a.sport, limit + 1, errno, 28);
  else a.fail = connectFail(a.host, a.ip ?? '', a.port, a.srcIP, a.sport, ms, errno, 7);
}

export function hostHeader(req: CurlRequest): string {
  const h = req.headers.find((x) => x.name.toLowerCase() === 'host');
  if (h) return h.value;
  const dflt = req.scheme === 'https' ? 443 : 80;
  return req.port === dflt ? req.host : `${req.host}:${req.port}`;
}

export function requestHeaders(req: CurlRequest): [string, string][] {
  const out: [string, string][] = [['Host', hostHeader(req)]];
  const ua = req.headers.find((x) => x.name.toLowerCase() === 'user-agent');
  out.push(['User-Agent', ua?.value ?? CURL_UA]);
  if (!req.headers.some((x) => x.name.toLowerCase() === 'accept')) out.push(['Accept', '*/*']);
  for (const h of req.headers) if (!['host', 'user-agent'].includes(h.name.toLowerCase())) out.push([h.name, h.value]);
  return out;
}

export function l7(req: CurlRequest): string {
  return `${req.headOnly ? 'HEAD' : req.method} ${req.path} HTTP/1.1 Host: ${hostHeader(req)}`;
}
