// Cilium Ingress: which Ingresses the operator takes, the LoadBalancer Services
// that front them (shared / dedicated), and the Envoy listeners they become.
// Sources: cilium/cilium operator/pkg/ingress (helpers.go, ingress_reconcile.go),
// operator/pkg/model/ingestion/ingress.go, operator/pkg/model/translation
// (envoy_virtual_host.go, envoy_listener.go, ingress/dedicated_ingress.go).
import type { CiliumConfig, Diagnostic, Ingress, IngressBackend, IngressClass, Secret } from '../../model/types';
import type { EnvoyFilterChain, EnvoyListener, EnvoyRoute, EnvoyVirtualHost, IngressState, RouteMatchType, ServiceState } from '../types';
import { diag } from './util';

export const SHARED_SERVICE = { namespace: 'kube-system', name: 'cilium-ingress' };
export const DUMMY_BACKEND = { ip: '192.192.192.192', port: 9999 };
export const SECRETS_NAMESPACE = 'cilium-secrets';
/** Default of operator flag ingress-lb-annotation-prefixes (docs ingress.rst, 1.16+). */
export const LB_ANNOTATION_PREFIXES = ['lbipam.cilium.io', 'nodeipam.cilium.io', 'service.beta.kubernetes.io', 'service.kubernetes.io', 'cloud.google.com'];

function annotation(ing: Ingress, key: string, alias?: string): string | undefined {
  return ing.meta.annotations[`ingress.cilium.io/${key}`] ?? (alias ? ing.meta.annotations[`io.cilium.ingress/${alias}`] : undefined);
}

/** operator/pkg/ingress/helpers.go ingressClassName: the annotation wins over spec.ingressClassName. */
export function effectiveClass(ing: Ingress): string | null {
  if (ing.classAnnotation !== null) return ing.classAnnotation;
  return ing.ingressClassName;
}

/** operator/pkg/ingress/helpers.go isCiliumManagedIngress. Returns the ignore reason (message id) or null when managed. */
export function ignoreReason(ing: Ingress, classes: IngressClass[], cfg: CiliumConfig): string | null {
  if (!cfg.ingressController.enabled) return 'cluster.ingress.controllerDisabled';
  const cls = effectiveClass(ing);
  if (cls === 'cilium') return null;
  if (cls === null || cls === '') {
    const ciliumClass = classes.find((c) => c.meta.name === 'cilium');
    const isDefault = (ciliumClass?.isDefault ?? false) || cfg.ingressController.isDefault;
    return isDefault ? null : 'cluster.ingress.noClass';
  }
  return 'cluster.ingress.otherClass';
}

/** ingress_reconcile.go isEffectiveLoadbalancerModeDedicated. */
export function effectiveMode(ing: Ingress, cfg: CiliumConfig): 'shared' | 'dedicated' {
  const v = annotation(ing, 'loadbalancer-mode', 'loadbalancer-mode');
  if (v === 'dedicated' || v === 'shared') return v;
  return cfg.ingressController.loadbalancerMode;
}

function boolAnnotation(v: string | undefined): boolean | null {
  if (v === undefined) return null;
  if (v === 'enabled' || v === 'true') return true;
  if (v === 'disabled' || v === 'false') return false;
  return null;
}

function lbService(namespace: string, name: string, type: 'LoadBalancer' | 'NodePort', origin: ServiceState['origin'], ingress: string | null): ServiceState {
  return {
    namespace,
    name,
    type,
    headless: false,
    clusterIP: null,
    externalIP: null,
    externalIPs: [],
    pendingReason: null,
    ports: [
      { name: 'http', port: 80, targetPort: 80, nodePort: null, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 443, nodePort: null, protocol: 'TCP' },
    ],
    endpoints: [{ ip: DUMMY_BACKEND.ip, port: DUMMY_BACKEND.port, portName: null, pod: null, node: null, ready: true }],
    externalTrafficPolicy: 'Cluster',
    selector: null,
    labels: { 'cilium.io/ingress': 'true' },
    annotations: {},
    l7lb: true,
    l7lbProxyPort: null,
    origin,
    ingress,
    id: 0,
    loc: null,
    loadBalancerClass: null,
    loadBalancerIP: null,
  };
}

