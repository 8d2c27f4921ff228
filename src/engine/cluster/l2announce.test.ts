import { describe, expect, it } from 'vitest';
import { deriveCluster, ciliumL2ResponderList } from './index';
import { regexFinds } from './l2announce';
import { defaultManifest, l2policy, selector, service } from './testing';

const entry = (m: ReturnType<typeof defaultManifest>) => deriveCluster(m).l2.find((e) => e.service === 'cilium-ingress')!;

describe('L2 announcements (facts 18-19, lab 2)', () => {
  it('the default lab: the lease holder answers for 192.168.10.211 on eth1', () => {
    const e = entry(defaultManifest());
    expect(e).toMatchObject({ ip: '192.168.10.211', node: 'k8s-ctr', interface: 'eth1', interfaces: ['eth1'], policy: 'policy1', lease: 'cilium-l2announce-kube-system-cilium-ingress', silentReason: null });
  });

  it('an interface regex that matches nothing: the node holds the lease and answers nothing', () => {
    const e = entry(defaultManifest({ l2Policies: [l2policy('policy1', ['^eth9$'])] }));
    expect(e).toMatchObject({ node: 'k8s-ctr', interface: null, silentReason: 'cluster.l2.noInterface' });
  });

  it('regexes are unanchored and OR-ed; an empty list means every device', () => {
    expect(regexFinds('eth', 'eth1')).toBe(true);
    expect(regexFinds('^eth1$', 'eth10')).toBe(false);
    expect(regexFinds('(', 'x')).toBeNull();
    expect(entry(defaultManifest({ l2Policies: [l2policy('p', ['th'])] })).interfaces).toEqual(['eth0', 'eth1']);
    expect(entry(defaultManifest({ l2Policies: [l2policy('p', [])] })).interfaces).toEqual(['eth0', 'eth1']);
  });

  it('no policy, loadBalancerIPs false, or l2announcements off: nobody holds it', () => {
    expect(entry(defaultManifest({ l2Policies: [] }))).toMatchObject({ node: null, silentReason: 'cluster.l2.noPolicy' });
    expect(entry(defaultManifest({ l2Policies: [l2policy('p', ['eth1'], { loadBalancerIPs: false })] }))).toMatchObject({ node: null, silentReason: 'cluster.l2.loadBalancerIPsOff' });
    expect(entry(defaultManifest({}, { l2announcements: false }))).toMatchObject({ node: null, silentReason: 'cluster.l2.disabled' });
    expect(entry(defaultManifest({ l2Policies: [l2policy('p', ['eth1'], { serviceSelector: selector({ app: 'other' }) })] }))).toMatchObject({ node: null, silentReason: 'cluster.l2.noPolicyMatches' });
  });

  it('nodeSelector picks the candidates: a worker-only policy makes k8s-w1 the holder', () => {
    const p = l2policy('p', ['eth1'], { nodeSelector: selector({}, [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist', values: [] }]) });
    expect(entry(defaultManifest({ l2Policies: [p] }))).toMatchObject({ node: 'k8s-w1', interface: 'eth1' });
  });

  it('announces externalIPs too, and lists the responder entries of the holder only', () => {
    const m = defaultManifest();
    m.services.push(service('ext', { app: 'webpod' }, [{ port: 80 }], { externalIPs: ['192.168.10.250'] }));
    const s = deriveCluster(m);
    expect(s.l2.find((e) => e.service === 'ext')).toMatchObject({ ip: '192.168.10.250', node: 'k8s-ctr', interface: 'eth1' });
    expect(ciliumL2ResponderList(s, 'k8s-ctr')).toEqual([
      'IP               NetworkInterface   Origins',
      '192.168.10.211   eth1               kube-system/cilium-ingress',
      '192.168.10.250   eth1               default/ext',
    ]);
    expect(ciliumL2ResponderList(s, 'k8s-w1')).toHaveLength(1);
  });
});
