import { describe, expect, it } from 'vitest';
import { diagsWith, parseAlone, problems } from './test-util';

describe('Service and Endpoints', () => {
  it('reads ClusterIP, NodePort, LoadBalancer, headless and ExternalName services', () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: webpod, labels: {app: webpod}}
spec:
  selector: {app: webpod}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  loadBalancerIP: 192.168.10.213
  loadBalancerClass: io.cilium/l2-announcer
  externalIPs: [192.168.10.250]
  selector: {app.kubernetes.io/name: ingress-nginx}
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: 30080}
  - {name: https, port: 443, targetPort: "8443", protocol: TCP}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: example.com
---
apiVersion: v1
kind: Endpoints
metadata: {name: manual}
subsets:
- addresses: [{ip: 192.192.192.192}]
  ports: [{port: 9999}]
`;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    const [web, nginx, db, ext] = m.services;
    expect(web).toMatchObject({ type: 'ClusterIP', clusterIP: null, selector: { app: 'webpod' }, externalTrafficPolicy: 'Cluster', loadBalancerIP: null, externalIPs: [] });
    expect(web!.ports).toEqual([{ name: null, port: 80, targetPort: 80, nodePort: null, protocol: 'TCP', loc: { file: 'editor', doc: 0, line: 6, column: 11 } }]);
    expect(nginx).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerIP: '192.168.10.213', loadBalancerClass: 'io.cilium/l2-announcer', externalIPs: ['192.168.10.250'] });
    expect(nginx!.meta.namespace).toBe('ingress-nginx');
    expect(nginx!.ports.map((p) => [p.name, p.port, p.targetPort, p.nodePort])).toEqual([
      ['http', 80, 'http', 30080],
      ['https', 443, 8443, null],
    ]);
    expect(db!.clusterIP).toBe('None');
    expect(ext).toMatchObject({ type: 'ExternalName', externalName: 'example.com', selector: null });
    expect(m.endpoints[0]!.subsets).toEqual([{ addresses: ['192.192.192.192'], ports: [{ name: null, port: 9999, protocol: 'TCP' }] }]);
  });

  it('port out of range, bad type and bad IPs are errors at the value', () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: bad}
spec:
  type: Loadbalancer
  loadBalancerIP: 192.168.10.2111
  ports:
  - port: 70000
`;
    const m = parseAlone(text);
    expect(diagsWith(m, 'model.service.type').map((d) => [d.line, d.column])).toEqual([[5, 9]]);
    expect(diagsWith(m, 'model.ip.invalid').map((d) => [d.line, d.column])).toEqual([[6, 19]]);
    expect(diagsWith(m, 'model.port.range').map((d) => [d.line, d.column, d.message])).toEqual([[8, 11, 'Port 70000 is out of range (spec.ports[0].port)']]);
    expect(m.services[0]!.ports).toEqual([]);
  });
});

describe('workloads', () => {
  it('reads Deployment, DaemonSet, StatefulSet, ReplicaSet and Pod', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: webpod}
spec:
  replicas: 2
  selector: {matchLabels: {app: webpod}}
  template:
    metadata: {labels: {app: webpod}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers:
      - name: webpod
        image: traefik/whoami
        ports: [{containerPort: 80, name: http}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: agent}}
  template:
    metadata: {labels: {k8s-app: agent}}
    spec:
      hostNetwork: true
      containers: [{name: a, image: x}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  replicas: 0
  selector: {matchLabels: {app: rs}}
  template:
    metadata: {labels: {app: rs}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: curlpod, labels: {app: curl}}
spec:
  nodeName: k8s-ctr
  containers: [{name: curl, image: nicolaka/netshoot}]
`;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    const [dep, ds, sts, rs, pod] = m.workloads;
    expect(dep).toMatchObject({ kind: 'Deployment', replicas: 2, podLabels: { app: 'webpod' }, nodeSelector: { 'kubernetes.io/os': 'linux' }, hostNetwork: false, nodeName: null });
    expect(dep!.containers).toEqual([{ name: 'webpod', image: 'traefik/whoami', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }]);
    expect(ds).toMatchObject({ kind: 'DaemonSet', hostNetwork: true, meta: { namespace: 'kube-system' } });
    expect(sts!.replicas).toBe(1);
    expect(rs!.replicas).toBe(0);
    expect(pod).toMatchObject({ kind: 'Pod', replicas: 1, podLabels: { app: 'curl' }, nodeName: 'k8s-ctr' });
  });

  it('a selector that does not match the template labels is an error', () => {
    const m = parseAlone('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c, image: i}]}\n');
    expect(diagsWith(m, 'model.workload.selector').map((d) => [d.line, d.column])).toEqual([[5, 13]]);
  });
});

describe('ignored kinds', () => {
  it('Namespace, ConfigMap, Gateway: ignored with an info diagnostic', () => {
    const m = parseAlone('apiVersion: v1\nkind: Namespace\nmetadata: {name: ingress-nginx}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\n');
    expect(m.ignored.map((i) => [i.kind, i.name, i.loc.doc, i.loc.line])).toEqual([
      ['Namespace', 'ingress-nginx', 0, 1],
      ['Gateway', 'gw', 1, 5],
    ]);
    expect(diagsWith(m, 'model.kind.ignored').map((d) => [d.severity, d.line, d.column])).toEqual([
      ['info', 2, 1],
      ['info', 6, 1],
    ]);
    expect(m.diagnostics.some((d) => d.severity === 'error')).toBe(false);
  });
});
