// Envoy's decisions for a Cilium Ingress listener, as pure functions: filter
// chain by SNI, curl's certificate verdict, virtual host by :authority, route
// match, backend choice. The hops that show them are built in ingress.ts.
import { RE2JS } from 're2js';
import type { CertificateInfo, CurlRequest } from '../../model/types';
import type {
  ClusterState,
  EndpointAddress,
  EnvoyFilterChain,
  EnvoyListener,
  EnvoyRoute,
  EnvoyRouteBackend,
  EnvoyVirtualHost,
  ServiceState,
} from '../types';
import { isIPv4, pickIndex } from './util';

/**
 * Envoy's server_names matching: exact first, then `*.suffix` wildcards from
 * the longest suffix (Envoy strips one label at a time, so `*.foo.com` also
 * matches `a.b.foo.com` at the filter-chain level).
 * envoyproxy/envoy filter_chain_manager_impl.cc findFilterChainForServerName
 */
export function chooseFilterChain(listener: EnvoyListener, sni: string | null): EnvoyFilterChain | null {
  const tls = listener.tlsChains.filter((c) => c.serverNames.length > 0);
  if (!sni) return null;
  const name = sni.toLowerCase();
  const exact = tls.find((c) => c.serverNames.some((s) => s.toLowerCase() === name));
  if (exact) return exact;
  const labels = name.split('.');
  for (let i = 1; i < labels.length; i++) {
    const wildcard = `*.${labels.slice(i).join('.')}`;
    const hit = tls.find((c) => c.serverNames.some((s) => s.toLowerCase() === wildcard));
    if (hit) return hit;
  }
  return null;
}

/** RFC 6125 as OpenSSL applies it for curl: a wildcard covers exactly one left-most label. */
export function certCovers(cert: CertificateInfo, host: string): boolean {
  if (isIPv4(host)) return cert.ipAddresses.includes(host);
  const h = host.toLowerCase();
  const names = cert.dnsNames.length > 0 ? cert.dnsNames : cert.subjectCN ? [cert.subjectCN] : [];
  return names.some((n) => {
    const name = n.toLowerCase();
    if (!name.startsWith('*.')) return name === h;
    const suffix = name.slice(1); // .foo.com
    if (!h.endsWith(suffix)) return false;
    const label = h.slice(0, h.length - suffix.length);
    return label.length > 0 && !label.includes('.');
  });
}

export type CertVerdict =
  | { ok: true }
  | { ok: false; exit: 60; message: string; reason: 'expired' | 'not-yet-valid' | 'untrusted' | 'self-signed' | 'name' };

/** What curl (OpenSSL) decides about the certificate Envoy presents. curl/curl lib/vtls/openssl.c */
export function curlCertVerdict(req: CurlRequest, cert: CertificateInfo, clock: string): CertVerdict {
  if (req.insecure) return { ok: true };
  const now = Date.parse(clock);
  if (!Number.isNaN(now)) {
    if (Date.parse(cert.notAfter) < now)
      return { ok: false, exit: 60, reason: 'expired', message: 'SSL certificate problem: certificate has expired' };
    if (Date.parse(cert.notBefore) > now)
      return { ok: false, exit: 60, reason: 'not-yet-valid', message: 'SSL certificate problem: certificate is not yet valid' };
  }
  if (!req.cacert) {
    // The lab's clients trust only the system store; mkcert and self-made CAs are not in it.
    if (cert.selfSigned)
      return { ok: false, exit: 60, reason: 'self-signed', message: 'SSL certificate problem: self-signed certificate' };
    return { ok: false, exit: 60, reason: 'untrusted', message: 'SSL certificate problem: unable to get local issuer certificate' };
  }
  if (!certCovers(cert, req.host))
    return {
      ok: false,
      exit: 60,
      reason: 'name',
      message: `SSL: no alternative certificate subject name matches target host name '${req.host}'`,
    };
  return { ok: true };
}

