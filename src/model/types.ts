// The typed objects hopscope understands, each carrying where it came from.
// Pure data: no functions, no classes, so every value here can cross a worker
// boundary (structured clone) and be printed as JSON by the CLI.

/** Where something stands in the pasted text. Lines and columns are 1-based. */
export interface SourceLoc {
  /** Name of the text it came from: a file path, "editor", "lab" (the default lab), ... */
  file: string;
  /** 0-based index of the YAML document inside that text. */
  doc: number;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** Every problem the engine finds is one of these: never an exception. */
export interface Diagnostic {
  severity: Severity;
  /** Stable id, also the key of the message in the catalogue (src/i18n). */
  code: string;
  message: string;
  hint?: string;
  file: string;
  doc: number;
  line: number;
  column: number;
}

export interface Meta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ObjectBase {
  apiVersion: string;
  meta: Meta;
  loc: SourceLoc;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

// ---------------------------------------------------------------- Ingress

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface IngressBackend {
  /** null when the backend is a `resource` backend (unsupported by Cilium). */
  service: { name: string; port: { number?: number; name?: string } } | null;
  loc: SourceLoc;
}

export interface IngressPath {
  path: string;
  pathType: PathType;
  backend: IngressBackend;
  loc: SourceLoc;
}

export interface IngressRule {
  host: string | null;
  paths: IngressPath[];
  loc: SourceLoc;
}

export interface IngressTLS {
  hosts: string[];
  secretName: string | null;
  loc: SourceLoc;
}

export interface Ingress extends ObjectBase {
  kind: 'Ingress';
  /** `spec.ingressClassName` as written (null when absent). */
  ingressClassName: string | null;
  /** The `kubernetes.io/ingress.class` annotation as written (null when absent). */
  classAnnotation: string | null;
  defaultBackend: IngressBackend | null;
  rules: IngressRule[];
  tls: IngressTLS[];
}

export interface IngressClass extends ObjectBase {
  kind: 'IngressClass';
  controller: string;
  /** annotation ingressclass.kubernetes.io/is-default-class == "true" */
  isDefault: boolean;
}

// ---------------------------------------------------------------- Service

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServicePort {
  name: string | null;
  port: number;
  /** number, or the name of a container port */
  targetPort: number | string;
  nodePort: number | null;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  loc: SourceLoc;
}

export interface Service extends ObjectBase {
  kind: 'Service';
  type: ServiceType;
  /** Requested clusterIP; 'None' for a headless service; null to allocate. */
  clusterIP: string | null;
  /** null = no selector (endpoints managed elsewhere). */
  selector: Record<string, string> | null;
  ports: ServicePort[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  loadBalancerIP: string | null;
  loadBalancerClass: string | null;
  externalIPs: string[];
  /** spec.externalName of an ExternalName Service (added by the model; absent for other types). */
  externalName?: string | null;
}

/** Manually managed Endpoints (for selector-less Services). */
export interface Endpoints extends ObjectBase {
  kind: 'Endpoints';
  subsets: { addresses: string[]; ports: { name: string | null; port: number; protocol: string }[] }[];
}

// ---------------------------------------------------------------- Workloads

export interface ContainerPort {
  name: string | null;
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface Container {
  name: string;
  image: string;
  ports: ContainerPort[];
}

/** Deployment, DaemonSet, StatefulSet, ReplicaSet or a bare Pod, reduced to what the datapath needs. */
export interface Workload extends ObjectBase {
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'ReplicaSet' | 'Pod';
  /** 1 for a Pod; for a DaemonSet, ignored (one per matching node). */
  replicas: number;
  podLabels: Record<string, string>;
  /** spec.nodeName when pinned. */
  nodeName: string | null;
  nodeSelector: Record<string, string>;
  hostNetwork: boolean;
  containers: Container[];
}

// ---------------------------------------------------------------- Secret

export interface CertificateInfo {
  subjectCN: string | null;
  issuerCN: string | null;
  dnsNames: string[];
  ipAddresses: string[];
  /** ISO 8601 */
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
  isCA: boolean;
  /** Issuer organisation, e.g. "mkcert development CA" — tells curl's trust story. */
  issuerOrg: string | null;
}

export interface Secret extends ObjectBase {
  kind: 'Secret';
  type: string;
  /** For kubernetes.io/tls: the parsed certificate, or null with certError set. */
  certificate: CertificateInfo | null;
  certError: string | null;
  hasKey: boolean;
}

// ---------------------------------------------------------------- Cilium

export interface LBIPBlock {
  cidr: string | null;
  start: string | null;
  stop: string | null;
  loc: SourceLoc;
}

export interface CiliumLoadBalancerIPPool extends ObjectBase {
  kind: 'CiliumLoadBalancerIPPool';
  blocks: LBIPBlock[];
  serviceSelector: LabelSelector | null;
  disabled: boolean;
  allowFirstLastIPs: boolean;
}

export interface CiliumL2AnnouncementPolicy extends ObjectBase {
  kind: 'CiliumL2AnnouncementPolicy';
  serviceSelector: LabelSelector | null;
  nodeSelector: LabelSelector | null;
  /** Unanchored regular expressions, OR-ed; empty = every interface. */
  interfaces: string[];
  externalIPs: boolean;
  loadBalancerIPs: boolean;
}

export interface PolicyPort {
  port: string; // number or name, "0" = any
  endPort: number | null;
  protocol: 'TCP' | 'UDP' | 'SCTP' | 'ANY';
}

export interface PolicyHTTPRule {
  method: string | null;
  path: string | null;
  host: string | null;
  headers: string[];
}

export interface PolicyPortRule {
  ports: PolicyPort[];
  http: PolicyHTTPRule[] | null;
}

export interface CIDRRule {
  cidr: string;
  except: string[];
}

/** One entry of ingress/ingressDeny (from*) or egress/egressDeny (to*): the peer half is normalised. */
export interface PolicyPeerRule {
  endpoints: LabelSelector[] | null; // fromEndpoints / toEndpoints
  entities: string[] | null; // fromEntities / toEntities
  cidrs: CIDRRule[] | null; // fromCIDR + fromCIDRSet (/ to*)
  services: { name: string; namespace: string }[] | null; // toServices
  ports: PolicyPortRule[] | null; // toPorts
  loc: SourceLoc;
}

export interface PolicyRuleSpec {
  endpointSelector: LabelSelector | null;
  nodeSelector: LabelSelector | null;
  ingress: PolicyPeerRule[] | null;
  ingressDeny: PolicyPeerRule[] | null;
  egress: PolicyPeerRule[] | null;
  egressDeny: PolicyPeerRule[] | null;
  description: string | null;
  loc: SourceLoc;
}

export interface CiliumNetworkPolicy extends ObjectBase {
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  specs: PolicyRuleSpec[];
}

// ---------------------------------------------------------------- Cilium helm values

export type MonitorAggregation = 'none' | 'low' | 'medium' | 'maximum';

/** The helm values that change what the datapath does, normalised, with Cilium 1.18's chart defaults. */
export interface CiliumConfig {
  routingMode: 'native' | 'tunnel';
  tunnelProtocol: 'vxlan' | 'geneve';
  ipv4NativeRoutingCIDR: string | null;
  autoDirectNodeRoutes: boolean;
  endpointRoutes: boolean;
  kubeProxyReplacement: boolean;
  bpfMasquerade: boolean;
  /** bpf.hostLegacyRouting: false = BPF host routing (bpf_redirect_peer/neigh). */
  hostLegacyRouting: boolean;
  /** bpf.tproxy: false = iptables TPROXY rule steers the proxy-bound packet. */
  bpfTproxy: boolean;
  monitorAggregation: MonitorAggregation;
  hubbleEnabled: boolean;
  ingressController: {
    enabled: boolean;
    loadbalancerMode: 'shared' | 'dedicated';
    enforceHttps: boolean;
    /** ingressController.default: the cilium IngressClass is the cluster default. */
    isDefault: boolean;
    serviceType: 'LoadBalancer' | 'NodePort';
  };
  l7Backend: 'envoy' | null;
  l2announcements: boolean;
  localRedirectPolicy: boolean;
  clusterPoolIPv4PodCIDRList: string[];
  clusterPoolIPv4MaskSize: number;
  /** Every value as given (dotted keys), for display. */
  raw: Record<string, unknown>;
}

// ---------------------------------------------------------------- Lab (our own kind)

export interface LabInterface {
  name: string;
  /** address with prefix length, e.g. 192.168.10.100/24 */
  address: string;
  mac: string | null;
  loc: SourceLoc;
}

export interface LabNode {
  name: string;
  role: 'control-plane' | 'worker';
  labels: Record<string, string>;
  podCIDR: string | null;
  /** reserved:ingress IP of this node; derived from the pod CIDR when null. */
  ingressIP: string | null;
  /** cilium_host IP (the router IP); derived when null. */
  ciliumHostIP: string | null;
  interfaces: LabInterface[];
  /** Name of the interface that holds the default route. */
  defaultInterface: string | null;
  loc: SourceLoc;
}

export interface LabClient {
  name: string;
  address: string; // with prefix length
  mac: string | null;
  loc: SourceLoc;
}

export interface LabExpect {
  status: number | null;
  exitCode: number | null;
  /** A substring of curl's error line. */
  error: string | null;
  /** Pod name prefix, or `namespace/service`, or null = don't check. */
  backend: string | null;
  /** The Envoy that serves (node name), when checked. */
  envoyNode: string | null;
}

export interface LabRequest {
  name: string | null;
  from: string;
  curl: string;
  expect: LabExpect | null;
  note: string | null;
  loc: SourceLoc;
}

export interface Lab extends ObjectBase {
  kind: 'Lab';
  title: string | null;
  notes: string | null;
  /** 'default' = start from the default lab and add this file's objects on top. */
  extends: 'default' | null;
  nodes: LabNode[];
  clients: LabClient[];
  serviceCIDR: string;
  /** The helm install line or values mapping, normalised. */
  cilium: CiliumConfig;
  requests: LabRequest[];
  /** Fixed wall clock of the scenario (ISO 8601): timestamps and certificate validity use it. */
  clock: string;
  seed: number;
  /** Kernel version the pwru lines are modelled on. */
  kernel: string;
}

export type K8sObject =
  | Ingress
  | IngressClass
  | Service
  | Endpoints
  | Workload
  | Secret
  | CiliumLoadBalancerIPPool
  | CiliumL2AnnouncementPolicy
  | CiliumNetworkPolicy
  | Lab;

export interface IgnoredObject {
  apiVersion: string;
  kind: string;
  name: string;
  loc: SourceLoc;
}

/** The parse result: everything typed, everything located. */
export interface Manifest {
  lab: Lab;
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  services: Service[];
  endpoints: Endpoints[];
  workloads: Workload[];
  secrets: Secret[];
  pools: CiliumLoadBalancerIPPool[];
  l2Policies: CiliumL2AnnouncementPolicy[];
  policies: CiliumNetworkPolicy[];
  ignored: IgnoredObject[];
  diagnostics: Diagnostic[];
}

/** A text to parse, named so diagnostics can say where. */
export interface SourceText {
  file: string;
  text: string;
}

/** A curl command line, parsed (src/model/curl.ts). */
export interface CurlRequest {
  /** the command line as typed */
  raw: string;
  method: string;
  scheme: 'http' | 'https';
  /** host part of the URL (name or IP) */
  host: string;
  port: number;
  path: string; // with query
  headers: { name: string; value: string }[];
  /** --resolve host:port:addr entries */
  resolve: { host: string; port: number; address: string }[];
  insecure: boolean; // -k
  cacert: string | null;
  headOnly: boolean; // -I
  followRedirects: boolean; // -L
  maxTime: number | null; // -m seconds
  connectTimeout: number | null;
  verbose: boolean;
  silent: boolean;
  showError: boolean; // -S
  fail: boolean; // -f / --fail
}
