// Hand-built Manifest values for the control plane's tests (the default lab of
// LABS.md, and small builders), independent of the YAML parser.
import type {
  CiliumConfig,
  CiliumL2AnnouncementPolicy,
  CiliumLoadBalancerIPPool,
  CiliumNetworkPolicy,
  Ingress,
  IngressBackend,
  IngressClass,
  Lab,
  LabelSelector,
  Manifest,
  PathType,
  PolicyPeerRule,
  Service,
  SourceLoc,
  Workload,
} from '../../model/types';

let docCounter = 100;
/** A location in the "editor" text; each call is a new document (creation order = call order). */
export function loc(file = 'editor', doc?: number): SourceLoc {
  return { file, doc: doc ?? docCounter++, line: 1, column: 1 };
}

export function labConfig(over: Partial<CiliumConfig> = {}): CiliumConfig {
  return {
    routingMode: 'native',
    tunnelProtocol: 'vxlan',
    ipv4NativeRoutingCIDR: '172.20.0.0/16',
    autoDirectNodeRoutes: true,
    endpointRoutes: true,
    kubeProxyReplacement: true,
    bpfMasquerade: true,
    hostLegacyRouting: false,
    bpfTproxy: false,
    monitorAggregation: 'medium',
    hubbleEnabled: true,
    ingressController: { enabled: true, loadbalancerMode: 'shared', enforceHttps: true, isDefault: false, serviceType: 'LoadBalancer' },
    l7Backend: 'envoy',
    l2announcements: true,
    localRedirectPolicy: true,
    clusterPoolIPv4PodCIDRList: ['172.20.0.0/16'],
    clusterPoolIPv4MaskSize: 24,
    raw: {},
    ...over,
  };
}

export function meta(name: string, namespace = 'default', labels: Record<string, string> = {}, annotations: Record<string, string> = {}) {
  return { name, namespace, labels, annotations };
}

export function defaultLab(cfg: Partial<CiliumConfig> = {}): Lab {
  const l = loc('lab', 0);
  return {
    kind: 'Lab',
    apiVersion: 'hopscope.dev/v1alpha1',
    meta: meta('cilium-week6', ''),
    loc: l,
    title: 'lab',
    notes: null,
    extends: null,
    nodes: [
      {
        name: 'k8s-ctr',
        role: 'control-plane',
        labels: {},
        podCIDR: '172.20.0.0/24',
        ingressIP: '172.20.0.173',
        ciliumHostIP: '172.20.0.114',
        defaultInterface: 'eth0',
        interfaces: [
          { name: 'eth0', address: '10.0.2.15/24', mac: '08:00:27:6b:69:c9', loc: l },
          { name: 'eth1', address: '192.168.10.100/24', mac: '08:00:27:5c:1e:aa', loc: l },
        ],
        loc: l,
      },
      {
        name: 'k8s-w1',
        role: 'worker',
        labels: {},
        podCIDR: '172.20.1.0/24',
        ingressIP: '172.20.1.110',
        ciliumHostIP: '172.20.1.6',
        defaultInterface: 'eth0',
        interfaces: [
          { name: 'eth0', address: '10.0.2.15/24', mac: '08:00:27:8a:2c:11', loc: l },
          { name: 'eth1', address: '192.168.10.101/24', mac: '08:00:27:3d:91:0b', loc: l },
        ],
        loc: l,
      },
    ],
    clients: [{ name: 'router', address: '192.168.10.200/24', mac: '08:00:27:11:22:33', loc: l }],
    serviceCIDR: '10.96.0.0/12',
    cilium: labConfig(cfg),
    requests: [],
    clock: '2025-08-23T15:19:00Z',
    seed: 1,
    kernel: '6.8',
  };
}

export function workload(kind: Workload['kind'], name: string, podLabels: Record<string, string>, over: Partial<Workload> = {}): Workload {
  return {
    kind,
    apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
    meta: meta(name, over.meta?.namespace ?? 'default', kind === 'Pod' ? podLabels : {}),
    loc: loc(),
    replicas: 1,
    podLabels,
    nodeName: null,
    nodeSelector: {},
    hostNetwork: false,
    containers: [{ name: name, image: 'img', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }],
    ...over,
  };
}

export function service(name: string, selector: Record<string, string> | null, ports: { port: number; targetPort?: number | string; name?: string }[], over: Partial<Service> = {}): Service {
  const l = loc();
  return {
    kind: 'Service',
    apiVersion: 'v1',
    meta: meta(name, 'default', selector ?? {}),
    loc: l,
    type: 'ClusterIP',
    clusterIP: null,
    selector,
    ports: ports.map((p) => ({ name: p.name ?? null, port: p.port, targetPort: p.targetPort ?? p.port, nodePort: null, protocol: 'TCP', loc: l })),
    externalTrafficPolicy: 'Cluster',
    loadBalancerIP: null,
    loadBalancerClass: null,
    externalIPs: [],
    ...over,
  };
}

export function backend(svc: string, port: number | string): IngressBackend {
  return { service: { name: svc, port: typeof port === 'number' ? { number: port } : { name: port } }, loc: loc() };
}

