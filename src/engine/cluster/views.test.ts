import { describe, expect, it } from 'vitest';
import { ciliumEndpointList, ciliumIdentityList, ciliumIpList, ciliumServiceList, deriveCluster, kubectlGet, kubectlGetLeases } from './index';
import { tabulate } from './util';
import { defaultManifest, ingress, service } from './testing';

function lab3() {
  const m = defaultManifest();
  m.ingresses.push(ingress('basic-ingress', [{ paths: [{ path: '/', svc: 'webpod', port: 80 }] }]));
  return deriveCluster(m);
}

describe('views (lab 11)', () => {
  it('pads like Go tabwriter with 3 spaces', () => {
    expect(tabulate([['A', 'BB', 'C'], ['xxxx', 'y', 'z']])).toEqual(['A      BB   C', 'xxxx   y    z']);
    expect(tabulate([['A', 'B']], { trailing: true })).toEqual(['A   B   ']);
  });

  it('kubectl get svc,ep,ingress -A prints PORT(S), EXTERNAL-IP, endpoints and the Ingress ADDRESS', () => {
    const s = lab3();
    const ing = s.services.find((x) => x.name === 'cilium-ingress')!;
    const np = ing.ports.map((p) => p.nodePort);
    const out = kubectlGet(s);
    const svcLine = out.find((l) => l.includes('service/cilium-ingress'))!;
    expect(svcLine.split(/\s{3,}/)).toEqual(['kube-system', 'service/cilium-ingress', 'LoadBalancer', ing.clusterIP!, '192.168.10.211', `80:${np[0]}/TCP,443:${np[1]}/TCP`, '5m']);
    expect(out.find((l) => l.includes('endpoints/cilium-ingress'))!.split(/\s{3,}/)).toEqual(['kube-system', 'endpoints/cilium-ingress', '192.192.192.192:9999', '5m']);
    expect(out.find((l) => l.includes('basic-ingress'))!.split(/\s{3,}/)).toEqual(['default', 'ingress.networking.k8s.io/basic-ingress', 'cilium', '*', '192.168.10.211', '80', '5m']);
    expect(out.filter((l) => l === '')).toHaveLength(2);
  });

  it('shows <pending> without a pool and <none> for ClusterIP services', () => {
    const s = deriveCluster(defaultManifest({ pools: [] }));
    const out = kubectlGet(s);
    expect(out.find((l) => l.includes('service/cilium-ingress'))!.split(/\s{3,}/)[4]).toBe('<pending>');
    expect(out.find((l) => l.includes('service/webpod'))!.split(/\s{3,}/)[4]).toBe('<none>');
  });

  it('cuts endpoints after three with "+ N more..."', () => {
    const m = defaultManifest();
    m.workloads[0]!.replicas = 5;
    m.services.push(service('many', { app: 'webpod' }, [{ port: 80 }]));
    const line = kubectlGet(deriveCluster(m)).find((l) => l.includes('endpoints/many'))!;
    expect(line).toMatch(/:80,[\d.]+:80,[\d.]+:80 \+ 2 more\.\.\./);
  });

  it('cilium-dbg ip list: header, world first, labels on continuation rows', () => {
    const out = ciliumIpList(lab3());
    expect(out[0]!.split(/\s{3,}/)).toEqual(['IP', 'IDENTITY', 'SOURCE']);
    expect(out[1]!.startsWith('0.0.0.0/0           reserved:world')).toBe(true);
    const i = out.findIndex((l) => l.startsWith('192.168.10.100/32'));
    expect(out[i]).toContain('reserved:host');
    expect(out[i + 1]!.trim()).toBe('reserved:kube-apiserver');
    expect(out.some((l) => l.startsWith('172.20.1.110/32     reserved:ingress'))).toBe(true);
  });

  it('cilium-dbg service list: ID column, frontends, backends on continuation rows', () => {
    const s = lab3();
    const out = ciliumServiceList(s);
    expect(out[0]).toMatch(/^ID\s{3,}Frontend\s{3,}Service Type\s{3,}Backend$/);
    expect(out[1]).toMatch(/^1\s+10\.96\.0\.1:443\/TCP\s+ClusterIP\s+1 => 192\.168\.10\.100:6443\/TCP \(active\)$/);
    expect(out.some((l) => /^\d+\s+192\.168\.10\.211:80\/TCP\s+LoadBalancer\s+1 => 192\.192\.192\.192:9999\/TCP \(active\)$/.test(l))).toBe(true);
    const web = s.services.find((x) => x.name === 'webpod')!;
    const i = out.findIndex((l) => l.includes(`${web.clusterIP}:80/TCP`));
    expect(out[i + 1]).toMatch(/^\s+2 => 172\.20\.1\.\d+:80\/TCP \(active\)$/);
  });

  it('cilium-dbg endpoint list: host, ingress and local pods, policy enforcement columns', () => {
    const out = ciliumEndpointList(lab3(), 'k8s-w1');
    expect(out[0]).toMatch(/^ENDPOINT\s+POLICY \(ingress\)\s+POLICY \(egress\)\s+IDENTITY\s+LABELS/);
    expect(out[1]!.trim()).toBe('ENFORCEMENT        ENFORCEMENT');
    expect(out.some((l) => /\s8\s+reserved:ingress\s+172\.20\.1\.110\s+ready$/.test(l))).toBe(true);
    expect(out.some((l) => /Disabled\s+Disabled\s+1\s+reserved:host\s+ready$/.test(l))).toBe(true);
    expect(out.filter((l) => l.includes('k8s:app=webpod'))).toHaveLength(1);
  });

  it('identity list and leases', () => {
    const s = lab3();
    const ids = ciliumIdentityList(s);
    expect(ids[1]).toBe('1       reserved:host');
    expect(ids.some((l) => /^8\s+reserved:ingress$/.test(l))).toBe(true);
    expect(kubectlGetLeases(s)).toEqual(['NAME                                           HOLDER    AGE', 'cilium-l2announce-kube-system-cilium-ingress   k8s-ctr   5m']);
  });
});