/** The Helm chart's shared `kube-system/cilium-ingress` Service (exists whenever the controller is enabled). */
export function sharedIngressService(cfg: CiliumConfig): ServiceState {
  return lbService(SHARED_SERVICE.namespace, SHARED_SERVICE.name, cfg.ingressController.serviceType, 'cilium-ingress-shared', null);
}

/** dedicated_ingress.go getService: `cilium-ingress-<name>` in the Ingress's namespace. */
export function dedicatedIngressService(ing: Ingress, diags: Diagnostic[]): ServiceState {
  const key = `${ing.meta.namespace}/${ing.meta.name}`;
  const typeAnn = annotation(ing, 'service-type', 'service-type');
  let type: 'LoadBalancer' | 'NodePort' = 'LoadBalancer';
  if (typeAnn === 'NodePort') type = 'NodePort';
  else if (typeAnn !== undefined && typeAnn !== 'LoadBalancer') diags.push(diag('warning', 'cluster.ingress.badServiceType', ing.loc, { ingress: key, value: typeAnn }));
  const svc = lbService(ing.meta.namespace, `cilium-ingress-${ing.meta.name}`, type, 'cilium-ingress-dedicated', key);
  svc.loc = ing.loc;
  if (type === 'NodePort') {
    const insecure = Number(annotation(ing, 'insecure-node-port', 'insecure-node-port'));
    const secure = Number(annotation(ing, 'secure-node-port', 'secure-node-port'));
    if (Number.isInteger(insecure) && insecure > 0) svc.ports[0]!.nodePort = insecure;
    if (Number.isInteger(secure) && secure > 0) svc.ports[1]!.nodePort = secure;
  }
  const etp = annotation(ing, 'service-external-traffic-policy');
  if (etp === 'Local' || etp === 'Cluster') svc.externalTrafficPolicy = etp;
  else if (etp !== undefined) diags.push(diag('warning', 'cluster.ingress.badETP', ing.loc, { ingress: key, value: etp }));
  const lbClass = annotation(ing, 'loadbalancer-class');
  if (lbClass) svc.loadBalancerClass = lbClass;
  // ingress_reconcile.go regenerate: annotations and labels with the LB prefixes are copied
  const prefixed = (k: string): boolean => LB_ANNOTATION_PREFIXES.some((p) => k.startsWith(p));
  for (const [k, v] of Object.entries(ing.meta.annotations)) if (prefixed(k)) svc.annotations[k] = v;
  for (const [k, v] of Object.entries(ing.meta.labels)) if (prefixed(k)) svc.labels[k] = v;
  return svc;
}

// ---------------------------------------------------------------- routes

/** envoy_virtual_host.go: Exact -> path, Prefix "/" -> prefix, other Prefix -> path_separated_prefix, ImplementationSpecific -> safe_regex. */
export function translatePath(pathType: Ingress['rules'][number]['paths'][number]['pathType'], path: string): { type: RouteMatchType; value: string } {
  if (pathType === 'Exact') return { type: 'exact', value: path };
  if (pathType === 'ImplementationSpecific') return { type: 'regex', value: path };
  if (path === '' || path === '/') return { type: 'prefix', value: '/' };
  const stripped = path.replace(/\/+$/, '');
  return { type: 'path_separated_prefix', value: stripped === '' ? '/' : stripped };
}

function matchRank(t: RouteMatchType): number {
  return t === 'exact' ? 0 : t === 'regex' ? 1 : 2;
}

/**
 * SortableRoute.Less (envoy_virtual_host.go) applied with a stable sort:
 * Exact (longer first), then regex (longer pattern text first), then prefixes
 * (longer first, so `/` last); ties keep input order.
 */
export function sortRoutes<T extends { match: { type: RouteMatchType; value: string } }>(routes: T[]): T[] {
  return routes
    .map((r, i) => ({ r, i }))
    .sort((a, b) => matchRank(a.r.match.type) - matchRank(b.r.match.type) || b.r.match.value.length - a.r.match.value.length || a.i - b.i)
    .map((x) => x.r);
}

/** `*.foo.com` -> `^[^.]+[.]foo[.]com$` (getMatchingHeaderRegex: exactly one label). */
export function wildcardAuthorityRegex(host: string): string | null {
  if (!host.startsWith('*.')) return null;
  const rest = host
    .slice(2)
    .split('.')
    .map((l) => l.replace(/[\\^$|?+()[\]{}*]/g, (c) => `\\${c}`))
    .join('[.]');
  return `^[^.]+[.]${rest}$`;
}

