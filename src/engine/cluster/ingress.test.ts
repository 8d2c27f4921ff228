import { describe, expect, it } from 'vitest';
import type { Secret } from '../../model/types';
import { deriveCluster } from './index';
import { effectiveClass, ignoreReason, sortRoutes, translatePath, wildcardAuthorityRegex } from './ingress';
import { ciliumClass, defaultManifest, ingress, labConfig, loc, meta, service } from './testing';

const basic = () =>
  ingress('basic-ingress', [
    {
      paths: [
        { path: '/details', svc: 'details', port: 9080 },
        { path: '/', svc: 'productpage', port: 9080 },
      ],
    },
  ]);

function withBookinfo() {
  const m = defaultManifest();
  m.services.push(service('details', { app: 'details' }, [{ port: 9080 }]), service('productpage', { app: 'productpage' }, [{ port: 9080 }]));
  return m;
}

describe('which Ingresses Cilium takes (fact 1)', () => {
  it('lets the kubernetes.io/ingress.class annotation win over spec.ingressClassName', () => {
    const ing = ingress('x', [], { ingressClassName: 'cilium', classAnnotation: 'nginx' });
    expect(effectiveClass(ing)).toBe('nginx');
    expect(ignoreReason(ing, [ciliumClass()], labConfig())).toBe('cluster.ingress.otherClass');
    expect(ignoreReason(ingress('y', [], { ingressClassName: 'nginx', classAnnotation: 'cilium' }), [], labConfig())).toBeNull();
  });

  it('takes a class-less Ingress only while the cilium IngressClass is the default', () => {
    const ing = ingress('x', [], { ingressClassName: null });
    expect(ignoreReason(ing, [ciliumClass(false)], labConfig())).toBe('cluster.ingress.noClass');
    expect(ignoreReason(ing, [ciliumClass(true)], labConfig())).toBeNull();
    const cfg = labConfig();
    cfg.ingressController.isDefault = true;
    expect(ignoreReason(ing, [], cfg)).toBeNull();
  });

  it('ignores every Ingress, and makes no cilium-ingress Service, when the controller is off', () => {
    const m = withBookinfo();
    m.lab.cilium.ingressController.enabled = false;
    m.ingresses.push(basic());
    const s = deriveCluster(m);
    expect(s.ingresses[0]).toMatchObject({ managed: false, ignoredReason: 'cluster.ingress.controllerDisabled', address: null });
    expect(s.services.some((x) => x.name === 'cilium-ingress')).toBe(false);
    expect(s.envoy).toEqual([]);
  });

  it('ignores the nginx-class Ingress of lab 6', () => {
    const m = withBookinfo();
    m.ingresses.push(ingress('webpod-ingress-nginx', [{ host: 'nginx.webpod.local', paths: [{ path: '/', svc: 'webpod', port: 80 }] }], { ingressClassName: 'nginx' }));
    const s = deriveCluster(m);
    expect(s.ingresses[0]).toMatchObject({ managed: false, service: null, ignoredReason: 'cluster.ingress.otherClass' });
    expect(s.envoy[0]!.virtualHosts).toEqual([]);
  });
});

