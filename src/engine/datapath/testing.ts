// A hand-made ClusterState of the default lab (src/model/default-lab.ts), for
// the datapath's tests until deriveCluster works, plus small builders for the
// variations the tests need (an Ingress route, TLS, policies, nginx).
import type { CiliumConfig, CurlRequest } from '../../model/types';
import type {
  ClusterState,
  CompiledPolicyRule,
  EnvoyFilterChain,
  EnvoyRoute,
  NetIf,
  NodeState,
  PodState,
  ServiceState,
} from '../types';
import { labConfig } from '../cluster/testing';
import { blankCurlRequest } from '../../model/curl';

/** The lab's helm values (the one literal lives in cluster/testing.ts). */
export const CONFIG: CiliumConfig = labConfig();

function lxc(name: string, ifindex: number, mac: string, pod: string): NetIf {
  return { name, ifindex, mac, ip: null, cidr: null, kind: 'lxc', pod };
}

function node(
  name: string,
  role: NodeState['role'],
  eth0Mac: string,
  eth1IP: string,
  eth1Mac: string,
  podCIDR: string,
  hostIP: string,
  ingressIP: string,
  lxcs: NetIf[],
  peer: { cidr: string; via: string },
): NodeState {
  const interfaces: NetIf[] = [
    { name: 'lo', ifindex: 1, mac: '00:00:00:00:00:00', ip: '127.0.0.1', cidr: '127.0.0.0/8', kind: 'lo' },
    { name: 'eth0', ifindex: 2, mac: eth0Mac, ip: '10.0.2.15', cidr: '10.0.2.0/24', kind: 'physical' },
    { name: 'eth1', ifindex: 3, mac: eth1Mac, ip: eth1IP, cidr: '192.168.10.0/24', kind: 'physical' },
    { name: 'cilium_net', ifindex: 4, mac: `0a:${name === 'k8s-ctr' ? '11' : '21'}:aa:bb:cc:01`, ip: null, cidr: null, kind: 'cilium_net' },
    { name: 'cilium_host', ifindex: 5, mac: `0a:${name === 'k8s-ctr' ? '11' : '21'}:aa:bb:cc:02`, ip: hostIP, cidr: null, kind: 'cilium_host' },
    ...lxcs,
  ];
  return {
    name,
    role,
    labels: { 'kubernetes.io/hostname': name },
    internalIP: eth1IP,
    podCIDR,
    ciliumHostIP: hostIP,
    ingressIP,
    interfaces,
    defaultInterface: 'eth0',
    routes: [
      { dst: 'default', via: '10.0.2.2', dev: 'eth0', src: '10.0.2.15', origin: 'default' },
      { dst: '10.0.2.0/24', via: null, dev: 'eth0', src: '10.0.2.15', origin: 'connected' },
      { dst: podCIDR, via: hostIP, dev: 'cilium_host', src: hostIP, origin: 'cilium_host' },
      { dst: peer.cidr, via: peer.via, dev: 'eth1', src: null, origin: 'autoDirectNodeRoutes' },
      { dst: '192.168.10.0/24', via: null, dev: 'eth1', src: eth1IP, origin: 'connected' },
    ],
    loc: null,
  };
}

function pod(ns: string, name: string, nodeName: string, ip: string, labels: Record<string, string>, identity: number, l: NetIf, mac: string, image: string, port: number | null, ep: number): PodState {
  return {
    namespace: ns,
    name,
    node: nodeName,
    ip,
    labels,
    identity,
    hostNetwork: false,
    lxc: l,
    mac,
    owner: name.startsWith('webpod') ? 'Deployment/webpod' : `Pod/${name}`,
    containers: [{ name: name.split('-')[0], image, ports: port ? [{ name: null, containerPort: port, protocol: 'TCP' }] : [] }],
    endpointID: ep,
    loc: null,
  };
}

export function svc(p: Partial<ServiceState> & { namespace: string; name: string }): ServiceState {
  return {
    type: 'ClusterIP',
    headless: false,
    clusterIP: null,
    externalIP: null,
    externalIPs: [],
    pendingReason: null,
    ports: [],
    endpoints: [],
    externalTrafficPolicy: 'Cluster',
    selector: null,
    labels: {},
    annotations: {},
    l7lb: false,
    l7lbProxyPort: null,
    origin: 'manifest',
    ingress: null,
    id: 1,
    loc: null,
    ...p,
  };
}