interface BackendRef {
  namespace: string;
  service: string;
  port: number | string;
}

function backendRef(ing: Ingress, b: IngressBackend, services: ServiceState[], diags: Diagnostic[]): BackendRef | null {
  const key = `${ing.meta.namespace}/${ing.meta.name}`;
  if (!b.service) {
    diags.push(diag('warning', 'cluster.ingress.resourceBackend', b.loc, { ingress: key }));
    return null;
  }
  const port = b.service.port.number ?? b.service.port.name ?? 0;
  const svc = services.find((s) => s.namespace === ing.meta.namespace && s.name === b.service!.name);
  if (!svc) diags.push(diag('warning', 'cluster.ingress.backendServiceMissing', b.loc, { ingress: key, service: `${ing.meta.namespace}/${b.service.name}` }, 'cluster.ingress.backendServiceMissing.hint'));
  else if (!svc.ports.some((p) => (typeof port === 'number' ? p.port === port : p.name === port)))
    diags.push(diag('warning', 'cluster.ingress.backendPortMissing', b.loc, { ingress: key, service: `${ing.meta.namespace}/${b.service.name}`, port }, 'cluster.ingress.backendServiceMissing.hint'));
  return { namespace: ing.meta.namespace, service: b.service.name, port };
}

function forceHttps(ing: Ingress, cfg: CiliumConfig): boolean {
  return boolAnnotation(annotation(ing, 'force-https')) ?? cfg.ingressController.enforceHttps;
}

