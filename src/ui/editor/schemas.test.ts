import { describe, expect, it } from 'vitest';
import { documentSchema, SUPPORTED_KINDS } from './schemas';

type Branch = { if: { properties: { apiVersion: { const: string }; kind: { const: string } } }; then: { properties: Record<string, unknown> } };

describe('documentSchema', () => {
  const s = documentSchema() as { allOf: Branch[]; required: string[] };
  it('has one if/then branch per apiVersion + kind, for every supported kind', () => {
    const keys = s.allOf.map((b) => `${b.if.properties.apiVersion.const} ${b.if.properties.kind.const}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of ['Ingress', 'IngressClass', 'Service', 'Deployment', 'Pod', 'Secret', 'CiliumLoadBalancerIPPool', 'CiliumL2AnnouncementPolicy', 'CiliumClusterwideNetworkPolicy', 'CiliumNetworkPolicy', 'Lab']) {
      expect(SUPPORTED_KINDS).toContain(k);
    }
    expect(s.required).toEqual(['apiVersion', 'kind']);
  });
  it('gives Ingress its pathType enum and a description for hover', () => {
    const ing = s.allOf.find((b) => b.if.properties.kind.const === 'Ingress')!;
    const spec = ing.then.properties.spec as { description: string; properties: { rules: { items: { properties: { http: { properties: { paths: { items: { properties: { pathType: { enum: string[] } } } } } } } } } } };
    expect(spec.description).toMatch(/Ingress/);
    expect(spec.properties.rules.items.properties.http.properties.paths.items.properties.pathType.enum).toEqual(['Exact', 'Prefix', 'ImplementationSpecific']);
  });
});
