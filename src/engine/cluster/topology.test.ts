import { describe, expect, it } from 'vitest';
import { deriveCluster } from './index';
import { defaultLab, defaultManifest, labConfig } from './testing';
import { buildNodes, pickInternalInterface } from './topology';

describe('topology', () => {
  it('numbers interfaces lo, lab interfaces, cilium_net, cilium_host, then one lxc per pod', () => {
    const s = deriveCluster(defaultManifest());
    const ctr = s.nodes.find((n) => n.name === 'k8s-ctr')!;
    expect(ctr.interfaces.slice(0, 5).map((i) => `${i.ifindex}:${i.name}`)).toEqual(['1:lo', '2:eth0', '3:eth1', '4:cilium_net', '5:cilium_host']);
    const lxcs = ctr.interfaces.filter((i) => i.kind === 'lxc');
    // webpod replica 0 and curlpod live on k8s-ctr, in pod order
    expect(lxcs.map((i) => i.ifindex)).toEqual([6, 7]);
    expect(lxcs.map((i) => i.pod)).toEqual(s.pods.filter((p) => p.node === 'k8s-ctr' && !p.hostNetwork).map((p) => `${p.namespace}/${p.name}`));
    expect(lxcs[0]!.name).toMatch(/^lxc[0-9a-f]{12}$/);
    expect(ctr.interfaces.find((i) => i.name === 'eth1')!.mac).toBe('08:00:27:5c:1e:aa');
  });

  it('takes the InternalIP from the interface shared with the other nodes (eth1, not the NAT eth0)', () => {
    const lab = defaultLab();
    expect(pickInternalInterface(lab.nodes[0]!, lab.nodes)).toBe('eth1');
    const s = deriveCluster(defaultManifest());
    expect(s.nodes.map((n) => n.internalIP)).toEqual(['192.168.10.100', '192.168.10.101']);
    expect(s.nodes.map((n) => [n.ciliumHostIP, n.ingressIP])).toEqual([
      ['172.20.0.114', '172.20.0.173'],
      ['172.20.1.6', '172.20.1.110'],
    ]);
  });

  it('builds the native-routing table: direct node routes, cilium_host, endpoint routes, default', () => {
    const s = deriveCluster(defaultManifest());
    const ctr = s.nodes[0]!;
    const r = (dst: string) => ctr.routes.find((x) => x.dst === dst);
    expect(r('172.20.1.0/24')).toMatchObject({ via: '192.168.10.101', dev: 'eth1', origin: 'autoDirectNodeRoutes' });
    expect(r('172.20.0.0/24')).toMatchObject({ via: '172.20.0.114', dev: 'cilium_host' });
    expect(r('default')).toMatchObject({ via: '10.0.2.2', dev: 'eth0' });
    expect(r('192.168.10.0/24')).toMatchObject({ dev: 'eth1', src: '192.168.10.100', origin: 'connected' });
    const curl = s.pods.find((p) => p.name === 'curlpod')!;
    expect(r(`${curl.ip}/32`)).toMatchObject({ dev: curl.lxc!.name, origin: 'endpointRoute' });
    expect(ctr.routes[ctr.routes.length - 1]!.dst).toBe('default');
  });

  it('has no endpoint routes without endpointRoutes, and tunnel routes via cilium_host in tunnel mode', () => {
    const s = deriveCluster(defaultManifest({}, { endpointRoutes: false, routingMode: 'tunnel' }));
    const ctr = s.nodes[0]!;
    expect(ctr.routes.some((x) => x.origin === 'endpointRoute')).toBe(false);
    expect(ctr.routes.find((x) => x.dst === '172.20.1.0/24')).toMatchObject({ dev: 'cilium_host', origin: 'tunnel' });
    expect(ctr.interfaces.find((i) => i.kind === 'vxlan')?.name).toBe('cilium_vxlan');
  });

  it('carves pod CIDRs from the cluster pool and derives infra IPs and MACs deterministically', () => {
    const lab = defaultLab();
    for (const n of lab.nodes) {
      n.podCIDR = null;
      n.ingressIP = null;
      n.ciliumHostIP = null;
      for (const i of n.interfaces) i.mac = null;
    }
    const a = buildNodes(lab, labConfig(), []);
    const b = buildNodes(lab, labConfig(), []);
    expect(a.map((n) => n.podCIDR)).toEqual(['172.20.0.0/24', '172.20.1.0/24']);
    expect(a).toEqual(b);
    for (const n of a) {
      expect(n.ciliumHostIP.startsWith(n.podCIDR.slice(0, 8))).toBe(true);
      expect(n.ingressIP).not.toBe(n.ciliumHostIP);
      expect(n.interfaces.find((i) => i.name === 'eth1')!.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    }
    expect(a[0]!.interfaces[2]!.mac).not.toBe(a[1]!.interfaces[2]!.mac);
  });

  it('lists the outside clients', () => {
    const s = deriveCluster(defaultManifest());
    expect(s.clients).toEqual([expect.objectContaining({ name: 'router', ip: '192.168.10.200', cidr: '192.168.10.0/24', mac: '08:00:27:11:22:33' })]);
  });
});