/** One Envoy listener for the Ingresses behind one LB service (ingresses in creation order). */
export function buildListener(service: string, ingresses: Ingress[], services: ServiceState[], secrets: Secret[], cfg: CiliumConfig, diags: Diagnostic[]): EnvoyListener {
  const byHost = new Map<string, EnvoyRoute[]>();
  const redirectHosts = new Set<string>();
  const add = (ing: Ingress, host: string, match: { type: RouteMatchType; value: string }, b: BackendRef, loc: EnvoyRoute['loc']): void => {
    const list = byHost.get(host) ?? [];
    byHost.set(host, list);
    const ingKey = `${ing.meta.namespace}/${ing.meta.name}`;
    const same = list.find((r) => r.match.type === match.type && r.match.value === match.value);
    if (same) {
      // envoyHTTPRoutes matchBackendMap: identical matches merge into weighted clusters
      if (!same.backends.some((x) => x.namespace === b.namespace && x.service === b.service && x.port === b.port)) same.backends.push({ ...b, weight: 1 });
      if (!same.ingresses.includes(ingKey)) same.ingresses.push(ingKey);
      return;
    }
    list.push({ host, match, backends: [{ ...b, weight: 1 }], httpsRedirect: false, ingresses: [ingKey], loc });
  };
  for (const ing of ingresses) {
    if (ing.defaultBackend) {
      const b = backendRef(ing, ing.defaultBackend, services, diags);
      if (b) add(ing, '*', { type: 'prefix', value: '/' }, b, ing.defaultBackend.loc);
    }
    for (const rule of ing.rules) {
      const host = rule.host && rule.host !== '' ? rule.host : '*';
      for (const p of rule.paths) {
        const b = backendRef(ing, p.backend, services, diags);
        if (b) add(ing, host, translatePath(p.pathType, p.path), b, p.loc);
      }
    }
    if (forceHttps(ing, cfg)) for (const t of ing.tls) for (const h of t.hosts) redirectHosts.add(h);
  }
  const hosts = [...byHost.keys()].sort((a, b) => (a === '*' ? 1 : b === '*' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const virtualHosts: EnvoyVirtualHost[] = hosts.map((host) => {
    const routes = sortRoutes(byHost.get(host)!);
    if (redirectHosts.has(host)) for (const r of routes) r.httpsRedirect = true;
    return { name: host, host, domains: host === '*' ? ['*'] : [host, `${host}:*`], authorityRegex: wildcardAuthorityRegex(host), routes };
  });
  // envoy_listener.go: one filter chain per distinct secret, server_names = its hosts (sorted)
  const chains = new Map<string, EnvoyFilterChain>();
  for (const ing of ingresses) {
    for (const t of ing.tls) {
      if (!t.secretName) {
        diags.push(diag('warning', 'cluster.ingress.tlsNoSecret', t.loc, { ingress: `${ing.meta.namespace}/${ing.meta.name}` }));
        continue;
      }
      const key = `${ing.meta.namespace}/${t.secretName}`;
      let chain = chains.get(key);
      if (!chain) {
        const secret = secrets.find((s) => s.meta.namespace === ing.meta.namespace && s.meta.name === t.secretName);
        chain = {
          serverNames: [],
          secret: key,
          syncedSecret: `${SECRETS_NAMESPACE}/${ing.meta.namespace}-${t.secretName}`,
          certificate: secret?.certificate ?? null,
          secretMissing: !secret,
        };
        if (!secret) diags.push(diag('warning', 'cluster.ingress.secretMissing', t.loc, { secret: key }, 'cluster.ingress.secretMissing.hint'));
        chains.set(key, chain);
      }
      for (const h of t.hosts) if (!chain.serverNames.includes(h)) chain.serverNames.push(h);
    }
  }
  const tlsChains = [...chains.keys()].sort().map((k) => {
    const c = chains.get(k)!;
    c.serverNames.sort();
    return c;
  });
  return { service, proxyPort: 0, virtualHosts, tlsChains };
}

export interface IngressPlan {
  states: IngressState[];
  /** the shared Service (when the controller is on) and one per dedicated Ingress */
  services: ServiceState[];
  /** which Ingresses (objects) each LB service fronts */
  groups: { service: string; ingresses: Ingress[] }[];
}

/** Decides, for every Ingress, whether Cilium takes it and through which Service. */
export function planIngresses(ingresses: Ingress[], classes: IngressClass[], cfg: CiliumConfig, diags: Diagnostic[]): IngressPlan {
  const states: IngressState[] = [];
  const services: ServiceState[] = [];
  const groups: IngressPlan['groups'] = [];
  const sharedKey = `${SHARED_SERVICE.namespace}/${SHARED_SERVICE.name}`;
  if (cfg.ingressController.enabled) {
    services.push(sharedIngressService(cfg));
    groups.push({ service: sharedKey, ingresses: [] });
  }
  for (const ing of ingresses) {
    const key = `${ing.meta.namespace}/${ing.meta.name}`;
    const reason = ignoreReason(ing, classes, cfg);
    const hosts = [...new Set(ing.rules.map((r) => (r.host && r.host !== '' ? r.host : '*')))];
    const base: IngressState = {
      namespace: ing.meta.namespace,
      name: ing.meta.name,
      class: effectiveClass(ing),
      managed: reason === null,
      ignoredReason: reason,
      mode: null,
      service: null,
      address: null,
      tls: ing.tls.map((t) => ({ hosts: [...t.hosts], secret: t.secretName ? `${ing.meta.namespace}/${t.secretName}` : null })),
      loc: ing.loc,
      ingressClassName: ing.ingressClassName,
      hosts: hosts.length ? hosts : ing.defaultBackend ? ['*'] : [],
      // The rules as written, for controllers other than Cilium's (ingress-nginx
      // routes by them inside its own pod; the datapath reads them there).
      rules: ing.rules.map((r) => ({
        host: r.host && r.host !== '' ? r.host : null,
        paths: r.paths.map((p) => ({
          path: p.path,
          pathType: p.pathType,
          service: p.backend.service?.name ?? null,
          port: p.backend.service?.port.number ?? p.backend.service?.port.name ?? null,
        })),
      })),
    };
    if (reason) {
      diags.push(diag('info', reason, ing.loc, { ingress: key, class: effectiveClass(ing) ?? '' }));
      states.push(base);
      continue;
    }
    const mode = effectiveMode(ing, cfg);
    base.mode = mode;
    if (mode === 'shared') {
      base.service = sharedKey;
      groups[0]!.ingresses.push(ing);
    } else {
      const svc = dedicatedIngressService(ing, diags);
      services.push(svc);
      base.service = `${svc.namespace}/${svc.name}`;
      groups.push({ service: base.service, ingresses: [ing] });
    }
    states.push(base);
  }
  return { states, services, groups };
}

/** Ingress status mirrors its Service's LB address (ingress_reconcile.go updateIngressLoadbalancerStatus). */
export function ingressAddresses(states: IngressState[], services: ServiceState[]): void {
  for (const st of states) {
    if (!st.service) continue;
    const svc = services.find((s) => `${s.namespace}/${s.name}` === st.service);
    st.address = svc?.externalIP ?? null;
  }
}