describe('shared and dedicated load balancers (facts 2-4, lab 5)', () => {
  it('gives the shared cilium-ingress 192.168.10.211 and the Ingress that address (lab 3)', () => {
    const m = withBookinfo();
    m.ingresses.push(basic());
    const s = deriveCluster(m);
    const svc = s.services.find((x) => x.namespace === 'kube-system' && x.name === 'cilium-ingress')!;
    expect(svc).toMatchObject({ type: 'LoadBalancer', externalIP: '192.168.10.211', l7lb: true, selector: null, origin: 'cilium-ingress-shared', labels: { 'cilium.io/ingress': 'true' } });
    expect(svc.ports.map((p) => p.port)).toEqual([80, 443]);
    for (const p of svc.ports) expect(p.nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.endpoints).toEqual([expect.objectContaining({ ip: '192.192.192.192', port: 9999 })]);
    expect(svc.l7lbProxyPort).toBeGreaterThanOrEqual(10000);
    expect(s.ingresses[0]).toMatchObject({ managed: true, mode: 'shared', service: 'kube-system/cilium-ingress', address: '192.168.10.211' });
    expect(s.envoy[0]!.proxyPort).toBe(svc.l7lbProxyPort);
  });

  it('makes a dedicated Ingress its own Service cilium-ingress-<name> with .212, copying only LB annotations', () => {
    const m = withBookinfo();
    m.ingresses.push(basic());
    const ded = ingress('webpod-ingress', [{ paths: [{ path: '/', svc: 'webpod', port: 80 }] }]);
    ded.meta.annotations = { 'ingress.cilium.io/loadbalancer-mode': 'dedicated', 'lbipam.cilium.io/sharing-key': 'k', 'ingress.cilium.io/force-https': 'disabled', 'example.com/x': 'y' };
    m.ingresses.push(ded);
    const s = deriveCluster(m);
    const svc = s.services.find((x) => x.name === 'cilium-ingress-webpod-ingress')!;
    expect(svc).toMatchObject({ namespace: 'default', externalIP: '192.168.10.212', origin: 'cilium-ingress-dedicated', ingress: 'default/webpod-ingress', l7lb: true });
    expect(svc.annotations).toEqual({ 'lbipam.cilium.io/sharing-key': 'k' });
    expect(s.ingresses.find((i) => i.name === 'webpod-ingress')).toMatchObject({ mode: 'dedicated', address: '192.168.10.212' });
    expect(s.ingresses.find((i) => i.name === 'basic-ingress')!.address).toBe('192.168.10.211');
    expect(s.envoy.map((l) => l.service)).toEqual(['kube-system/cilium-ingress', 'default/cilium-ingress-webpod-ingress']);
  });

  it('uses NodePort for ingress.cilium.io/service-type: NodePort, with the requested node ports', () => {
    const m = withBookinfo();
    const ded = ingress('np', [{ paths: [{ path: '/', svc: 'webpod', port: 80 }] }]);
    ded.meta.annotations = { 'ingress.cilium.io/loadbalancer-mode': 'dedicated', 'ingress.cilium.io/service-type': 'NodePort', 'ingress.cilium.io/insecure-node-port': '30080' };
    m.ingresses.push(ded);
    const svc = deriveCluster(m).services.find((x) => x.name === 'cilium-ingress-np')!;
    expect(svc.type).toBe('NodePort');
    expect(svc.externalIP).toBeNull();
    expect(svc.ports[0]!.nodePort).toBe(30080);
  });

  it('leaves the Ingress without an address while its Service is pending (lab 1)', () => {
    const m = withBookinfo();
    m.pools = [];
    m.ingresses.push(basic());
    const s = deriveCluster(m);
    expect(s.ingresses[0]!.address).toBeNull();
    expect(s.services.find((x) => x.name === 'cilium-ingress')).toMatchObject({ externalIP: null, pendingReason: 'no_pool' });
  });
});