export function ingress(
  name: string,
  rules: { host?: string; paths: { path: string; type?: PathType; svc: string; port: number | string }[] }[],
  over: Partial<Ingress> = {},
): Ingress {
  const l = loc();
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    meta: meta(name),
    loc: l,
    ingressClassName: 'cilium',
    classAnnotation: null,
    defaultBackend: null,
    rules: rules.map((r) => ({
      host: r.host ?? null,
      loc: l,
      paths: r.paths.map((p) => ({ path: p.path, pathType: p.type ?? 'Prefix', backend: backend(p.svc, p.port), loc: loc(l.file, l.doc) })),
    })),
    tls: [],
    ...over,
  };
}

export function selector(matchLabels: Record<string, string> = {}, matchExpressions: LabelSelector['matchExpressions'] = []): LabelSelector {
  return { matchLabels, matchExpressions };
}

export function peer(over: Partial<PolicyPeerRule>): PolicyPeerRule {
  return { endpoints: null, entities: null, cidrs: null, services: null, ports: null, loc: loc(), ...over };
}

export function ccnp(name: string, endpointSelector: LabelSelector, ingressRules: PolicyPeerRule[] | null, over: Partial<CiliumNetworkPolicy['specs'][number]> = {}): CiliumNetworkPolicy {
  const l = loc();
  return {
    kind: 'CiliumClusterwideNetworkPolicy',
    apiVersion: 'cilium.io/v2',
    meta: meta(name, ''),
    loc: l,
    specs: [{ endpointSelector, nodeSelector: null, ingress: ingressRules, ingressDeny: null, egress: null, egressDeny: null, description: null, loc: l, ...over }],
  };
}

export function pool(name: string, blocks: { cidr?: string; start?: string; stop?: string }[], over: Partial<CiliumLoadBalancerIPPool> = {}): CiliumLoadBalancerIPPool {
  const l = loc();
  return {
    kind: 'CiliumLoadBalancerIPPool',
    apiVersion: 'cilium.io/v2',
    meta: meta(name, ''),
    loc: l,
    blocks: blocks.map((b) => ({ cidr: b.cidr ?? null, start: b.start ?? null, stop: b.stop ?? null, loc: l })),
    serviceSelector: null,
    disabled: false,
    allowFirstLastIPs: true,
    ...over,
  };
}

export function l2policy(name: string, interfaces: string[], over: Partial<CiliumL2AnnouncementPolicy> = {}): CiliumL2AnnouncementPolicy {
  return {
    kind: 'CiliumL2AnnouncementPolicy',
    apiVersion: 'cilium.io/v2alpha1',
    meta: meta(name, ''),
    loc: loc(),
    serviceSelector: null,
    nodeSelector: null,
    interfaces,
    externalIPs: true,
    loadBalancerIPs: true,
    ...over,
  };
}

export function ciliumClass(isDefault = false): IngressClass {
  return { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', meta: meta('cilium', ''), loc: loc('lab', 1), controller: 'cilium.io/ingress-controller', isDefault };
}

/** The default lab (LABS.md "The lab cluster" + labs 1-2): webpod, curlpod, the pool and policy1. */
export function defaultManifest(over: Partial<Manifest> = {}, cfg: Partial<CiliumConfig> = {}): Manifest {
  const webpod = workload('Deployment', 'webpod', { app: 'webpod' }, { replicas: 2, loc: loc('lab', 2) });
  const curlpod = workload('Pod', 'curlpod', { app: 'curl' }, { nodeName: 'k8s-ctr', loc: loc('lab', 4), containers: [{ name: 'curl', image: 'nicolaka/netshoot', ports: [] }] });
  const svc = service('webpod', { app: 'webpod' }, [{ port: 80 }], { loc: loc('lab', 3) });
  return {
    lab: defaultLab(cfg),
    ingresses: [],
    ingressClasses: [ciliumClass()],
    services: [svc],
    endpoints: [],
    workloads: [webpod, curlpod],
    secrets: [],
    pools: [pool('cilium-lb-ippool', [{ start: '192.168.10.211', stop: '192.168.10.215' }], { loc: loc('lab', 5) })],
    l2Policies: [l2policy('policy1', ['eth1'], { loc: loc('lab', 6) })],
    policies: [],
    ignored: [],
    diagnostics: [],
    ...over,
  };
}

/** Bookinfo's services and deployments (lab 3), each a Deployment + Service on 9080. */
export function bookinfo(): { workloads: Workload[]; services: Service[] } {
  const apps = [
    ['productpage', 'v1'],
    ['details', 'v1'],
    ['ratings', 'v1'],
    ['reviews', 'v1'],
    ['reviews', 'v2'],
    ['reviews', 'v3'],
  ] as const;
  const workloads = apps.map(([app, v]) =>
    workload('Deployment', `${app}-${v}`, { app, version: v }, { containers: [{ name: app, image: `istio/examples-bookinfo-${app}-${v}`, ports: [{ name: null, containerPort: 9080, protocol: 'TCP' }] }] }),
  );
  const services = ['details', 'ratings', 'reviews', 'productpage'].map((app) => service(app, { app }, [{ port: 9080, name: 'http' }]));
  return { workloads, services };
}