/** The default lab as deriveCluster should produce it. A fresh object each call. */
export function defaultLabState(): ClusterState {
  const lxcCurl = lxc('lxc4c2b8e1d5f01', 7, 'ae:11:00:00:00:07', 'default/curlpod');
  const lxcWebCtr = lxc('lxc9a1f0c3b2e44', 9, 'ae:11:00:00:00:09', 'default/webpod-697b545f57-2xk9p');
  const lxcWebW1 = lxc('lxc7d3e5a9b1c20', 8, 'ae:21:00:00:00:08', 'default/webpod-697b545f57-r8v6m');
  const ctr = node('k8s-ctr', 'control-plane', '08:00:27:6b:69:c9', '192.168.10.100', '08:00:27:5c:1e:aa', '172.20.0.0/24', '172.20.0.114', '172.20.0.173', [lxcCurl, lxcWebCtr], { cidr: '172.20.1.0/24', via: '192.168.10.101' });
  const w1 = node('k8s-w1', 'worker', '08:00:27:8a:2c:11', '192.168.10.101', '08:00:27:3d:91:0b', '172.20.1.0/24', '172.20.1.6', '172.20.1.110', [lxcWebW1], { cidr: '172.20.0.0/24', via: '192.168.10.100' });
  ctr.routes.splice(2, 0,
    { dst: '172.20.0.100', via: null, dev: lxcCurl.name, src: null, origin: 'endpointRoute' },
    { dst: '172.20.0.222', via: null, dev: lxcWebCtr.name, src: null, origin: 'endpointRoute' });
  w1.routes.splice(2, 0, { dst: '172.20.1.208', via: null, dev: lxcWebW1.name, src: null, origin: 'endpointRoute' });
  const webLabels = { app: 'webpod' };
  const pods: PodState[] = [
    pod('default', 'curlpod', 'k8s-ctr', '172.20.0.100', { app: 'curl' }, 4302, lxcCurl, '5e:00:00:00:00:07', 'nicolaka/netshoot', null, 301),
    pod('default', 'webpod-697b545f57-2xk9p', 'k8s-ctr', '172.20.0.222', webLabels, 17234, lxcWebCtr, '5e:00:00:00:00:09', 'traefik/whoami', 80, 302),
    pod('default', 'webpod-697b545f57-r8v6m', 'k8s-w1', '172.20.1.208', webLabels, 17234, lxcWebW1, '5e:00:00:00:01:08', 'traefik/whoami', 80, 401),
  ];
  const services: ServiceState[] = [
    svc({
      namespace: 'default',
      name: 'webpod',
      clusterIP: '10.96.33.91',
      ports: [{ name: null, port: 80, targetPort: 80, nodePort: null, protocol: 'TCP' }],
      endpoints: [
        { ip: '172.20.0.222', port: 80, portName: null, pod: 'default/webpod-697b545f57-2xk9p', node: 'k8s-ctr', ready: true },
        { ip: '172.20.1.208', port: 80, portName: null, pod: 'default/webpod-697b545f57-r8v6m', node: 'k8s-w1', ready: true },
      ],
      selector: webLabels,
      id: 2,
    }),
    svc({
      namespace: 'kube-system',
      name: 'cilium-ingress',
      type: 'LoadBalancer',
      clusterIP: '10.96.118.1',
      externalIP: '192.168.10.211',
      ports: [
        { name: 'http', port: 80, targetPort: 80, nodePort: 31080, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 443, nodePort: 31443, protocol: 'TCP' },
      ],
      endpoints: [{ ip: '192.192.192.192', port: 9999, portName: null, pod: null, node: null, ready: true }],
      l7lb: true,
      l7lbProxyPort: 13847,
      origin: 'cilium-ingress-shared',
      id: 3,
    }),
  ];
  return {
    config: structuredClone(CONFIG),
    title: 'default lab fixture',
    notes: null,
    clock: '2025-08-23T15:19:00Z',
    seed: 1,
    kernel: '6.8',
    serviceCIDR: '10.96.0.0/12',
    nodes: [ctr, w1],
    clients: [{ name: 'router', ip: '192.168.10.200', cidr: '192.168.10.0/24', mac: '08:00:27:11:22:33', loc: null }],
    pods,
    identities: [
      { id: 1, labels: ['reserved:host'], reserved: 'host' },
      { id: 2, labels: ['reserved:world'], reserved: 'world' },
      { id: 6, labels: ['reserved:remote-node'], reserved: 'remote-node' },
      { id: 8, labels: ['reserved:ingress'], reserved: 'ingress' },
      { id: 4302, labels: ['k8s:app=curl', 'k8s:io.kubernetes.pod.namespace=default'], reserved: null },
      { id: 17234, labels: ['k8s:app=webpod', 'k8s:io.kubernetes.pod.namespace=default'], reserved: null },
    ],
    ipcache: [
      { prefix: '0.0.0.0/0', identity: 2, labels: ['reserved:world'], source: 'reserved' },
      { prefix: '172.20.0.100/32', identity: 4302, labels: [], source: 'custom-resource' },
      { prefix: '172.20.0.222/32', identity: 17234, labels: [], source: 'custom-resource' },
      { prefix: '172.20.1.208/32', identity: 17234, labels: [], source: 'custom-resource' },
      { prefix: '172.20.0.173/32', identity: 8, labels: ['reserved:ingress'], source: 'custom-resource' },
      { prefix: '172.20.1.110/32', identity: 8, labels: ['reserved:ingress'], source: 'custom-resource' },
      { prefix: '192.168.10.100/32', identity: 1, labels: ['reserved:host'], source: 'local' },
      { prefix: '192.168.10.101/32', identity: 6, labels: ['reserved:remote-node'], source: 'custom-resource' },
    ],
    services,
    ingresses: [],
    envoy: [{ service: 'kube-system/cilium-ingress', proxyPort: 13847, virtualHosts: [], tlsChains: [] }],
    l2: [{ namespace: 'kube-system', service: 'cilium-ingress', ip: '192.168.10.211', node: 'k8s-ctr', interface: 'eth1', policy: 'policy1', lease: 'cilium-l2announce-kube-system-cilium-ingress', silentReason: null }],
    lbipam: { pools: [{ name: 'cilium-lb-ippool', blocks: ['192.168.10.211-192.168.10.215'], conflicting: false, disabled: false, allocated: [{ ip: '192.168.10.211', service: 'kube-system/cilium-ingress' }] }] },
    policies: [],
    ingressIPs: [{ node: 'k8s-ctr', ip: '172.20.0.173' }, { node: 'k8s-w1', ip: '172.20.1.110' }],
    requests: [],
    diagnostics: [],
    ignored: [],
  };
}