describe('Envoy routes (facts 5-8, labs 3 and 9)', () => {
  it('translates path types', () => {
    expect(translatePath('Exact', '/exact')).toEqual({ type: 'exact', value: '/exact' });
    expect(translatePath('Prefix', '/')).toEqual({ type: 'prefix', value: '/' });
    expect(translatePath('Prefix', '/foo/')).toEqual({ type: 'path_separated_prefix', value: '/foo' });
    expect(translatePath('ImplementationSpecific', '/impl.+')).toEqual({ type: 'regex', value: '/impl.+' });
  });

  it('orders the path-types example as Cilium does (lab 9)', () => {
    const m = defaultManifest();
    for (const n of ['exactpath', 'prefixpath', 'prefixpath2', 'implpath', 'implpath2']) m.services.push(service(n, { app: n }, [{ port: 80 }]));
    m.ingresses.push(
      ingress('multiple-path-types', [
        {
          host: 'pathtypes.example.com',
          paths: [
            { path: '/exact', type: 'Exact', svc: 'exactpath', port: 80 },
            { path: '/', type: 'Prefix', svc: 'prefixpath', port: 80 },
            { path: '/prefix', type: 'Prefix', svc: 'prefixpath2', port: 80 },
            { path: '/impl', type: 'ImplementationSpecific', svc: 'implpath', port: 80 },
            { path: '/impl.+', type: 'ImplementationSpecific', svc: 'implpath2', port: 80 },
          ],
        },
      ]),
    );
    const s = deriveCluster(m);
    const vh = s.envoy[0]!.virtualHosts.find((v) => v.host === 'pathtypes.example.com')!;
    expect(vh.domains).toEqual(['pathtypes.example.com', 'pathtypes.example.com:*']);
    expect(vh.routes.map((r) => `${r.match.type} ${r.match.value} -> ${r.backends[0]!.service}`)).toEqual([
      'exact /exact -> exactpath',
      'regex /impl.+ -> implpath2',
      'regex /impl -> implpath',
      'path_separated_prefix /prefix -> prefixpath2',
      'prefix / -> prefixpath',
    ]);
    expect(s.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('keeps input order on ties (stable sort)', () => {
    const r = (type: 'exact' | 'prefix' | 'path_separated_prefix' | 'regex', value: string, id: number) => ({ match: { type, value }, id });
    const sorted = sortRoutes([r('path_separated_prefix', '/ab', 1), r('path_separated_prefix', '/cd', 2), r('exact', '/x', 3), r('regex', '/a', 4)]);
    expect(sorted.map((x) => x.id)).toEqual([3, 4, 1, 2]);
  });

  it('puts host-less rules and defaultBackend only in the * vhost, and merges identical matches', () => {
    const m = withBookinfo();
    const a = ingress('a', [{ host: 'foo.com', paths: [{ path: '/api', svc: 'details', port: 9080 }] }, { paths: [{ path: '/x', svc: 'details', port: 9080 }] }]);
    a.defaultBackend = { service: { name: 'productpage', port: { number: 9080 } }, loc: loc() };
    const b = ingress('b', [{ host: 'foo.com', paths: [{ path: '/api', svc: 'productpage', port: 9080 }] }]);
    m.ingresses.push(a, b);
    const s = deriveCluster(m);
    const vhs = s.envoy[0]!.virtualHosts;
    expect(vhs.map((v) => v.host)).toEqual(['foo.com', '*']);
    expect(vhs[0]!.routes).toHaveLength(1);
    expect(vhs[0]!.routes[0]!.backends.map((x) => `${x.service}:${x.weight}`)).toEqual(['details:1', 'productpage:1']);
    expect(vhs[0]!.routes[0]!.ingresses).toEqual(['default/a', 'default/b']);
    expect(vhs[1]!.routes.map((r) => r.match.value)).toEqual(['/x', '/']);
  });

  it('gives a wildcard host the one-label authority regex (fact 8)', () => {
    expect(wildcardAuthorityRegex('*.foo.com')).toBe('^[^.]+[.]foo[.]com$');
    expect(wildcardAuthorityRegex('foo.com')).toBeNull();
    const m = withBookinfo();
    m.ingresses.push(ingress('w', [{ host: '*.cilium.rocks', paths: [{ path: '/', svc: 'details', port: 9080 }] }]));
    const vh = deriveCluster(m).envoy[0]!.virtualHosts[0]!;
    expect(vh).toMatchObject({ domains: ['*.cilium.rocks', '*.cilium.rocks:*'], authorityRegex: '^[^.]+[.]cilium[.]rocks$' });
    expect(new RegExp(vh.authorityRegex!).test('webpod.cilium.rocks')).toBe(true);
    expect(new RegExp(vh.authorityRegex!).test('a.b.cilium.rocks')).toBe(false);
  });

  it('warns at the backend when the Service or its port does not exist, and keeps the route', () => {
    const m = defaultManifest();
    const ing = ingress('broken', [{ paths: [{ path: '/a', svc: 'nosuch', port: 80 }, { path: '/b', svc: 'webpod', port: 8080 }] }]);
    m.ingresses.push(ing);
    const s = deriveCluster(m);
    const missing = s.diagnostics.find((d) => d.code === 'cluster.ingress.backendServiceMissing')!;
    expect(missing).toMatchObject({ severity: 'warning', doc: ing.rules[0]!.paths[0]!.backend.loc.doc });
    expect(missing.hint).toContain('503');
    expect(s.diagnostics.some((d) => d.code === 'cluster.ingress.backendPortMissing')).toBe(true);
    expect(s.envoy[0]!.virtualHosts[0]!.routes).toHaveLength(2);
  });
});

describe('TLS (facts 9-10, lab 10)', () => {
  const secret = (name: string): Secret => ({
    kind: 'Secret',
    apiVersion: 'v1',
    meta: meta(name),
    loc: loc(),
    type: 'kubernetes.io/tls',
    certificate: { subjectCN: null, issuerCN: 'mkcert', dnsNames: ['*.cilium.rocks'], ipAddresses: [], notBefore: '2025-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', selfSigned: false, isCA: false, issuerOrg: 'mkcert development CA' },
    certError: null,
    hasKey: true,
  });
  const tlsIngress = (ann: Record<string, string> = {}) => {
    const ing = ingress('tls-ingress', [
      { host: 'webpod.cilium.rocks', paths: [{ path: '/', svc: 'webpod', port: 80 }] },
      { host: 'bookinfo.cilium.rocks', paths: [{ path: '/details', svc: 'details', port: 9080 }] },
      { host: 'plain.cilium.rocks', paths: [{ path: '/', svc: 'webpod', port: 80 }] },
    ]);
    ing.tls = [{ hosts: ['webpod.cilium.rocks', 'bookinfo.cilium.rocks'], secretName: 'demo-cert', loc: loc() }];
    ing.meta.annotations = ann;
    return ing;
  };

  it('builds one filter chain per secret with the tls hosts as SNI names and the synced secret', () => {
    const m = withBookinfo();
    m.secrets.push(secret('demo-cert'));
    m.ingresses.push(tlsIngress());
    const s = deriveCluster(m);
    const l = s.envoy[0]!;
    expect(l.tlsChains).toEqual([
      expect.objectContaining({ serverNames: ['bookinfo.cilium.rocks', 'webpod.cilium.rocks'], secret: 'default/demo-cert', syncedSecret: 'cilium-secrets/default-demo-cert', secretMissing: false }),
    ]);
    expect(l.tlsChains[0]!.certificate?.dnsNames).toEqual(['*.cilium.rocks']);
    expect(s.ingresses[0]!.tls).toEqual([{ hosts: ['webpod.cilium.rocks', 'bookinfo.cilium.rocks'], secret: 'default/demo-cert' }]);
    const redirect = Object.fromEntries(l.virtualHosts.map((v) => [v.host, v.routes.every((r) => r.httpsRedirect)]));
    expect(redirect).toEqual({ 'bookinfo.cilium.rocks': true, 'plain.cilium.rocks': false, 'webpod.cilium.rocks': true });
  });

  it('honours force-https: disabled, and marks a missing secret', () => {
    const m = withBookinfo();
    m.ingresses.push(tlsIngress({ 'ingress.cilium.io/force-https': 'disabled' }));
    const s = deriveCluster(m);
    expect(s.envoy[0]!.virtualHosts.some((v) => v.routes.some((r) => r.httpsRedirect))).toBe(false);
    expect(s.envoy[0]!.tlsChains[0]!.secretMissing).toBe(true);
    expect(s.diagnostics.some((d) => d.code === 'cluster.ingress.secretMissing')).toBe(true);
  });
});