/** Envoy's virtual host choice: exact domain, then the longest `*.` suffix, then `*`. */
export function selectVirtualHost(listener: EnvoyListener, authority: string): EnvoyVirtualHost | null {
  const host = authority.replace(/:\d+$/, '').toLowerCase();
  const vhs = listener.virtualHosts;
  const exact = vhs.find((v) => v.host !== '*' && !v.host.startsWith('*.') && v.host.toLowerCase() === host);
  if (exact) return exact;
  const wild = vhs
    .filter((v) => v.host.startsWith('*.') && host.endsWith(v.host.slice(1).toLowerCase()))
    .sort((a, b) => b.host.length - a.host.length)[0];
  if (wild) return wild;
  return vhs.find((v) => v.host === '*') ?? null;
}

// A route's regex compiled once, kept beside the (state-owned) match object it belongs to;
// re-compiled should the pattern differ. null: the pattern does not compile (never matches).
const compiled = new WeakMap<object, { pattern: string; re: RE2JS | null }>();

function fullMatch(owner: object, pattern: string, text: string): boolean {
  let c = compiled.get(owner);
  if (!c || c.pattern !== pattern) {
    let re: RE2JS | null;
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    c = { pattern, re };
    compiled.set(owner, c);
  }
  try {
    return c.re !== null && c.re.matches(text);
  } catch {
    return false;
  }
}

export function pathMatches(match: EnvoyRoute['match'], path: string): boolean {
  const p = path.split('?')[0];
  switch (match.type) {
    case 'exact':
      return p === match.value;
    case 'prefix':
      return p.startsWith(match.value);
    case 'path_separated_prefix': {
      const v = match.value.replace(/\/+$/, '');
      if (v === '') return true;
      return p === v || p.startsWith(`${v}/`);
    }
    case 'regex':
      return fullMatch(match, match.value, p);
    default:
      return false;
  }
}

/** The first route (in the listener's order) whose path matches; Cilium's wildcard regex on :authority too. */
export function matchRoute(vh: EnvoyVirtualHost, authority: string, path: string): EnvoyRoute | null {
  const host = authority.replace(/:\d+$/, '');
  if (vh.authorityRegex && !fullMatch(vh, vh.authorityRegex, host) && !fullMatch(vh, vh.authorityRegex, authority)) return null;
  return vh.routes.find((r) => pathMatches(r.match, path)) ?? null;
}

export type BackendChoice =
  | { ok: true; service: ServiceState; endpoint: EndpointAddress; backend: EnvoyRouteBackend }
  | { ok: false; why: 'no-service' | 'no-port' | 'no-endpoints'; backend: EnvoyRouteBackend };

export function servicePortOf(svc: ServiceState, port: number | string) {
  return svc.ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port)) ?? null;
}

export function readyEndpoints(svc: ServiceState, portName: string | null): EndpointAddress[] {
  const eps = svc.endpoints.filter((e) => e.ready);
  const named = eps.filter((e) => e.portName === portName);
  return named.length > 0 ? named : svc.ports.length <= 1 ? eps : [];
}

/** Weighted backend service, then an endpoint, both deterministic from the seed. */
export function chooseBackend(state: ClusterState, route: EnvoyRoute, salt: string): BackendChoice | null {
  if (route.backends.length === 0) return null;
  const total = route.backends.reduce((s, b) => s + Math.max(0, b.weight), 0);
  let pick = route.backends[0];
  if (total > 0) {
    let x = pickIndex(state.seed, `weight:${salt}`, total);
    for (const b of route.backends) {
      x -= Math.max(0, b.weight);
      if (x < 0) {
        pick = b;
        break;
      }
    }
  }
  const svc = state.services.find((s) => s.namespace === pick.namespace && s.name === pick.service);
  if (!svc) return { ok: false, why: 'no-service', backend: pick };
  const sp = servicePortOf(svc, pick.port);
  if (!sp) return { ok: false, why: 'no-port', backend: pick };
  const eps = readyEndpoints(svc, sp.name);
  if (eps.length === 0) return { ok: false, why: 'no-endpoints', backend: pick };
  return { ok: true, service: svc, endpoint: eps[pickIndex(state.seed, `ep:${salt}`, eps.length)], backend: pick };
}
