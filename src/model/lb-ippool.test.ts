import { describe, expect, it } from 'vitest';
import { diagsWith, parseAlone, problems } from './test-util';

describe('CiliumLoadBalancerIPPool', () => {
  it('reads the default lab pool (start/stop) and a CIDR pool with selector', () => {
    const text = `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: cilium-lb-ippool
spec:
  blocks:
    - start: "192.168.10.211"
      stop: "192.168.10.215"
---
apiVersion: cilium.io/v2alpha1
kind: CiliumLoadBalancerIPPool
metadata: {name: blue}
spec:
  allowFirstLastIPs: "No"
  disabled: true
  serviceSelector:
    matchLabels: {color: blue}
  blocks:
  - cidr: 20.0.10.0/24
  - start: 20.0.20.100
`;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    const [a, b] = m.pools;
    expect(a!.blocks).toEqual([{ cidr: null, start: '192.168.10.211', stop: '192.168.10.215', loc: { file: 'editor', doc: 0, line: 7, column: 7 } }]);
    expect(a!.allowFirstLastIPs).toBe(true);
    expect(a!.disabled).toBe(false);
    expect(a!.serviceSelector).toBeNull();
    expect(b!.apiVersion).toBe('cilium.io/v2alpha1');
    expect(b!.allowFirstLastIPs).toBe(false);
    expect(b!.disabled).toBe(true);
    expect(b!.serviceSelector).toEqual({ matchLabels: { color: 'blue' }, matchExpressions: [] });
    expect(b!.blocks.map((x) => [x.cidr, x.start, x.stop])).toEqual([
      ['20.0.10.0/24', null, null],
      [null, '20.0.20.100', null],
    ]);
  });

  it('start > stop, mixed families and bad addresses are errors at the right token', () => {
    const text = `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata: {name: bad}
spec:
  blocks:
  - start: 192.168.10.215
    stop: 192.168.10.211
  - start: 192.168.10.1
    stop: "fd00::1"
  - cidr: 192.168.10.0/33
  - start: 192.168.10.256
`;
    const m = parseAlone(text);
    expect(diagsWith(m, 'model.pool.block.order').map((d) => [d.line, d.column])).toEqual([[7, 11]]);
    expect(diagsWith(m, 'model.pool.block.family').map((d) => [d.line, d.column])).toEqual([[8, 5]]);
    expect(diagsWith(m, 'model.cidr.invalid').map((d) => [d.line, d.column])).toEqual([[10, 11]]);
    expect(diagsWith(m, 'model.ip.invalid').map((d) => [d.line, d.column])).toEqual([[11, 12]]);
    expect(m.pools[0]!.blocks).toEqual([]);
  });
});

describe('CiliumL2AnnouncementPolicy', () => {
  it('reads the default lab policy', () => {
    const text = `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: policy1
spec:
  interfaces:
    - eth1
  externalIPs: true
  loadBalancerIPs: true
`;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    expect(m.l2Policies[0]).toMatchObject({ meta: { name: 'policy1', namespace: '' }, interfaces: ['eth1'], externalIPs: true, loadBalancerIPs: true, serviceSelector: null, nodeSelector: null });
  });

  it('flags defaults that announce nothing, and bad interface regexes', () => {
    const text = `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata: {name: quiet}
spec:
  nodeSelector:
    matchExpressions: [{key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}]
  interfaces: ["^eth[0-9]+", "eth(1"]
`;
    const m = parseAlone(text);
    const p = m.l2Policies[0]!;
    expect(p.externalIPs).toBe(false);
    expect(p.loadBalancerIPs).toBe(false);
    expect(p.interfaces).toEqual(['^eth[0-9]+']);
    expect(p.nodeSelector?.matchExpressions[0]?.operator).toBe('DoesNotExist');
    expect(diagsWith(m, 'model.l2.nothing').map((d) => [d.severity, d.line])).toEqual([['warning', 5]]);
    expect(diagsWith(m, 'model.l2.interface.regex').map((d) => [d.line, d.column])).toEqual([[7, 30]]);
  });
});
