// A deterministic lab about 50x the seed lab, for the benchmark: 50 nodes, 2,500 pods
// (250 Deployments x 10 replicas), 250 Services, 100 Ingresses x 10 paths = 1,000 Ingress
// paths (Exact, Prefix and ImplementationSpecific, 100 hosts), 200 network policies.
// No randomness: every name and number follows from the loop indexes, so two runs compile
// the same text. `generateScaleLab()` returns the YAML text (one complete Lab, no extends).

export interface ScaleOptions {
  nodes: number;
  deployments: number;
  replicas: number;
  ingresses: number;
  pathsPerIngress: number;
  policies: number;
}

export const SCALE_DEFAULTS: ScaleOptions = {
  nodes: 50,
  deployments: 250,
  replicas: 10,
  ingresses: 100,
  pathsPerIngress: 10,
  policies: 200,
};

/** The request the benchmark traces on the scale lab: a regular path of the first host. */
export const SCALE_TRACE = {
  from: 'router',
  curl: "curl -s -H 'Host: app-0.example.com' http://192.168.10.211/p0/item",
};

const HELM = [
  'helm install cilium cilium/cilium --version 1.18.1 --namespace kube-system',
  '--set ipam.mode="cluster-pool" --set ipam.operator.clusterPoolIPv4PodCIDRList={"172.20.0.0/16"}',
  '--set ipv4NativeRoutingCIDR=172.20.0.0/16 --set routingMode=native --set autoDirectNodeRoutes=true',
  '--set endpointRoutes.enabled=true --set kubeProxyReplacement=true --set bpf.masquerade=true',
  '--set hubble.enabled=true --set ingressController.enabled=true --set ingressController.loadbalancerMode=shared',
  '--set loadBalancer.l7.backend=envoy --set l2announcements.enabled=true',
].join(' ');

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

function lab(o: ScaleOptions): string {
  const lines: string[] = [
    'apiVersion: hopscope.dev/v1alpha1',
    'kind: Lab',
    'metadata:',
    '  name: bench-scale',
    'spec:',
    `  title: "Benchmark: ${o.nodes} nodes, ${o.deployments * o.replicas} pods"`,
    '  clock: "2025-08-23T15:19:00Z"',
    '  seed: 1',
    '  kernel: "6.8"',
    '  serviceCIDR: 10.96.0.0/12',
    `  helm: >-\n    ${HELM}`,
    '  nodes:',
  ];
  for (let n = 0; n < o.nodes; n++) {
    lines.push(
      `    - name: node-${String(n).padStart(2, '0')}`,
      `      role: ${n === 0 ? 'control-plane' : 'worker'}`,
      `      podCIDR: 172.20.${n}.0/24`,
      '      defaultInterface: eth0',
      '      interfaces:',
      `        - { name: eth0, address: 10.0.2.15/24, mac: "08:00:27:00:${hex2(n)}:01" }`,
      `        - { name: eth1, address: 192.168.10.${100 + n}/24, mac: "08:00:27:00:${hex2(n)}:02" }`,
    );
  }
  lines.push(
    '  clients:',
    '    - name: router',
    '      address: 192.168.10.200/24',
    '      mac: "08:00:27:11:22:33"',
    '  requests:',
    '    - name: router to app-0',
    `      from: ${SCALE_TRACE.from}`,
    `      curl: "${SCALE_TRACE.curl}"`,
    '      expect: { status: 200, backend: app-0 }',
  );
  return lines.join('\n');
}

function infra(): string {
  return `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: cilium
spec:
  controller: cilium.io/ingress-controller
---
apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: bench-pool
spec:
  blocks:
    - start: "192.168.10.211"
      stop: "192.168.10.250"
---
apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: bench-l2
spec:
  interfaces: [eth1]
  externalIPs: true
  loadBalancerIPs: true`;
}

function app(i: number, o: ScaleOptions): string {
  const ns = `team-${i % 10}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  replicas: ${o.replicas}
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i}, tier: t${i % 5} }
    spec:
      containers:
        - name: web
          image: traefik/whoami
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  selector: { app: app-${i} }
  ports:
    - port: 80
      targetPort: 8080`;
}

function ingress(k: number, o: ScaleOptions): string {
  // Ingress k lives in the namespace of app k (team-(k%10)) and routes to apps of that namespace.
  const ns = `team-${k % 10}`;
  const paths: string[] = [];
  for (let p = 0; p < o.pathsPerIngress; p++) {
    const target = (k + 10 * p) % o.deployments;
    // keep the target in the Ingress's namespace: app j is in team-(j % 10), and j ≡ k (mod 10)
    const svc = `app-${target - (target % 10) + (k % 10)}`;
    const kind = p % 5 === 3 ? 'Exact' : p % 5 === 4 ? 'ImplementationSpecific' : 'Prefix';
    const path = kind === 'ImplementationSpecific' ? `/re${p}/[a-z]+/[0-9]*` : kind === 'Exact' ? `/x${p}/exact` : `/p${p}`;
    paths.push(`          - path: ${path}
            pathType: ${kind}
            backend:
              service:
                name: ${svc}
                port:
                  number: 80`);
  }
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ing-${k}
  namespace: ${ns}
spec:
  ingressClassName: cilium
  rules:
    - host: app-${k}.example.com
      http:
        paths:
${paths.join('\n')}`;
}

function policy(j: number, o: ScaleOptions): string {
  const ns = `team-${j % 10}`;
  // subject and peer in the policy's own namespace (app i lives in team-(i % 10))
  const perNs = Math.max(1, Math.floor(o.deployments / 10));
  const subject = `app-${((j * 7) % perNs) * 10 + (j % 10)}`;
  const peer = `app-${((j * 13 + 1) % perNs) * 10 + (j % 10)}`;
  if (j % 4 === 0) {
    return `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: ccnp-${j}
spec:
  endpointSelector:
    matchLabels: { tier: t${j % 5} }
  ingress:
    - fromEntities: [cluster]
    - fromCIDRSet:
        - cidr: 192.168.10.${j % 250}/32`;
  }
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: cnp-${j}
  namespace: ${ns}
spec:
  endpointSelector:
    matchLabels: { app: ${subject} }
  ingress:
    - fromEndpoints:
        - matchLabels: { app: ${peer} }
      toPorts:
        - ports:
            - port: "8080"
              protocol: TCP
    - fromEntities: [ingress, host]`;
}

/** The scale lab as one multi-document YAML text. Deterministic. */
export function generateScaleLab(options: Partial<ScaleOptions> = {}): string {
  const o = { ...SCALE_DEFAULTS, ...options };
  const docs: string[] = [lab(o), infra()];
  for (let i = 0; i < o.deployments; i++) docs.push(app(i, o));
  for (let k = 0; k < o.ingresses; k++) docs.push(ingress(k, o));
  for (let j = 0; j < o.policies; j++) docs.push(policy(j, o));
  return docs.join('\n---\n') + '\n';
}