/** Add a route to the shared listener (creating the virtual host). */
export function addRoute(state: ClusterState, host: string, route: Partial<EnvoyRoute> & { match: EnvoyRoute['match'] }, service = 'webpod', port: number | string = 80): void {
  const listener = state.envoy[0];
  let vh = listener.virtualHosts.find((v) => v.host === host);
  if (!vh) {
    const wildcard = host.startsWith('*.');
    vh = {
      name: host,
      host,
      domains: host === '*' ? ['*'] : [host, `${host}:*`],
      authorityRegex: wildcard ? `^[^.]+${host.slice(1).replace(/\./g, '[.]')}$` : null,
      routes: [],
    };
    listener.virtualHosts.push(vh);
  }
  vh.routes.push({
    host,
    backends: [{ namespace: 'default', service, port, weight: 1 }],
    httpsRedirect: false,
    ingresses: ['default/test-ingress'],
    loc: null,
    ...route,
  });
}

/** The lab 3/4 shape with webpod: `/` Prefix -> webpod:80 in the catch-all host. */
export function withBasicIngress(state = defaultLabState()): ClusterState {
  addRoute(state, '*', { match: { type: 'prefix', value: '/' } });
  return state;
}

export function tlsChain(serverNames: string[], p: Partial<EnvoyFilterChain> = {}): EnvoyFilterChain {
  return {
    serverNames,
    secret: 'default/demo-cert',
    syncedSecret: 'cilium-secrets/default-demo-cert',
    certificate: {
      subjectCN: null,
      issuerCN: 'mkcert development CA',
      dnsNames: ['*.cilium.rocks'],
      ipAddresses: [],
      notBefore: '2025-08-01T00:00:00Z',
      notAfter: '2027-11-01T00:00:00Z',
      selfSigned: false,
      isCA: false,
      issuerOrg: 'mkcert development CA',
    },
    secretMissing: false,
    ...p,
  };
}

/** Lab 10: webpod.cilium.rocks with TLS (demo-cert) and enforce-HTTPS. */
export function withTlsIngress(state = defaultLabState()): ClusterState {
  addRoute(state, 'webpod.cilium.rocks', { match: { type: 'prefix', value: '/' }, httpsRedirect: true });
  state.envoy[0].tlsChains.push(tlsChain(['webpod.cilium.rocks', 'bookinfo.cilium.rocks']));
  return state;
}

export function rule(p: Partial<CompiledPolicyRule> & { policy: string; subjects: string[]; direction: 'ingress' | 'egress' }): CompiledPolicyRule {
  return {
    kind: 'CiliumClusterwideNetworkPolicy',
    deny: false,
    peerIdentities: null,
    peerCIDRs: null,
    peerEntities: null,
    ports: null,
    http: null,
    loc: null,
    ...p,
  };
}

/** Lab 7: external-lockdown (selector {}, fromEntities cluster). */
export function withLockdown(state: ClusterState): ClusterState {
  const subjects = ['reserved:ingress', ...state.pods.map((p) => `${p.namespace}/${p.name}`)];
  const cluster = [1, 6, 8, ...state.pods.map((p) => p.identity)];
  state.policies.push(rule({ policy: 'external-lockdown', subjects, direction: 'ingress', peerIdentities: cluster, peerEntities: ['cluster'] }));
  return state;
}

export function curlReq(url: string, p: Partial<CurlRequest> = {}): CurlRequest {
  const u = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url.includes('://') ? url : `http://${url}`);
  const scheme = (u?.[1] ?? 'http') as 'http' | 'https';
  return {
    ...blankCurlRequest(`curl ${url}`),
    scheme,
    host: u?.[2] ?? url,
    port: u?.[3] ? Number(u[3]) : scheme === 'https' ? 443 : 80,
    path: u?.[4] ?? '/',
    ...p,
  };
}
