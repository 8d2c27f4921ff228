import { describe, expect, it } from 'vitest';
import type { Endpoints } from '../../model/types';
import { deriveCluster } from './index';
import { defaultManifest, loc, meta, service, workload } from './testing';

describe('services', () => {
  it('adds default/kubernetes at .1 -> the control plane InternalIP:6443', () => {
    const s = deriveCluster(defaultManifest());
    const k = s.services.find((x) => x.name === 'kubernetes')!;
    expect(k).toMatchObject({ namespace: 'default', clusterIP: '10.96.0.1', id: 1 });
    expect(k.endpoints).toEqual([expect.objectContaining({ ip: '192.168.10.100', port: 6443 })]);
  });

  it('allocates ClusterIPs deterministically inside the service CIDR, honouring requests; kube-dns gets .10; headless gets none', () => {
    const m = defaultManifest();
    const dns = service('kube-dns', { 'k8s-app': 'kube-dns' }, [{ port: 53 }]);
    dns.meta.namespace = 'kube-system';
    m.services.push(dns, service('fixed', null, [{ port: 80 }], { clusterIP: '10.96.100.100' }), service('headless', { app: 'webpod' }, [{ port: 80 }], { clusterIP: 'None' }));
    const a = deriveCluster(m);
    const b = deriveCluster(m);
    const ip = (n: string) => a.services.find((x) => x.name === n)!.clusterIP;
    expect(ip('kube-dns')).toBe('10.96.0.10');
    expect(ip('fixed')).toBe('10.96.100.100');
    expect(ip('headless')).toBeNull();
    expect(a.services.find((x) => x.name === 'headless')!.headless).toBe(true);
    expect(ip('webpod')).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(b.services.map((x) => x.clusterIP)).toEqual(a.services.map((x) => x.clusterIP));
    expect(new Set(a.services.map((x) => x.clusterIP).filter(Boolean)).size).toBe(a.services.filter((x) => x.clusterIP).length);
  });

  it('gives NodePorts in 30000-32767, honouring a requested one', () => {
    const m = defaultManifest();
    const np = service('np', { app: 'webpod' }, [{ port: 80 }, { port: 81 }], { type: 'NodePort' });
    np.ports[0]!.nodePort = 30080;
    m.services.push(np);
    const ports = deriveCluster(m).services.find((x) => x.name === 'np')!.ports;
    expect(ports[0]!.nodePort).toBe(30080);
    expect(ports[1]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(ports[1]!.nodePort).toBeLessThanOrEqual(32767);
  });

  it('resolves endpoints from selectors, with named target ports, and from manual Endpoints', () => {
    const m = defaultManifest();
    m.workloads.push(workload('Pod', 'named', { app: 'named' }, { containers: [{ name: 'c', image: 'i', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }] }));
    m.services.push(service('named', { app: 'named' }, [{ port: 80, targetPort: 'web' }]));
    m.services.push(service('manual', null, [{ port: 80, name: 'http' }]));
    const ep: Endpoints = { kind: 'Endpoints', apiVersion: 'v1', meta: meta('manual'), loc: loc(), subsets: [{ addresses: ['10.1.1.1'], ports: [{ name: 'http', port: 8888, protocol: 'TCP' }] }] };
    m.endpoints.push(ep);
    const s = deriveCluster(m);
    const web = s.services.find((x) => x.name === 'webpod')!;
    expect(web.endpoints.map((e) => e.node)).toEqual(['k8s-ctr', 'k8s-w1']);
    expect(web.endpoints.every((e) => e.port === 80 && e.pod?.startsWith('default/webpod-'))).toBe(true);
    expect(s.services.find((x) => x.name === 'named')!.endpoints).toEqual([expect.objectContaining({ port: 8080, pod: 'default/named' })]);
    expect(s.services.find((x) => x.name === 'manual')!.endpoints).toEqual([expect.objectContaining({ ip: '10.1.1.1', port: 8888, pod: null })]);
  });

  it('numbers service IDs by frontend, the kubernetes service first', () => {
    const s = deriveCluster(defaultManifest());
    const ids = s.services.map((x) => x.id);
    expect(ids[0]).toBe(1);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ignores a pasted copy of a cluster-owned service with an info diagnostic', () => {
    const m = defaultManifest();
    const dup = service('cilium-ingress', null, [{ port: 80 }], { type: 'LoadBalancer' });
    dup.meta.namespace = 'kube-system';
    m.services.push(dup);
    const s = deriveCluster(m);
    expect(s.services.filter((x) => x.name === 'cilium-ingress')).toHaveLength(1);
    expect(s.diagnostics.find((d) => d.code === 'cluster.service.generated')?.severity).toBe('info');
  });
});
