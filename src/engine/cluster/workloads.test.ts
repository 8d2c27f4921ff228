import { describe, expect, it } from 'vitest';
import { deriveCluster } from './index';
import { defaultManifest, workload } from './testing';

describe('workloads and pod IPAM', () => {
  it('names Deployment pods <name>-<10 hex>-<5 alnum> from the seed, stable across runs', () => {
    const a = deriveCluster(defaultManifest());
    const b = deriveCluster(defaultManifest());
    const web = a.pods.filter((p) => p.owner === 'Deployment/webpod');
    expect(web).toHaveLength(2);
    for (const p of web) expect(p.name).toMatch(/^webpod-[0-9a-f]{10}-[a-z0-9]{5}$/);
    expect(web[0]!.name.slice(0, 17)).toBe(web[1]!.name.slice(0, 17));
    expect(web[0]!.name).not.toBe(web[1]!.name);
    expect(b.pods.map((p) => p.name)).toEqual(a.pods.map((p) => p.name));
    const m = defaultManifest();
    m.lab.seed = 2;
    expect(deriveCluster(m).pods.find((p) => p.owner === 'Deployment/webpod')!.name).not.toBe(web[0]!.name);
  });

  it('spreads replicas round-robin, honours nodeName and nodeSelector, one DaemonSet pod per node', () => {
    const m = defaultManifest();
    m.workloads.push(workload('DaemonSet', 'agent', { app: 'agent' }));
    m.workloads.push(workload('Deployment', 'pinned', { app: 'pinned' }, { replicas: 2, nodeSelector: { 'kubernetes.io/hostname': 'k8s-w1' } }));
    const s = deriveCluster(m);
    expect(s.pods.filter((p) => p.owner === 'Deployment/webpod').map((p) => p.node)).toEqual(['k8s-ctr', 'k8s-w1']);
    expect(s.pods.find((p) => p.name === 'curlpod')!.node).toBe('k8s-ctr');
    expect(s.pods.filter((p) => p.owner === 'DaemonSet/agent').map((p) => p.node)).toEqual(['k8s-ctr', 'k8s-w1']);
    expect(s.pods.filter((p) => p.owner === 'Deployment/pinned').map((p) => p.node)).toEqual(['k8s-w1', 'k8s-w1']);
  });

  it('gives pod IPs in creation order, skipping the network, cilium_host and ingress IPs', () => {
    const m = defaultManifest();
    m.lab.nodes[0]!.ciliumHostIP = '172.20.0.1';
    m.lab.nodes[0]!.ingressIP = '172.20.0.3';
    const s = deriveCluster(m);
    const ctrPods = s.pods.filter((p) => p.node === 'k8s-ctr' && !p.hostNetwork);
    expect(ctrPods.map((p) => p.ip)).toEqual(['172.20.0.2', '172.20.0.4']);
  });

  it('host-network pods take the InternalIP and have no lxc; Cilium pods never take pod IPs', () => {
    const m = defaultManifest();
    m.workloads.push(workload('Pod', 'hostpod', { app: 'h' }, { nodeName: 'k8s-w1', hostNetwork: true }));
    const s = deriveCluster(m);
    const h = s.pods.find((p) => p.name === 'hostpod')!;
    expect(h).toMatchObject({ ip: '192.168.10.101', lxc: null, hostNetwork: true, identity: 1 });
    const system = s.pods.filter((p) => p.namespace === 'kube-system');
    expect(system.map((p) => p.owner).sort()).toEqual(['DaemonSet/cilium', 'DaemonSet/cilium', 'DaemonSet/cilium-envoy', 'DaemonSet/cilium-envoy']);
    for (const p of system) expect(s.nodes.map((n) => n.internalIP)).toContain(p.ip);
  });

  it('reports an unknown pinned node as a diagnostic instead of throwing', () => {
    const m = defaultManifest();
    m.workloads.push(workload('Pod', 'lost', { app: 'x' }, { nodeName: 'k8s-w9' }));
    const s = deriveCluster(m);
    expect(s.diagnostics.map((d) => d.code)).toContain('cluster.workload.unknownNode');
    expect(s.pods.some((p) => p.name === 'lost')).toBe(false);
  });
});

describe('robustness', () => {
  it('cuts absurd replica counts instead of exhausting memory', () => {
    const m = defaultManifest();
    m.workloads[0]!.replicas = 999_999_999;
    const s = deriveCluster(m);
    expect(s.pods.filter((p) => p.owner === 'Deployment/webpod')).toHaveLength(64);
    expect(s.diagnostics.map((d) => d.code)).toContain('cluster.workload.tooManyReplicas');
  });

  it('stops a workload at the first exhausted pod CIDR with one warning per workload', () => {
    const m = defaultManifest();
    for (const n of m.lab.nodes) n.podCIDR = n.podCIDR!.replace('/24', '/29');
    m.workloads[0]!.replicas = 60;
    const s = deriveCluster(m);
    // webpod stops once; curlpod (pinned to the full k8s-ctr) fails once
    expect(s.diagnostics.filter((d) => d.code === 'cluster.ipam.exhausted')).toHaveLength(2);
    expect(new Set(s.pods.filter((p) => !p.hostNetwork).map((p) => p.ip)).size).toBe(s.pods.filter((p) => !p.hostNetwork).length);
  });
});
