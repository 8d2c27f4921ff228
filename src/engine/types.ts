// The engine's plain, serialisable values: ClusterState (what `kubectl get` and
// `cilium-dbg` would list) and Trace (one request, hop by hop, with what each
// tool sees). The UI and the CLI only read these.
import type {
  CertificateInfo,
  CiliumConfig,
  CurlRequest,
  Diagnostic,
  IgnoredObject,
  LabRequest,
  SourceLoc,
} from '../model/types';

export type { CurlRequest };

// ================================================================ ClusterState

export interface NetIf {
  name: string; // eth0, eth1, cilium_host, cilium_net, lxc1a2b3c4d5e6f, ...
  ifindex: number;
  mac: string;
  /** address without prefix, null for interfaces without an IPv4 address (cilium_net, lxc) */
  ip: string | null;
  /** the connected subnet, e.g. 192.168.10.0/24 */
  cidr: string | null;
  kind: 'physical' | 'cilium_host' | 'cilium_net' | 'lxc' | 'vxlan' | 'lo';
  /** for lxc: the pod it belongs to (namespace/name) */
  pod?: string;
}

export interface NodeState {
  name: string;
  role: 'control-plane' | 'worker';
  labels: Record<string, string>;
  /** InternalIP: the address other nodes reach it on (eth1 in the lab). */
  internalIP: string;
  podCIDR: string;
  ciliumHostIP: string;
  ingressIP: string;
  interfaces: NetIf[];
  defaultInterface: string;
  /** The node's own routing table, `ip route` style, in lookup order. */
  routes: RouteEntry[];
  loc: SourceLoc | null;
}

export interface RouteEntry {
  dst: string; // CIDR or 'default'
  via: string | null;
  dev: string;
  src: string | null;
  /** why it exists: 'connected' | 'autoDirectNodeRoutes' | 'endpointRoute' | 'cilium_host' | 'default' | 'tunnel' */
  origin: string;
}

export interface ClientState {
  name: string;
  ip: string;
  cidr: string;
  mac: string;
  loc: SourceLoc | null;
}

export interface PodState {
  namespace: string;
  name: string;
  node: string;
  ip: string;
  /** shared by the replicas of one workload (cluster/workloads.ts): read only */
  labels: Readonly<Record<string, string>>;
  /** numeric security identity */
  identity: number;
  hostNetwork: boolean;
  /** host-side veth (null for host-network pods) */
  lxc: NetIf | null;
  /** MAC of eth0 inside the pod */
  mac: string | null;
  /** workload kind/name that made it */
  owner: string;
  /** shared by the replicas of one workload (cluster/workloads.ts): read only */
  containers: readonly { readonly name: string; readonly image: string; readonly ports: readonly { readonly name: string | null; readonly containerPort: number; readonly protocol: string }[] }[];
  /** Cilium endpoint id (cilium-dbg endpoint list) */
  endpointID: number | null;
  loc: SourceLoc | null;
}

export interface IdentityState {
  id: number;
  /** e.g. ["reserved:world"] or ["k8s:app=webpod", "k8s:io.kubernetes.pod.namespace=default", ...] */
  labels: string[];
  /** 'world', 'host', 'remote-node', 'ingress', 'health', ... for reserved ones; null otherwise */
  reserved: string | null;
}

export interface IPCacheEntry {
  /** IP/prefix as `cilium-dbg ip list` prints it */
  prefix: string;
  identity: number;
  /** the identity's labels as cilium-dbg prints them */
  labels: string[];
  source: string; // 'custom-resource' | 'k8s' | 'kube-apiserver' | 'local' | 'generated' | 'reserved'
}

export interface ServicePortState {
  name: string | null;
  port: number;
  targetPort: number | string;
  nodePort: number | null;
  protocol: string;
}

export interface EndpointAddress {
  ip: string;
  port: number;
  portName: string | null;
  /** namespace/name of the pod, null for manual or dummy endpoints */
  pod: string | null;
  node: string | null;
  ready: boolean;
}

