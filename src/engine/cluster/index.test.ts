import { describe, expect, it } from 'vitest';
import { deriveCluster } from './index';
import { ccnp, defaultManifest, ingress, peer, selector } from './testing';

function rich() {
  return defaultManifest({
    ingresses: [ingress('basic-ingress', [{ paths: [{ path: '/', svc: 'webpod', port: 80 }] }])],
    policies: [ccnp('external-lockdown', selector(), [peer({ entities: ['cluster'] })])],
  });
}

describe('deriveCluster', () => {
  it('is deterministic and serialisable (plain data only)', () => {
    const m = rich();
    const before = JSON.stringify(m);
    const a = deriveCluster(m);
    const b = deriveCluster(m);
    expect(a).toEqual(b);
    expect(JSON.stringify(m)).toBe(before);
    expect(JSON.parse(JSON.stringify(a))).toEqual(JSON.parse(JSON.stringify(structuredClone(a))));
    expect(JSON.stringify(a)).not.toContain('undefined');
  });

  it('survives a lab without nodes', () => {
    const m = rich();
    m.lab.nodes = [];
    const s = deriveCluster(m);
    expect(s.nodes).toEqual([]);
    expect(s.pods).toEqual([]);
    expect(s.services.find((x) => x.name === 'kubernetes')!.endpoints).toEqual([]);
    expect(s.diagnostics.some((d) => d.code === 'cluster.internal')).toBe(false);
  });

  it('turns broken input into diagnostics, never an exception', () => {
    const m = rich();
    m.lab.nodes[0]!.interfaces[1]!.address = 'not-an-ip';
    m.pools[0]!.blocks[0]!.start = '999.1.1.1';
    m.lab.clients[0]!.address = 'x';
    const s = deriveCluster(m);
    const codes = s.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['cluster.topology.badAddress', 'cluster.lbipam.badBlock', 'cluster.topology.badClientAddress']));
    for (const d of s.diagnostics) {
      expect(d.line).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
      expect(d.message).not.toBe(d.code);
    }
  });

  it('carries the parse diagnostics and the lab metadata through', () => {
    const m = rich();
    m.diagnostics.push({ severity: 'warning', code: 'model.x', message: 'm', file: 'editor', doc: 0, line: 1, column: 1 });
    const s = deriveCluster(m);
    expect(s.diagnostics[0]!.code).toBe('model.x');
    expect([s.clock, s.seed, s.kernel, s.serviceCIDR]).toEqual(['2025-08-23T15:19:00Z', 1, '6.8', '10.96.0.0/12']);
  });
});
