import { describe, expect, it } from 'vitest';
import { diagsWith, parseAlone } from './test-util';

describe('Lab', () => {
  it('reads nodes, clients, requests, expect and scalars', () => {
    const text = `apiVersion: hopscope.dev/v1alpha1
kind: Lab
metadata: {name: l}
spec:
  title: T
  notes: N
  clock: "2025-01-02T03:04:05Z"
  seed: 7
  kernel: "6.1"
  serviceCIDR: 10.100.0.0/16
  nodes:
  - name: a
    labels: {zone: x}
    interfaces: [{name: eth1, address: 192.168.10.100/24, mac: "08:00:27:AA:BB:CC"}]
    defaultInterface: eth1
  clients:
  - {name: router, address: 192.168.10.200/24}
  requests:
  - name: r
    from: router
    curl: curl -s http://192.168.10.211/
    expect: {exitCode: 7, error: No route to host, envoyNode: a}
    note: lab 1
`;
    const m = parseAlone(text);
    expect(m.diagnostics).toEqual([]);
    const lab = m.lab;
    expect(lab).toMatchObject({ title: 'T', notes: 'N', clock: '2025-01-02T03:04:05Z', seed: 7, kernel: '6.1', serviceCIDR: '10.100.0.0/16' });
    expect(lab.nodes[0]).toMatchObject({ name: 'a', role: 'worker', labels: { zone: 'x' }, podCIDR: null, ingressIP: null, defaultInterface: 'eth1' });
    expect(lab.nodes[0]!.interfaces[0]).toMatchObject({ name: 'eth1', address: '192.168.10.100/24', mac: '08:00:27:aa:bb:cc' });
    expect(lab.clients[0]).toMatchObject({ name: 'router', mac: null });
    expect(lab.requests[0]).toMatchObject({ name: 'r', note: 'lab 1', expect: { status: null, exitCode: 7, error: 'No route to host', backend: null, envoyNode: 'a' } });
  });

  it('addresses without prefix, bad MACs and unknown default interfaces are located errors', () => {
    const text = `apiVersion: hopscope.dev/v1alpha1
kind: Lab
metadata: {name: l}
spec:
  nodes:
  - name: a
    interfaces:
    - {name: eth1, address: 192.168.10.100, mac: "zz"}
    defaultInterface: eth0
  clients:
  - {name: c, address: 192.168.10.300/24}
`;
    const m = parseAlone(text);
    expect(diagsWith(m, 'model.lab.address.prefix').map((d) => [d.line, d.column])).toEqual([[8, 29]]);
    expect(diagsWith(m, 'model.lab.node.defaultInterface').map((d) => [d.line, d.column])).toEqual([[9, 23]]);
    expect(diagsWith(m, 'model.cidr.invalid').map((d) => [d.line, d.column])).toEqual([[11, 24]]);
    expect(m.lab.clients).toEqual([]);
  });
});
