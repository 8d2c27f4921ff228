import { describe, expect, it } from 'vitest';
import { deriveCluster, identityOfIP } from './index';
import { defaultManifest, workload } from './testing';

describe('identities and ipcache', () => {
  it('has the reserved identities with their numbers', () => {
    const s = deriveCluster(defaultManifest());
    const r = Object.fromEntries(s.identities.filter((i) => i.reserved).map((i) => [i.reserved, i.id]));
    expect(r).toEqual({ unknown: 0, host: 1, world: 2, unmanaged: 3, health: 4, init: 5, 'remote-node': 6, 'kube-apiserver': 7, ingress: 8 });
  });

  it('gives pods with the same labels and namespace one identity in 10000-65535, stable under reordering', () => {
    const m = defaultManifest();
    m.workloads.push(workload('Pod', 'other-ns', { app: 'webpod' }, { meta: { name: 'other-ns', namespace: 'prod', labels: {}, annotations: {} } }));
    const s = deriveCluster(m);
    const web = s.pods.filter((p) => p.owner === 'Deployment/webpod');
    expect(web[0]!.identity).toBe(web[1]!.identity);
    expect(web[0]!.identity).toBeGreaterThanOrEqual(10000);
    expect(web[0]!.identity).toBeLessThanOrEqual(65535);
    expect(s.pods.find((p) => p.name === 'other-ns')!.identity).not.toBe(web[0]!.identity);
    const reordered = defaultManifest();
    reordered.workloads.reverse();
    expect(deriveCluster(reordered).pods.find((p) => p.owner === 'Deployment/webpod')!.identity).toBe(deriveCluster(defaultManifest()).pods.find((p) => p.owner === 'Deployment/webpod')!.identity);
    expect(s.identities.find((i) => i.id === web[0]!.identity)!.labels).toContain('k8s:app=webpod');
  });

  it('lists the ipcache from the first node: world, host, remote-node, both ingress IPs, pods', () => {
    const s = deriveCluster(defaultManifest());
    expect(s.ipcacheView).toBe('k8s-ctr');
    const e = (p: string) => s.ipcache.find((x) => x.prefix === p);
    expect(e('0.0.0.0/0')!.identity).toBe(2);
    expect(e('192.168.10.100/32')).toMatchObject({ identity: 1, labels: ['reserved:host', 'reserved:kube-apiserver'] });
    expect(e('192.168.10.101/32')).toMatchObject({ identity: 6, labels: ['reserved:remote-node'] });
    expect(e('172.20.0.173/32')!.identity).toBe(8);
    expect(e('172.20.1.110/32')!.identity).toBe(8);
    const curl = s.pods.find((p) => p.name === 'curlpod')!;
    expect(e(`${curl.ip}/32`)!.identity).toBe(curl.identity);
  });

  it('resolves identities per node view', () => {
    const s = deriveCluster(defaultManifest());
    expect(identityOfIP(s, 'k8s-ctr', '192.168.10.100')).toBe(1);
    expect(identityOfIP(s, 'k8s-w1', '192.168.10.100')).toBe(7);
    expect(identityOfIP(s, 'k8s-ctr', '192.168.10.101')).toBe(6);
    expect(identityOfIP(s, 'k8s-w1', '172.20.0.173')).toBe(8);
    expect(identityOfIP(s, 'k8s-w1', '192.168.10.200')).toBe(2);
  });
});
