import { describe, expect, it } from 'vitest';
import { fixtureState, fixtureTrace } from '../dev-fixture';
import { computeLayout, hopAnchor, hopPoints, type Box } from './layout';

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('computeLayout', () => {
  it('draws every node, client, interface, Envoy, pod and LB IP', () => {
    const s = fixtureState();
    const l = computeLayout(s);
    const ids = new Set(l.items.map((i) => i.id));
    for (const n of s.nodes) {
      expect(ids).toContain(`node:${n.name}`);
      expect(ids).toContain(`envoy:${n.name}`);
      for (const nif of n.interfaces) expect(ids).toContain(`if:${n.name}:${nif.name}`);
    }
    for (const p of s.pods) {
      expect(ids).toContain(`pod:${p.namespace}/${p.name}`);
      expect(ids).toContain(`if:${p.node}:${p.lxc!.name}`);
    }
    expect(ids).toContain('client:router');
    expect(ids).toContain('lb:192.168.10.211');
    const lb = l.items.find((i) => i.id === 'lb:192.168.10.211')!;
    expect(lb.variant).toBe('announced');
    expect(lb.node).toBe('k8s-ctr');
    expect(l.links.some((k) => k.kind === 'announce')).toBe(true);
  });

  it('places nodes in lab order, side by side, without overlap, below the segment', () => {
    const l = computeLayout(fixtureState());
    const a = l.items.find((i) => i.id === 'node:k8s-ctr')!;
    const b = l.items.find((i) => i.id === 'node:k8s-w1')!;
    expect(a.x).toBeLessThan(b.x);
    expect(overlaps(a, b)).toBe(false);
    expect(a.y).toBeGreaterThan(l.segment.y);
    // pods stay inside their node box
    for (const it of l.items.filter((i) => i.kind === 'pod')) {
      const node = l.items.find((n) => n.id === `node:${it.node}`)!;
      expect(it.x).toBeGreaterThanOrEqual(node.x);
      expect(it.x + it.w).toBeLessThanOrEqual(node.x + node.w);
      expect(it.y + it.h).toBeLessThanOrEqual(node.y + node.h);
    }
    // no two pods overlap
    const pods = l.items.filter((i) => i.kind === 'pod');
    for (let i = 0; i < pods.length; i++) for (let j = i + 1; j < pods.length; j++) expect(overlaps(pods[i], pods[j])).toBe(false);
  });

  it('is stable: adding a pod on the second node does not move anything on the first', () => {
    const s = fixtureState();
    const before = computeLayout(s);
    const extra = { ...s.pods[3], name: 'zz-extra', ip: '172.20.1.99', lxc: { ...s.pods[3].lxc!, name: 'lxczzzz' } };
    const after = computeLayout({ ...s, pods: [...s.pods, extra] });
    for (const it of before.items.filter((i) => i.node === 'k8s-ctr')) {
      const same = after.items.find((x) => x.id === it.id)!;
      expect({ x: same.x, y: same.y }).toEqual({ x: it.x, y: it.y });
    }
    expect(after.items.some((i) => i.id === 'pod:default/zz-extra')).toBe(true);
  });

  it('does not depend on the order pods are listed in', () => {
    const s = fixtureState();
    const a = computeLayout(s);
    const b = computeLayout({ ...s, pods: [...s.pods].reverse() });
    expect(b.anchors).toEqual(a.anchors);
  });

  it('marks a pending LoadBalancer and an unanswered one', () => {
    const s = fixtureState();
    const pending = computeLayout({ ...s, services: s.services.map((x) => ({ ...x, externalIP: null, pendingReason: 'no_pool' })), l2: [] });
    expect(pending.items.find((i) => i.kind === 'lb-ip')!.variant).toBe('pending');
    const silent = computeLayout({ ...s, l2: s.l2.map((a) => ({ ...a, interface: null, silentReason: 'no_interface' })) });
    expect(silent.items.find((i) => i.kind === 'lb-ip')!.variant).toBe('silent');
  });
});

describe('hop anchors', () => {
  it('puts each hop on its item and wire hops on the segment between their neighbours', () => {
    const s = fixtureState();
    const t = fixtureTrace();
    const l = computeLayout(s);
    const pts = hopPoints(l, s, t.hops, t.envoyNode);
    expect(pts).toHaveLength(t.hops.length);
    const wire = t.hops.findIndex((h) => h.stage === 'wire');
    expect(pts[wire].y).toBe(l.segment.y);
    const xs = [pts[wire - 1].x, pts[wire + 1].x].sort((a, b) => a - b);
    expect(pts[wire].x).toBeGreaterThanOrEqual(xs[0]);
    expect(pts[wire].x).toBeLessThanOrEqual(xs[1]);
    const envoyHop = t.hops.findIndex((h) => h.where === 'envoy');
    expect(pts[envoyHop]).toEqual(l.anchors['envoy:k8s-ctr']);
    const podHop = t.hops.findIndex((h) => h.where.startsWith('pod:'));
    expect(pts[podHop]).toEqual(l.anchors['pod:default/productpage-v1-6c8d7b5f9-abcde']);
    expect(pts[0]).toEqual(l.anchors['client:router']);
  });

  it('finds a pod named as the hop node, and falls back to the node box', () => {
    const s = fixtureState();
    const l = computeLayout(s);
    expect(hopAnchor(l, s, { node: 'curlpod', where: 'eth0', stage: 'client' }, null)).toEqual(l.anchors['pod:default/curlpod']);
    expect(hopAnchor(l, s, { node: 'k8s-w1', where: 'somewhere', stage: 'kernel-routing' }, null)).toEqual(l.anchors['node:k8s-w1']);
    expect(hopAnchor(l, s, { node: 'k8s-ctr', where: 'socket', stage: 'socket' }, 'k8s-ctr')).toEqual(l.anchors['envoy:k8s-ctr']);
  });
});
