import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_TEXT } from './default-lab';
import { parseSources } from './parse';
import { diagsWith, posOf } from './test-util';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: basic-ingress, namespace: default}
spec:
  ingressClassName: cilium
  rules:
  - http:
      paths:
      - {path: /details, pathType: Prefix, backend: {service: {name: details, port: {number: 9080}}}}
      - {path: /, pathType: Prefix, backend: {service: {name: productpage, port: {number: 9080}}}}
`;

describe('parseSources: the default lab and the merge rule', () => {
  it('the default lab alone parses without diagnostics, located in file "lab"', () => {
    const m = parseSources([]);
    expect(m.diagnostics).toEqual([]);
    expect(m.lab.meta.name).toBe('cilium-week6');
    expect(m.lab.loc).toEqual({ file: 'lab', doc: 0, line: 1, column: 1 });
    expect(m.lab.nodes.map((n) => [n.name, n.role, n.podCIDR, n.ingressIP, n.ciliumHostIP, n.defaultInterface])).toEqual([
      ['k8s-ctr', 'control-plane', '172.20.0.0/24', '172.20.0.173', '172.20.0.114', 'eth0'],
      ['k8s-w1', 'worker', '172.20.1.0/24', '172.20.1.110', '172.20.1.6', 'eth0'],
    ]);
    expect(m.lab.nodes[0]!.interfaces.map((i) => [i.name, i.address, i.mac])).toEqual([
      ['eth0', '10.0.2.15/24', '08:00:27:6b:69:c9'],
      ['eth1', '192.168.10.100/24', '08:00:27:5c:1e:aa'],
    ]);
    expect(m.lab.clients).toMatchObject([{ name: 'router', address: '192.168.10.200/24', mac: '08:00:27:11:22:33' }]);
    expect(m.lab).toMatchObject({ clock: '2025-08-23T15:19:00Z', seed: 1, kernel: '6.8', serviceCIDR: '10.96.0.0/12', extends: null });
    expect(m.lab.requests).toMatchObject([{ name: 'curlpod to webpod', from: 'curlpod', curl: 'curl -s webpod', expect: { status: 200, backend: 'webpod', exitCode: null } }]);
    expect(m.ingressClasses.map((c) => [c.meta.name, c.controller, c.isDefault])).toEqual([['cilium', 'cilium.io/ingress-controller', false]]);
    expect(m.pools[0]!.loc).toEqual({ file: 'lab', doc: 5, ...posOf(DEFAULT_LAB_TEXT, 'apiVersion: cilium.io/v2\nkind: CiliumLoadBalancerIPPool') });
  });

  it('without a Lab, the user objects go on top of the default lab', () => {
    const m = parseSources([{ file: 'editor', text: INGRESS }]);
    expect(m.diagnostics).toEqual([]);
    expect(m.lab.meta.name).toBe('cilium-week6');
    expect(m.ingresses.map((i) => [i.meta.name, i.loc.file])).toEqual([['basic-ingress', 'editor']]);
    expect(m.services.map((s) => s.meta.name)).toEqual(['webpod']);
    expect(m.pools).toHaveLength(1);
  });

  it('an object with the same kind, namespace and name replaces the lab s', () => {
    const text = `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata: {name: policy1}
spec:
  interfaces: [eth9]
  loadBalancerIPs: true
---
apiVersion: v1
kind: Service
metadata: {name: webpod, namespace: other}
spec: {ports: [{port: 80}]}
`;
    const m = parseSources([{ file: 'editor', text }]);
    expect(m.l2Policies).toHaveLength(1);
    expect(m.l2Policies[0]!.interfaces).toEqual(['eth9']);
    expect(m.l2Policies[0]!.loc.file).toBe('editor');
    // different namespace: not a replacement
    expect(m.services.map((s) => `${s.meta.namespace}/${s.meta.name}`)).toEqual(['default/webpod', 'other/webpod']);
  });

  it('a Lab of its own (no extends) replaces the default lab entirely', () => {
    const text = `apiVersion: hopscope.dev/v1alpha1
kind: Lab
metadata: {name: tiny}
spec:
  nodes:
  - name: n1
    interfaces: [{name: eth0, address: 10.1.0.10/24}]
---
${INGRESS}`;
    const m = parseSources([{ file: 'editor', text }]);
    expect(m.lab.meta.name).toBe('tiny');
    expect(m.lab.nodes.map((n) => n.name)).toEqual(['n1']);
    expect(m.lab.clients).toEqual([]);
    expect(m.pools).toEqual([]);
    expect(m.workloads).toEqual([]);
    expect(m.lab.cilium.routingMode).toBe('tunnel');
    expect(m.ingresses).toHaveLength(1);
  });

  it('extends: default overrides the fields it sets, merges helm key by key, replaces requests', () => {
    const text = `apiVersion: hopscope.dev/v1alpha1
