import { describe, expect, it } from 'vitest';
import { parseSources } from './parse';
import { buildCiliumConfig, CHART_DEFAULTS, parseSetArgument } from './helm-values';
import type { Diagnostic, SourceLoc } from './types';
import { diagsWith, parseAlone } from './test-util';

const loc = (i: number): SourceLoc => ({ file: 't', doc: 0, line: 1, column: i + 1 });

const lab = (helm: string): string => `apiVersion: hopscope.dev/v1alpha1
kind: Lab
metadata: {name: t}
spec:
  helm: ${helm}
`;

describe('helm values', () => {
  it('the blog helm line (default lab) gives the lab configuration', () => {
    const m = parseSources([]);
    expect(m.diagnostics).toEqual([]);
    const { raw, ...cfg } = m.lab.cilium;
    expect(cfg).toEqual({
      routingMode: 'native',
      tunnelProtocol: 'vxlan',
      ipv4NativeRoutingCIDR: '172.20.0.0/16',
      autoDirectNodeRoutes: true,
      endpointRoutes: true,
      kubeProxyReplacement: true,
      bpfMasquerade: true,
      hostLegacyRouting: false,
      bpfTproxy: false,
      monitorAggregation: 'medium',
      hubbleEnabled: true,
      ingressController: { enabled: true, loadbalancerMode: 'shared', enforceHttps: true, isDefault: false, serviceType: 'LoadBalancer' },
      l7Backend: 'envoy',
      l2announcements: true,
      localRedirectPolicy: true,
      clusterPoolIPv4PodCIDRList: ['172.20.0.0/16'],
      clusterPoolIPv4MaskSize: 24,
    });
    expect(raw['ipam.mode']).toBe('cluster-pool');
    expect(raw['k8sServicePort']).toBe(6443);
    expect(raw['operator.replicas']).toBe(1);
    expect(raw['hubble.relay.enabled']).toBe(true);
  });

  it('no helm values: Cilium 1.18 chart defaults', () => {
    const m = parseAlone(lab('""'));
    const { raw, ...cfg } = m.lab.cilium;
    expect(cfg).toEqual(CHART_DEFAULTS);
    expect(cfg.routingMode).toBe('tunnel');
    expect(cfg.ingressController.loadbalancerMode).toBe('dedicated');
    expect(raw).toEqual({});
  });

  it('parses --set syntax: commas, lists, escapes, quotes, --set-string, --set=, continuations', () => {
    const m = parseAlone(
      lab(`|
    helm upgrade --install cilium cilium/cilium -n kube-system \\
      --set a.b=1,c=true --set 'list={x,y}' --set "esc=a\\,b" \\
      --set-string num=42 --set=eq.form=yes --set empty={} --set q="quoted value"`),
    );
    const raw = m.lab.cilium.raw;
    expect(raw).toEqual({ 'a.b': 1, c: true, list: ['x', 'y'], esc: 'a,b', num: '42', 'eq.form': 'yes', empty: [], q: 'quoted value' });
    expect(m.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('a known key with a bad value is located at its token', () => {
    const text = lab(`>-
    helm install cilium cilium/cilium
    --set routingMode=foo --set a=1,bpf.monitorAggregation=loud`);
    const m = parseAlone(text);
    const d = diagsWith(m, 'model.helm.value');
    expect(d.map((x) => [x.line, x.column])).toEqual([
      [7, 11],
      [7, 37],
    ]);
    expect(d[0]!.message).toContain('native | tunnel');
    expect(m.lab.cilium.routingMode).toBe('tunnel'); // default kept
  });

  it('-f values.yaml cannot be read: a warning', () => {
    const m = parseAlone(lab('helm install cilium cilium/cilium -f values.yaml --set hubble.enabled=false'));
    expect(diagsWith(m, 'model.helm.values').map((d) => [d.severity, d.line, d.column])).toEqual([['warning', 5, 43]]);
    expect(m.lab.cilium.hubbleEnabled).toBe(false);
  });

  it('a values mapping works like --set, bad values located at the value', () => {
    const text = `apiVersion: hopscope.dev/v1alpha1
kind: Lab
metadata: {name: t}
spec:
  helm:
    routingMode: native
    ipv4NativeRoutingCIDR: 10.0.0.0/8
    kubeProxyReplacement: true
    ingressController:
      enabled: true
      loadbalancerMode: shared
      service: {type: NodePort}
    bpf: {monitorAggregation: none, masquerade: maybe}
    tunnel: disabled
`;
    const m = parseAlone(text);
    const c = m.lab.cilium;
    expect(c.routingMode).toBe('native');
    expect(c.kubeProxyReplacement).toBe(true);
    expect(c.ingressController).toMatchObject({ enabled: true, loadbalancerMode: 'shared', serviceType: 'NodePort' });
    expect(c.monitorAggregation).toBe('none');
    expect(c.bpfMasquerade).toBe(false);
    expect(diagsWith(m, 'model.helm.value').map((d) => [d.line, d.column])).toEqual([[13, 49]]);
  });

  it('legacy tunnel=disabled means native routing', () => {
    const d: Diagnostic[] = [];
    const cfg = buildCiliumConfig(parseSetArgument('tunnel=disabled', loc, d, 'en'), d);
    expect(cfg.routingMode).toBe('native');
    expect(d).toEqual([]);
  });

  it('options.set applies on top of the lab', () => {
    const m = parseSources([], { set: ['routingMode=tunnel', 'tunnelProtocol=geneve', 'bpf.monitorAggregation=none'] });
    expect(m.lab.cilium.routingMode).toBe('tunnel');
    expect(m.lab.cilium.tunnelProtocol).toBe('geneve');
    expect(m.lab.cilium.monitorAggregation).toBe('none');
    expect(m.lab.cilium.kubeProxyReplacement).toBe(true);
  });

  it('a malformed --set piece is an error', () => {
    const d: Diagnostic[] = [];
    parseSetArgument('a=1,novalue', loc, d, 'en');
    expect(d.map((x) => [x.code, x.column])).toEqual([['model.helm.set.syntax', 5]]);
  });
});
