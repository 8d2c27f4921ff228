import { describe, expect, it } from 'vitest';
import { deriveCluster } from './index';
import { defaultManifest, pool, selector, service } from './testing';

const lb = (name: string, over = {}) => service(name, { app: name }, [{ port: 80 }], { type: 'LoadBalancer', ...over });

describe('LB-IPAM (facts 15-16)', () => {
  it('is dormant without a pool: every LoadBalancer is <pending> with no_pool (lab 1)', () => {
    const s = deriveCluster(defaultManifest({ pools: [] }));
    expect(s.services.find((x) => x.name === 'cilium-ingress')).toMatchObject({ externalIP: null, pendingReason: 'no_pool' });
  });

  it('allocates ascending, shared cilium-ingress first, then in creation order', () => {
    const m = defaultManifest();
    m.services.push(lb('a'), lb('b'));
    const s = deriveCluster(m);
    const ip = (n: string) => s.services.find((x) => x.name === n)!.externalIP;
    expect([ip('cilium-ingress'), ip('a'), ip('b')]).toEqual(['192.168.10.211', '192.168.10.212', '192.168.10.213']);
    expect(s.lbipam.pools[0]!.allocated.map((a) => a.ip)).toEqual(['192.168.10.211', '192.168.10.212', '192.168.10.213']);
  });

  it('runs out of IPs with out_of_ips', () => {
    const m = defaultManifest();
    m.pools = [pool('tiny', [{ start: '192.168.10.211' }])];
    m.services.push(lb('a'));
    const s = deriveCluster(m);
    expect(s.services.find((x) => x.name === 'a')).toMatchObject({ externalIP: null, pendingReason: 'out_of_ips' });
  });

  it('honours spec.loadBalancerIP and lbipam.cilium.io/ips; reports no_pool, pool_selector_mismatch and already_allocated', () => {
    const m = defaultManifest();
    m.pools.push(pool('picky', [{ cidr: '10.10.0.0/30' }], { serviceSelector: selector({ 'io.kubernetes.service.name': 'nobody' }) }));
    m.services.push(
      lb('want214', { loadBalancerIP: '192.168.10.214' }),
      lb('wantann', { meta: { name: 'wantann', namespace: 'default', labels: {}, annotations: { 'lbipam.cilium.io/ips': '192.168.10.215' } } }),
      lb('outside', { loadBalancerIP: '10.0.0.1' }),
      lb('mismatch', { loadBalancerIP: '10.10.0.1' }),
      lb('taken', { loadBalancerIP: '192.168.10.214' }),
    );
    const s = deriveCluster(m);
    const st = (n: string) => s.services.find((x) => x.name === n)!;
    expect(st('want214').externalIP).toBe('192.168.10.214');
    expect(st('wantann').externalIP).toBe('192.168.10.215');
    expect(st('outside').pendingReason).toBe('no_pool');
    expect(st('mismatch').pendingReason).toBe('pool_selector_mismatch');
    expect(st('taken').pendingReason).toBe('already_allocated');
  });

  it('matches serviceSelector against the virtual namespace/name labels; a disabled pool gives nothing', () => {
    const m = defaultManifest();
    m.pools = [
      pool('ingress-only', [{ start: '192.168.10.220', stop: '192.168.10.221' }], { serviceSelector: selector({ 'io.kubernetes.service.namespace': 'kube-system' }) }),
      pool('off', [{ start: '192.168.10.230' }], { disabled: true }),
    ];
    m.services.push(lb('a'));
    const s = deriveCluster(m);
    expect(s.services.find((x) => x.name === 'cilium-ingress')!.externalIP).toBe('192.168.10.220');
    expect(s.services.find((x) => x.name === 'a')).toMatchObject({ externalIP: null, pendingReason: 'no_pool' });
  });

  it('marks the later overlapping pool conflicting and unused', () => {
    const m = defaultManifest();
    m.pools = [pool('first', [{ cidr: '192.168.10.208/29' }]), pool('a-second', [{ cidr: '192.168.10.210/31' }])];
    const s = deriveCluster(m);
    expect(s.lbipam.pools.find((p) => p.name === 'a-second')!.conflicting).toBe(true);
    expect(s.services.find((x) => x.name === 'cilium-ingress')!.externalIP).toBe('192.168.10.208');
    expect(s.diagnostics.some((d) => d.code === 'cluster.lbipam.poolConflict')).toBe(true);
  });

  it('skips the first and last IP of a CIDR only with allowFirstLastIPs: No', () => {
    const m = defaultManifest();
    m.pools = [pool('c', [{ cidr: '192.168.20.0/30' }], { allowFirstLastIPs: false })];
    expect(deriveCluster(m).services.find((x) => x.name === 'cilium-ingress')!.externalIP).toBe('192.168.20.1');
  });

  it('ignores a LoadBalancer with a foreign loadBalancerClass', () => {
    const m = defaultManifest();
    m.services.push(lb('metal', { loadBalancerClass: 'metallb' }));
    const s = deriveCluster(m);
    expect(s.services.find((x) => x.name === 'metal')).toMatchObject({ externalIP: null, pendingReason: 'lb_class_foreign' });
  });
});

describe('LB-IPAM sharing keys (fact 17)', () => {
  const shared = (name: string, port: number, ns = 'default', extra: Record<string, string> = {}) => {
    const s = service(name, { app: name }, [{ port }], { type: 'LoadBalancer' });
    s.meta = { ...s.meta, namespace: ns, annotations: { 'lbipam.cilium.io/sharing-key': 'k', ...extra } };
    return s;
  };
  it('shares one IP between compatible services and not across ports, namespaces or Ingress services', () => {
    const m = defaultManifest();
    m.services.push(shared('dns-tcp', 53), shared('web', 80), shared('web2', 80), shared('other-ns', 8080, 'prod'));
    const s = deriveCluster(m);
    const ip = (n: string) => s.services.find((x) => x.name === n)!.externalIP;
    expect(ip('dns-tcp')).toBe('192.168.10.212');
    expect(ip('web')).toBe('192.168.10.212');
    expect(ip('web2')).toBe('192.168.10.213');
    expect(ip('other-ns')).toBe('192.168.10.214');
  });
});
