// From YAML text through the engine's face: parseSources (src/model) + deriveCluster.
import { describe, expect, it } from 'vitest';
import { compile } from '../index';
import { DEFAULT_LAB_TEXT } from '../../model/default-lab';
import { ciliumL2ResponderList, kubectlGet, policyVerdict } from './index';

const errors = (d: { severity: string }[]) => d.filter((x) => x.severity === 'error');
const withoutPool = DEFAULT_LAB_TEXT.replace(/---\napiVersion: cilium.io\/v2\nkind: CiliumLoadBalancerIPPool[\s\S]*?(?=---)/, '');

const BOOKINFO_SVCS = ['details', 'productpage']
  .map((n) => `---
apiVersion: v1
kind: Service
metadata: { name: ${n}, namespace: default, labels: { app: ${n} } }
spec:
  selector: { app: ${n} }
  ports: [{ name: http, port: 9080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${n}-v1, namespace: default }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${n} } }
  template:
    metadata: { labels: { app: ${n}, version: v1 } }
    spec:
      containers: [{ name: ${n}, image: istio/${n}, ports: [{ containerPort: 9080 }] }]
`)
  .join('');

const BASIC_INGRESS = `${BOOKINFO_SVCS}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: basic-ingress, namespace: default }
spec:
  ingressClassName: cilium
  rules:
    - http:
        paths:
          - { path: /details, pathType: Prefix, backend: { service: { name: details, port: { number: 9080 } } } }
          - { path: /, pathType: Prefix, backend: { service: { name: productpage, port: { number: 9080 } } } }
`;

describe('compile(): YAML to ClusterState', () => {
  it('the default lab: cilium-ingress gets 192.168.10.211 and k8s-ctr answers ARP on eth1 (lab 2)', () => {
    const { state } = compile('');
    expect(errors(state.diagnostics)).toEqual([]);
    expect(state.services.find((s) => s.name === 'cilium-ingress')!.externalIP).toBe('192.168.10.211');
    expect(state.l2).toEqual([expect.objectContaining({ ip: '192.168.10.211', node: 'k8s-ctr', interface: 'eth1', silentReason: null })]);
    expect(ciliumL2ResponderList(state, 'k8s-ctr')[1]).toMatch(/^192\.168\.10\.211\s+eth1\s+kube-system\/cilium-ingress$/);
    expect(state.ingressIPs).toEqual([
      { node: 'k8s-ctr', ip: '172.20.0.173' },
      { node: 'k8s-w1', ip: '172.20.1.110' },
    ]);
  });

  it('no pool: <pending> with no_pool and an Ingress without ADDRESS (lab 1)', () => {
    expect(withoutPool).not.toContain('CiliumLoadBalancerIPPool');
    const { state } = compile(BASIC_INGRESS, { labText: withoutPool });
    expect(state.services.find((s) => s.name === 'cilium-ingress')).toMatchObject({ externalIP: null, pendingReason: 'no_pool' });
    expect(state.ingresses[0]!.address).toBeNull();
    expect(kubectlGet(state).find((l) => l.includes('service/cilium-ingress'))).toContain('<pending>');
  });

  it('basic-ingress shares .211 and routes /details before / (lab 3)', () => {
    const { state } = compile(BASIC_INGRESS);
    expect(errors(state.diagnostics)).toEqual([]);
    expect(state.ingresses[0]).toMatchObject({ managed: true, mode: 'shared', address: '192.168.10.211' });
    const routes = state.envoy[0]!.virtualHosts[0]!.routes;
    expect(routes.map((r) => `${r.match.type}:${r.match.value}:${r.backends[0]!.service}`)).toEqual(['path_separated_prefix:/details:details', 'prefix:/:productpage']);
  });

  it('a dedicated Ingress gets its own Service with .212 (lab 5)', () => {
    const { state } = compile(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: webpod-ingress
  namespace: default
  annotations: { ingress.cilium.io/loadbalancer-mode: dedicated }
spec:
  ingressClassName: cilium
  rules:
    - http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: webpod, port: { number: 80 } } } }
`);
    expect(state.services.find((s) => s.name === 'cilium-ingress-webpod-ingress')).toMatchObject({ namespace: 'default', externalIP: '192.168.10.212', l7lb: true });
    expect(state.services.find((s) => s.name === 'cilium-ingress')!.externalIP).toBe('192.168.10.211');
    expect(state.ingresses[0]!.address).toBe('192.168.10.212');
  });

  it("sorts Cilium's path-types example as Cilium does (lab 9)", () => {
    const svcs = ['exactpath', 'prefixpath', 'prefixpath2', 'implpath', 'implpath2']
      .map((n) => `---\napiVersion: v1\nkind: Service\nmetadata: { name: ${n}, namespace: default }\nspec:\n  selector: { app: ${n} }\n  ports: [{ port: 80 }]\n`)
      .join('');
    const { state } = compile(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: multiple-path-types, namespace: default }
spec:
  ingressClassName: cilium
  rules:
    - host: pathtypes.example.com
      http:
        paths:
          - { path: /exact, pathType: Exact, backend: { service: { name: exactpath, port: { number: 80 } } } }
          - { path: /, pathType: Prefix, backend: { service: { name: prefixpath, port: { number: 80 } } } }
          - { path: /prefix, pathType: Prefix, backend: { service: { name: prefixpath2, port: { number: 80 } } } }
          - { path: /impl, pathType: ImplementationSpecific, backend: { service: { name: implpath, port: { number: 80 } } } }
          - { path: /impl.+, pathType: ImplementationSpecific, backend: { service: { name: implpath2, port: { number: 80 } } } }
${svcs}`);
    const vh = state.envoy[0]!.virtualHosts.find((v) => v.host === 'pathtypes.example.com')!;
    expect(vh.routes.map((r) => r.backends[0]!.service)).toEqual(['exactpath', 'implpath2', 'implpath', 'prefixpath2', 'prefixpath']);
  });

  it('external-lockdown + allow-cidr give the verdicts of labs 7 and 8', () => {
    const lockdown = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: external-lockdown }
spec:
  description: Block all the traffic originating from outside of the cluster
  endpointSelector: {}
  ingress:
    - fromEntities: [cluster]
`;
    const allow = `---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: allow-cidr }