kind: Lab
metadata: {name: mine}
spec:
  extends: default
  title: My variant
  clients:
  - {name: router, address: 192.168.10.200/24}
  - {name: outsider, address: 192.168.10.201/24}
  helm:
    ingressController: {loadbalancerMode: dedicated}
    bpf: {monitorAggregation: none}
  requests:
  - {from: outsider, curl: "curl -s http://192.168.10.211/", expect: {status: 403}}
`;
    const m = parseSources([{ file: 'editor', text }]);
    expect(m.diagnostics).toEqual([]);
    expect(m.lab.meta.name).toBe('mine');
    expect(m.lab.extends).toBe('default');
    expect(m.lab.title).toBe('My variant');
    expect(m.lab.nodes.map((n) => n.name)).toEqual(['k8s-ctr', 'k8s-w1']); // kept from the default
    expect(m.lab.clients.map((c) => c.name)).toEqual(['router', 'outsider']);
    expect(m.lab.requests.map((r) => r.from)).toEqual(['outsider']);
    expect(m.lab.cilium.ingressController).toMatchObject({ enabled: true, loadbalancerMode: 'dedicated' });
    expect(m.lab.cilium.monitorAggregation).toBe('none');
    expect(m.lab.cilium.routingMode).toBe('native'); // from the default helm line
    expect(m.pools).toHaveLength(1); // the default lab's objects stay
  });

  it('options.labText replaces the default lab text', () => {
    const labText = 'apiVersion: hopscope.dev/v1alpha1\nkind: Lab\nmetadata: {name: custom}\nspec:\n  helm: "--set routingMode=native --set ipv4NativeRoutingCIDR=10.0.0.0/8"\n';
    const m = parseSources([{ file: 'editor', text: INGRESS }], { labText });
    expect(m.lab.meta.name).toBe('custom');
    expect(m.lab.cilium.routingMode).toBe('native');
    expect(m.workloads).toEqual([]);
  });

  it('useDefaultLab: false and no Lab: a diagnostic and a minimal empty lab', () => {
    const m = parseSources([{ file: 'editor', text: INGRESS }], { useDefaultLab: false });
    expect(m.lab.nodes).toEqual([]);
    expect(m.pools).toEqual([]);
    expect(diagsWith(m, 'model.lab.missing').map((d) => [d.severity, d.file, d.line, d.column])).toEqual([['warning', 'editor', 1, 1]]);
  });

  it('a duplicate object in the user s own text is a warning; the later one wins', () => {
    const text = `${INGRESS}---
${INGRESS.replace('/details', '/reviews')}`;
    const m = parseSources([{ file: 'editor', text }]);
    expect(m.ingresses).toHaveLength(1);
    expect(m.ingresses[0]!.rules[0]!.paths[0]!.path).toBe('/reviews');
    expect(diagsWith(m, 'model.object.duplicate').map((d) => [d.severity, d.doc, d.line, d.column])).toEqual([['warning', 1, 12, 1]]);
  });

  it('several texts keep their own file names and document indexes', () => {
    const m = parseSources([
      { file: 'a.yaml', text: INGRESS },
      { file: 'b.yaml', text: `---\n${INGRESS.replace('basic-ingress', 'second')}` },
    ]);
    expect(m.ingresses.map((i) => [i.meta.name, i.loc.file, i.loc.doc, i.loc.line])).toEqual([
      ['basic-ingress', 'a.yaml', 0, 1],
      ['second', 'b.yaml', 0, 2],
    ]);
  });

  it('never throws, even on nonsense arguments', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const bad: any = [{ file: 'x', text: 42 }, { file: 'y', text: 'kind: [' }];
    expect(() => parseSources(bad)).not.toThrow();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const m = parseSources(null as any);
    expect(m.lab).toBeDefined();
  });

  it('every diagnostic has a message and a hint from the catalogue', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: x}
spec:
  rules:
  - host: 10.0.0.1
    http:
      paths: [{path: a, pathType: Prefix, backend: {service: {name: s, port: {}}}}]
---
kind: Thing
metadata: {name: y}
---
a: [
`;
    const m = parseSources([{ file: 'editor', text }]);
    expect(m.diagnostics.length).toBeGreaterThanOrEqual(5);
    for (const d of m.diagnostics) {
      expect(d.message).not.toBe(d.code);
      expect(d.hint, d.code).toBeTruthy();
    }
  });
});

describe('values with no text of their own still have a place', () => {
  // js-yaml 5 reports offset -1 for an empty or tag-only value; the diagnostic
  // must point at the tag or the key, never at column 0 (found by the fuzz test).
  const cases: [string, string, number, number][] = [
    ['a tag-only document', '!!str\n', 1, 1],
    ['a tag-only value', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports: !!str\n', 6, 10],
    ['an empty backend', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n', 11, 9],
  ];
  for (const [what, text, line, column] of cases) {
    it(what, () => {
      const m = parseSources([{ file: 'editor', text }], { useDefaultLab: false });
      const errors = m.diagnostics.filter((d) => d.file === 'editor' && d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const d of errors) expect(d.column).toBeGreaterThan(0);
      expect(errors.some((d) => d.line === line && d.column === column)).toBe(true);
    });
  }
});
