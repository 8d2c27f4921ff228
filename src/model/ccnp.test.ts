import { describe, expect, it } from 'vitest';
import { diagsWith, parseAlone, problems } from './test-util';

// Cilium's examples/kubernetes/servicemesh/policy/external-lockdown.yaml and allow-ingress-cidr.yaml (LABS.md labs 7-8)
const EXTERNAL_LOCKDOWN = `apiVersion: "cilium.io/v2"
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: "external-lockdown"
spec:
  description: "Block all the traffic originating from outside of the cluster"
  endpointSelector: {}
  ingress:
  - fromEntities:
    - cluster
`;
const ALLOW_CIDR = `apiVersion: "cilium.io/v2"
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: "allow-cidr"
spec:
  description: "Allow all the traffic originating from a specific CIDR"
  endpointSelector:
    matchExpressions:
    - key: reserved:ingress
      operator: Exists
  ingress:
  - fromCIDRSet:
    # Please update the CIDR to match your environment
    - cidr: 192.168.10.200/32
    - cidr: 127.0.0.1/32
`;

describe('CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy', () => {
  it('reads external-lockdown: empty selector, fromEntities cluster, cluster-scoped', () => {
    const m = parseAlone(EXTERNAL_LOCKDOWN);
    expect(problems(m)).toEqual([]);
    const p = m.policies[0]!;
    expect(p.kind).toBe('CiliumClusterwideNetworkPolicy');
    expect(p.meta.namespace).toBe('');
    expect(p.specs).toHaveLength(1);
    const s = p.specs[0]!;
    expect(s.endpointSelector).toEqual({ matchLabels: {}, matchExpressions: [] });
    expect(s.description).toBe('Block all the traffic originating from outside of the cluster');
    expect(s.ingress).toEqual([{ endpoints: null, entities: ['cluster'], cidrs: null, services: null, ports: null, loc: { file: 'editor', doc: 0, line: 9, column: 5 } }]);
    expect(s.egress).toBeNull();
    expect(s.ingressDeny).toBeNull();
  });

  it('reads allow-cidr: reserved:ingress Exists, fromCIDRSet', () => {
    const m = parseAlone(ALLOW_CIDR);
    expect(problems(m)).toEqual([]);
    const s = m.policies[0]!.specs[0]!;
    expect(s.endpointSelector?.matchExpressions).toEqual([{ key: 'reserved:ingress', operator: 'Exists', values: [] }]);
    expect(s.ingress![0]!.cidrs).toEqual([
      { cidr: '192.168.10.200/32', except: [] },
      { cidr: '127.0.0.1/32', except: [] },
    ]);
  });

  it('normalises from*/to* peers, ports and HTTP rules; specs lists', () => {
    const text = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: l7, namespace: shop}
specs:
- endpointSelector: {matchLabels: {app: webpod}}
  ingress:
  - fromEndpoints: [{matchLabels: {"k8s:app": curl}}]
    fromCIDR: [10.0.0.0/8]
    fromCIDRSet: [{cidr: 192.168.0.0/16, except: [192.168.10.0/24]}]
    toPorts:
    - ports: [{port: "80", protocol: TCP}, {port: "8000", endPort: 8080}]
      rules:
        http:
        - {method: GET, path: "/details.*", headers: ["X-Test: 1"]}
  egressDeny:
  - toEntities: [world]
- endpointSelector: {}
  egress:
  - toServices: [{k8sService: {serviceName: webpod, namespace: default}}]
    toEndpoints: [{}]
`;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    const p = m.policies[0]!;
    expect(p.meta.namespace).toBe('shop');
    expect(p.specs).toHaveLength(2);
    const r = p.specs[0]!.ingress![0]!;
    expect(r.endpoints).toEqual([{ matchLabels: { 'k8s:app': 'curl' }, matchExpressions: [] }]);
    expect(r.cidrs).toEqual([
      { cidr: '10.0.0.0/8', except: [] },
      { cidr: '192.168.0.0/16', except: ['192.168.10.0/24'] },
    ]);
    expect(r.ports).toEqual([
      {
        ports: [
          { port: '80', endPort: null, protocol: 'TCP' },
          { port: '8000', endPort: 8080, protocol: 'ANY' },
        ],
        http: [{ method: 'GET', path: '/details.*', host: null, headers: ['X-Test: 1'] }],
      },
    ]);
    expect(p.specs[0]!.egressDeny![0]!.entities).toEqual(['world']);
    expect(p.specs[1]!.egress![0]!.services).toEqual([{ name: 'webpod', namespace: 'default' }]);
    expect(p.specs[1]!.egress![0]!.endpoints).toEqual([{ matchLabels: {}, matchExpressions: [] }]);
  });

  it('a field Cilium does not know (fromEndpoint) is an error suggesting fromEndpoints, at the key', () => {
    const text = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: typo}
spec:
  endpointSelector: {}
  ingress:
  - fromEndpoint:
    - matchLabels: {app: curl}
    toPort: []
`;
    const d = diagsWith(parseAlone(text), 'model.field.unknown');
    expect(d.map((x) => [x.severity, x.line, x.column])).toEqual([
      ['error', 7, 5],
      ['error', 9, 5],
    ]);
    expect(d[0]!.message).toContain('`fromEndpoints`');
    expect(d[1]!.message).toContain('`toPorts`');
    expect(d[0]!.hint).toContain('fromEntities');
  });

  it('selector operator, bad CIDR and unknown entity are located errors', () => {
    const text = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: bad}
spec:
  endpointSelector:
    matchExpressions:
    - {key: app, operator: exists}
  ingress:
  - fromCIDR: [192.168.10.300/32]
    fromEntities: [clusters]
`;
    const m = parseAlone(text);
    expect(diagsWith(m, 'model.selector.operator').map((d) => [d.line, d.column])).toEqual([[7, 28]]);
    expect(diagsWith(m, 'model.cidr.invalid').map((d) => [d.line, d.column])).toEqual([[9, 16]]);
    expect(diagsWith(m, 'model.policy.entity').map((d) => [d.line, d.column])).toEqual([[10, 20]]);
  });

  it('a rule with no selector, or a missing spec, is an error', () => {
    const m = parseAlone('apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: x}\nspec:\n  ingress: [{fromEntities: [world]}]\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: y}\n');
    expect(diagsWith(m, 'model.policy.selector.none').map((d) => [d.doc, d.line])).toEqual([[0, 5]]);
    expect(diagsWith(m, 'model.policy.nospec').map((d) => [d.doc, d.line])).toEqual([[1, 7]]);
  });
});