spec:
  description: Allow all the traffic originating from a specific CIDR
  endpointSelector:
    matchExpressions:
      - key: reserved:ingress
        operator: Exists
  ingress:
    - fromCIDRSet:
        - cidr: 192.168.10.200/32
        - cidr: 127.0.0.1/32
`;
    const q = (peerIdentity: number, peerIP: string) => ({ subject: 'reserved:ingress', direction: 'ingress' as const, peerIdentity, peerIP, port: 80, protocol: 'TCP' as const });
    const lab7 = compile(lockdown).state;
    expect(errors(lab7.diagnostics)).toEqual([]);
    expect(policyVerdict(lab7, q(2, '192.168.10.200')).allowed).toBe(false);
    const curl = lab7.pods.find((p) => p.name === 'curlpod')!;
    expect(policyVerdict(lab7, q(curl.identity, curl.ip)).allowed).toBe(true);
    const lab8 = compile(lockdown + allow).state;
    expect(policyVerdict(lab8, q(2, '192.168.10.200'))).toMatchObject({ allowed: true, matched: ['allow-cidr'] });
    expect(policyVerdict(lab8, q(2, '192.168.10.201')).allowed).toBe(false);
    expect(policyVerdict(lab8, q(curl.identity, curl.ip)).allowed).toBe(true);
  });

  it('an interface pattern that matches nothing leaves a silent lease holder (lab 2)', () => {
    const labText = DEFAULT_LAB_TEXT.replace(/interfaces:\n\s+- eth1\n/, 'interfaces:\n    - eth9\n');
    expect(labText).toContain('- eth9');
    const { state } = compile('', { labText });
    expect(state.l2[0]).toMatchObject({ node: 'k8s-ctr', interface: null, silentReason: 'cluster.l2.noInterface' });
  });
});