export interface ServiceState {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  headless: boolean;
  clusterIP: string | null;
  /** the LoadBalancer IP; null while pending (or not a LoadBalancer) */
  externalIP: string | null;
  externalIPs: string[];
  /** why externalIP is null for a LoadBalancer: 'no_pool', 'pool_selector_mismatch', 'out_of_ips', ... */
  pendingReason: string | null;
  ports: ServicePortState[];
  endpoints: EndpointAddress[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  selector: Record<string, string> | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** An L7 load-balancer service: BPF redirects it to the local Envoy (Cilium Ingress services). */
  l7lb: boolean;
  /** Envoy's proxy port for an l7lb service */
  l7lbProxyPort: number | null;
  /** who made it */
  origin: 'manifest' | 'cilium-ingress-shared' | 'cilium-ingress-dedicated';
  /** for cilium-ingress-dedicated: the Ingress it belongs to (namespace/name) */
  ingress: string | null;
  /** cilium-dbg service list ID */
  id: number;
  loc: SourceLoc | null;
  /** spec.loadBalancerClass (LB-IPAM and L2 announcements skip foreign classes) */
  loadBalancerClass?: string | null;
  /** spec.loadBalancerIP as requested */
  loadBalancerIP?: string | null;
}

export interface IngressState {
  namespace: string;
  name: string;
  /** the effective class (annotation wins), null when none */
  class: string | null;
  /** taken by Cilium's ingress controller */
  managed: boolean;
  /** when not managed, why (message id) */
  ignoredReason: string | null;
  mode: 'shared' | 'dedicated' | null;
  /** the LoadBalancer Service that fronts it (namespace/name), null when not managed */
  service: string | null;
  address: string | null;
  /** hosts with their TLS secret when TLS is configured */
  tls: { hosts: string[]; secret: string | null }[];
  loc: SourceLoc | null;
  /** spec.ingressClassName as written (kubectl's CLASS column) */
  ingressClassName?: string | null;
  /** distinct rule hosts ('*' for host-less rules), kubectl's HOSTS column */
  hosts?: string[];
  /**
   * The rules with their backends (added for the datapath's ingress-nginx model, which matches
   * Ingresses of class nginx itself: Cilium builds no Envoy routes for them).
   */
  rules?: IngressRuleState[];
}

/** One Ingress rule, backends by name (the optional `rules` of IngressState). */
export interface IngressRuleState {
  host: string | null;
  paths: { path: string; pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific'; service: string | null; port: number | string | null }[];
}

export type RouteMatchType = 'exact' | 'prefix' | 'path_separated_prefix' | 'regex';

export interface EnvoyRouteBackend {
  namespace: string;
  service: string;
  port: number | string;
  weight: number;
}

export interface EnvoyRoute {
  /** the virtual host's host ('*' for the catch-all) */
  host: string;
  match: { type: RouteMatchType; value: string };
  backends: EnvoyRouteBackend[];
  /** enforce-HTTPS: plain HTTP gets a 301 to https */
  httpsRedirect: boolean;
  /** namespace/name of the Ingress(es) that produced it */
  ingresses: string[];
  loc: SourceLoc | null;
}

export interface EnvoyVirtualHost {
  name: string;
  /** the host as written ('*' = catch-all) */
  host: string;
  domains: string[];
  /** regex on :authority for wildcard hosts (Cilium's one-label rule), else null */
  authorityRegex: string | null;
  routes: EnvoyRoute[];
}

export interface EnvoyFilterChain {
  /** SNI server names; empty = plain HTTP chain */
  serverNames: string[];
  /** namespace/name of the original Secret */
  secret: string | null;
  /** cilium-secrets/<ns>-<name> */
  syncedSecret: string | null;
  certificate: CertificateInfo | null;
  secretMissing: boolean;
}

/** One Envoy listener per Ingress LoadBalancer Service (shared: one for all shared Ingresses). */
export interface EnvoyListener {
  /** namespace/name of the LB service */
  service: string;
  proxyPort: number;
  virtualHosts: EnvoyVirtualHost[];
  tlsChains: EnvoyFilterChain[];
}

export interface L2AnnouncementState {
  namespace: string;
  service: string;
  ip: string;
  /** lease holder, null when no node is a candidate */
  node: string | null;
  /** the interface it answers ARP on, null when the holder has none matching */
  interface: string | null;
  /** namespace/name of the policy that selected it (cluster-scoped: name) */
  policy: string | null;
  lease: string; // cilium-l2announce-<ns>-<svc>
  /** when nobody answers, why (message id) */
  silentReason: string | null;
  /** every interface the holder answers on (the regexes may match several) */
  interfaces?: string[];
}

export interface LBIPAMState {
  pools: {
    name: string;
    blocks: string[];
    conflicting: boolean;
    disabled: boolean;
    allocated: { ip: string; service: string }[];
  }[];
}

/** One policy rule compiled to identities. */
export interface CompiledPolicyRule {
  /** namespace/name (or name for clusterwide) of the policy */
  policy: string;
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  /** the endpoints it selects: pod namespace/name, or 'reserved:ingress', or 'reserved:host' */
  subjects: string[];
  direction: 'ingress' | 'egress';
  deny: boolean;
  /** peer identities it covers (numeric); null = any peer (e.g. toPorts only) */
  peerIdentities: number[] | null;
  /** CIDR peers: allow/deny by address (for world traffic) */
  peerCIDRs: { cidr: string; except: string[] }[] | null;
  /** entity names as written, for explanation */
  peerEntities: string[] | null;
  /** L4 ports; null = any */
  ports: { port: number; endPort: number | null; protocol: string }[] | null;
  /** L7 HTTP rules; null = no L7 rule */
  http: { method: string | null; path: string | null; host: string | null }[] | null;
  loc: SourceLoc | null;
}

export interface ClusterState {
  config: CiliumConfig;
  title: string | null;
  notes: string | null;
  clock: string;
  seed: number;
  kernel: string;
  serviceCIDR: string;
  nodes: NodeState[];
  clients: ClientState[];
  pods: PodState[];
  identities: IdentityState[];
  ipcache: IPCacheEntry[];
  /** the node whose view `ipcache` shows (host vs remote-node differs per node) */
  ipcacheView?: string;
  services: ServiceState[];
  ingresses: IngressState[];
  envoy: EnvoyListener[];
  l2: L2AnnouncementState[];
  lbipam: LBIPAMState;
  policies: CompiledPolicyRule[];
  /** the per-node reserved:ingress IPs */
  ingressIPs: { node: string; ip: string }[];
  /** requests the scenario carries */
  requests: LabRequest[];
  /** parse + derive diagnostics together */
  diagnostics: Diagnostic[];
  ignored: IgnoredObject[];
}

// ================================================================ Trace


export interface PacketView {
  /** L2 */
  srcMac: string | null;
  dstMac: string | null;
  /** L3/L4 */
  proto: 'tcp' | 'udp' | 'icmp' | 'arp';
  src: string; // IP
  sport: number | null;
  dst: string;
  dport: number | null;
  /** TCP flags of the first segment at this hop, tcpdump style: 'S', 'S.', '.', 'P.', 'F.', 'R' */
  tcpFlags: string | null;
  /** ARP: 'request' | 'reply' */
  arp: { op: 'request' | 'reply'; senderIP: string; targetIP: string; senderMac: string; targetMac: string | null } | null;
  /** TLS layer present (bytes on the wire are TLS records) */
  tls: { sni: string | null } | null;
  /** L7 summary: 'GET / HTTP/1.1 Host: x' or 'HTTP/1.1 200 OK' */
  l7: string | null;
  /** skb->mark (hex without 0x) where relevant */
  mark: string | null;
}

export type HopAction =
  | 'send'
  | 'forward'
  | 'redirect'
  | 'hand-to-proxy'
  | 'terminate'
  | 'route'
  | 'deliver'
  | 'drop'
  | 'reply'
  | 'rewrite'
  | 'connect'
  | 'receive';

export type HopStage =
  | 'client' // the client's own stack (curl)
  | 'wire' // on a segment
  | 'arp' // ARP resolution
  | 'tc-ingress' // a tc ingress BPF program (cil_from_netdev, cil_from_container, cil_to_host)
  | 'tc-egress' // a tc egress BPF program (cil_to_netdev, cil_to_container)
  | 'socket-lb' // connect-time service translation (cgroup BPF)
  | 'service-lb' // nodeport / service lookup in tc
  | 'l7lb-redirect' // redirect of an L7 load-balancer service to the proxy
  | 'tproxy' // iptables/BPF TPROXY socket steering
  | 'kernel-routing' // host stack route lookup / forward
  | 'socket' // delivered to a socket
  | 'envoy-listener'
  | 'envoy-tls'
  | 'envoy-route'
  | 'envoy-policy'
  | 'envoy-upstream'
  | 'policy' // endpoint policy in BPF
  | 'tunnel'
  | 'pod' // inside the pod netns
  | 'app'; // the application answers

export interface SourceRef {
  /** e.g. 'cilium/cilium bpf/bpf_host.c cil_from_netdev' */
  label: string;
  /** repository-relative path, for docs links */
  path: string;
}

export interface TcpdumpSight {
  /** node (or client / pod netns) the capture runs on */
  host: string;
  /** interface name */
  iface: string;
  dir: 'In' | 'Out';
  /** the line `tcpdump -nn -i IFACE` prints for the first segment */
  line: string;
}

export interface HubbleSight {
  point: string; // to-endpoint, to-proxy, http-request, policy-verdict:..., drop reason, ...
  verdict: 'FORWARDED' | 'DROPPED' | 'REDIRECTED' | 'ERROR' | 'AUDIT' | 'TRACED' | 'TRANSLATED' | 'ALLOWED' | 'DENIED';
  /** the node whose agent emits it */
  node: string;
  srcIdentity: number;
  dstIdentity: number;
  line: string;
}

export interface Sight<T> {
  seen: boolean;
  /** when not seen: why, and where that is written */
  reason: string | null;
  ref: SourceRef | null;
  detail: T;
}

export interface HopSeen {
  tcpdump: Sight<TcpdumpSight[]>;
  pwru: Sight<{ funcs: string[]; lines: string[] }>;
  hubble: Sight<HubbleSight[]>;
}

/**
 * An AF_PACKET tap the packet passes at this hop (what `tcpdump -i IFACE` on
 * that host would capture). RX taps run before tc ingress, TX taps after tc
 * egress (kernel net/core/dev.c); the datapath lists only taps really passed.
 */
export interface TapPoint {
  /** node name, client name, or pod `namespace/name` */
  host: string;
  netns: 'host' | 'pod' | 'client';
  iface: string;
  ifindex: number;
  dir: 'In' | 'Out';
  /** frame length on the wire at this tap (bytes), for -e and pwru LEN */
  frameLen: number | null;
}

/**
 * A raw event the datapath emits toward Hubble at this hop (BPF trace/drop/
 * policy-verdict notifications, Envoy access-log records). The hubble
 * observer applies monitor aggregation and formatting.
 */
export interface MonitorEvent {
  kind: 'trace' | 'drop' | 'policy-verdict' | 'l7' | 'sock';
  /** observation point (to-proxy, from-network, to-endpoint, ...), L7 type (http-request, http-response), drop reason text, or 'policy-verdict:L3-Only INGRESS' */
  point: string;
  /** node whose agent emits it */
  node: string;
  src: { ip: string; port: number | null; identity: number; name: string | null };
  dst: { ip: string; port: number | null; identity: number; name: string | null };
  /** null when unknown (drops) */
  isReply: boolean | null;
  verdict: HubbleSight['verdict'];
  /** the BPF `monitor` value was non-zero (conntrack reported this packet); aggregation keeps only these */
  ctReport: boolean;
  /** compact summary: 'TCP Flags: SYN', 'HTTP/1.1 GET http://192.168.10.211/', ... */
  summary: string;
}

export interface Hop {
  index: number;
  /** which TCP connection (or ARP exchange) this hop belongs to: index into trace.connections */
  conn: number;
  direction: 'request' | 'reply';
  /** node name, client name, or null for the wire between */
  node: string | null;
  /** where on that node: an interface name, 'socket', 'envoy', 'pod:<ns>/<name>', 'wire:<cidr>' */
  where: string;
  stage: HopStage;
  /** BPF program or kernel function that handles it, e.g. 'cil_from_netdev' */
  program: string | null;
  packet: PacketView;
  /** the packet after this hop's rewrite, when it changes */
  after: PacketView | null;
  action: HopAction;
  /** the AF_PACKET taps passed here (empty when no netdev tap sees this step) */
  taps: TapPoint[];
  /** kernel functions taking the skb at this hop, in order (pwru's view); empty for user space */
  kfuncs: string[];
  /** tc BPF program that runs here (pwru --filter-trace-tc shows it), or null */
  tcProgram: string | null;
  /** events toward Hubble emitted here */
  events: MonitorEvent[];
  /** id of the skb (same id = same sk_buff, for pwru --filter-track-skb); null in user space */
  skb: number | null;
  /** rewrites made here, shown as badges: 'DNAT', 'SNAT', 'TPROXY', 'TLS-TERMINATE', 'L2-REWRITE', ... */
  rewrites: string[];
  explain: string;
  /** message id of explain, for other languages */
  explainId: string;
  refs: SourceRef[];
  seen: HopSeen;
}

export interface Connection {
  id: number;
  kind: 'arp' | 'tcp';
  /** 'client→envoy', 'envoy→backend', 'client→pod', ... */
  label: string;
  client: { ip: string; port: number | null; host: string };
  server: { ip: string; port: number | null; host: string };
}

export interface TraceOutcome {
  status: number | null;
  /** curl's error line, e.g. 'curl: (7) Failed to connect to ...' */
  error: string | null;
  exitCode: number;
  /** what curl prints (stdout then stderr lines), as a terminal would show */
  output: string[];
  /** short summary of the body */
  body: string | null;
  /** Location header of a redirect */
  location: string | null;
}

export interface Trace {
  request: CurlRequest;
  from: string;
  outcome: TraceOutcome;
  backend: { namespace: string; service: string; pod: string; node: string } | null;
  /** the node whose Envoy handled it, null when no Envoy was involved */
  envoyNode: string | null;
  connections: Connection[];
  hops: Hop[];
  diagnostics: Diagnostic[];
  /** redirects followed with -L */
  redirects: number;
}

export interface TraceRequest {
  /** client name, pod name (ns/name or name), or a bare IP on a lab segment */
  from: string;
  curl: string;
}

/** A hop as the datapath walks it, before the observers mark what each tool sees. */
export type PathHop = Omit<Hop, 'seen'>;

/** The datapath's result: the trace without the observers' marks. */
export interface PathTrace extends Omit<Trace, 'hops'> {
  hops: PathHop[];
}
