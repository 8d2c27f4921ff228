import { describe, expect, it } from 'vitest';
import { compile } from '../index';
import type { EnvoyListener } from '../types';
import { walk } from './index';
import { certCovers, chooseFilterChain, matchRoute, pathMatches, selectVirtualHost } from './envoy';
import { parseCurl } from '../../model/curl';
import { curlUsageLines } from './curl-parse';
import { tlsChain } from './testing';

describe('Envoy route matching (Cilium Ingress translation)', () => {
  it('path_separated_prefix matches whole segments only', () => {
    const m = { type: 'path_separated_prefix' as const, value: '/foo' };
    expect(pathMatches(m, '/foo')).toBe(true);
    expect(pathMatches(m, '/foo/x?y=1')).toBe(true);
    expect(pathMatches(m, '/foobar')).toBe(false);
    expect(pathMatches({ type: 'path_separated_prefix', value: '/foo/' }, '/foo')).toBe(true);
  });

  it('exact ignores the query; regex (RE2) must match the whole path', () => {
    expect(pathMatches({ type: 'exact', value: '/exact' }, '/exact?q=1')).toBe(true);
    expect(pathMatches({ type: 'exact', value: '/exact' }, '/exact/')).toBe(false);
    expect(pathMatches({ type: 'regex', value: '/impl.+' }, '/impl')).toBe(false);
    expect(pathMatches({ type: 'regex', value: '/impl.+' }, '/implx')).toBe(true);
    expect(pathMatches({ type: 'regex', value: '/impl' }, '/impl/more')).toBe(false);
    expect(pathMatches({ type: 'regex', value: '(a+)+$' }, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')).toBe(false);
  });

  it('routes are taken in the listener\'s order; wildcard hosts cover one label', () => {
    const listener: EnvoyListener = {
      service: 'kube-system/cilium-ingress',
      proxyPort: 1,
      tlsChains: [],
      virtualHosts: [
        { name: 'a', host: 'a.example', domains: ['a.example', 'a.example:*'], authorityRegex: null, routes: [
          { host: 'a.example', match: { type: 'exact', value: '/exact' }, backends: [], httpsRedirect: false, ingresses: [], loc: null },
          { host: 'a.example', match: { type: 'path_separated_prefix', value: '/' }, backends: [], httpsRedirect: false, ingresses: [], loc: null },
        ] },
        { name: 'w', host: '*.foo.com', domains: ['*.foo.com', '*.foo.com:*'], authorityRegex: '^[^.]+[.]foo[.]com$', routes: [
          { host: '*.foo.com', match: { type: 'prefix', value: '/' }, backends: [], httpsRedirect: false, ingresses: [], loc: null },
        ] },
        { name: '*', host: '*', domains: ['*'], authorityRegex: null, routes: [] },
      ],
    };
    expect(selectVirtualHost(listener, 'a.example:80')?.name).toBe('a');
    expect(matchRoute(listener.virtualHosts[0], 'a.example', '/exact')?.match.type).toBe('exact');
    expect(matchRoute(listener.virtualHosts[0], 'a.example', '/other')?.match.type).toBe('path_separated_prefix');
    const w = selectVirtualHost(listener, 'x.foo.com');
    expect(w?.name).toBe('w');
    expect(matchRoute(w!, 'x.foo.com', '/')).not.toBeNull();
    expect(matchRoute(selectVirtualHost(listener, 'a.b.foo.com')!, 'a.b.foo.com', '/')).toBeNull();
    expect(selectVirtualHost(listener, 'foo.com')?.name).toBe('*');
  });

  it('TLS: Envoy server_names wildcards vs the certificate\'s one-label wildcard', () => {
    const listener: EnvoyListener = { service: 's', proxyPort: 1, virtualHosts: [], tlsChains: [tlsChain(['*.cilium.rocks'])] };
    expect(chooseFilterChain(listener, 'a.b.cilium.rocks')).not.toBeNull();
    expect(chooseFilterChain(listener, null)).toBeNull();
    const cert = tlsChain([]).certificate!;
    expect(certCovers(cert, 'webpod.cilium.rocks')).toBe(true);
    expect(certCovers(cert, 'a.b.cilium.rocks')).toBe(false);
    expect(certCovers(cert, 'cilium.rocks')).toBe(false);
  });
});

describe("curl's refusals", () => {
  it('says what curl says for a missing parameter, an unknown option or no URL', () => {
    const lines = (l: string) => curlUsageLines(l, parseCurl(l).diagnostics);
    expect(lines('curl -H')[0]).toBe('curl: option -H: requires parameter');
    expect(lines('curl --nope')[0]).toBe('curl: option --nope: is unknown');
    expect(lines('curl -s')).toEqual(['curl: no URL specified!', "curl: try 'curl --help' or 'curl --manual' for more information"]);
    expect(lines('curl ftp://x/')[0]).toMatch(/^hopscope: /);
  });
});

describe('against compile() (the default lab + basic Ingress)', () => {
  const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: webpod-ingress, namespace: default }
spec:
  ingressClassName: cilium
  rules:
  - http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: webpod, port: { number: 80 } } } }
`;
  it('router → 192.168.10.211 reaches webpod through the Envoy of k8s-ctr; curlpod → webpod works', () => {
    const { state } = compile(ingress);
    const t = walk(state, { from: 'router', curl: 'curl -s http://192.168.10.211/' });
    expect(t.outcome.status).toBe(200);
    expect(t.envoyNode).toBe('k8s-ctr');
    expect(t.backend?.service).toBe('webpod');
    const p = walk(state, { from: 'curlpod', curl: 'curl -s webpod' });
    expect(p.outcome.status).toBe(200);
    expect(p.hops[0].stage).toBe('socket-lb');
  });
});
