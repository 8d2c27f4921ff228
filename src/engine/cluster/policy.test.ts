import { describe, expect, it } from 'vitest';
import { deriveCluster, policyVerdict } from './index';
import { ccnp, defaultManifest, peer, selector } from './testing';
import type { CiliumNetworkPolicy, LabelSelectorRequirement } from '../../model/types';

const lockdown = () => ccnp('external-lockdown', selector(), [peer({ entities: ['cluster'] })]);
const allowCidr = () =>
  ccnp('allow-cidr', selector({}, [{ key: 'reserved:ingress', operator: 'Exists', values: [] }]), [
    peer({ cidrs: [{ cidr: '192.168.10.200/32', except: [] }, { cidr: '127.0.0.1/32', except: [] }] }),
  ]);
const q = (peerIdentity: number, peerIP: string, subject = 'reserved:ingress') => ({ subject, direction: 'ingress' as const, peerIdentity, peerIP, port: 80, protocol: 'TCP' as const });

describe('policy compilation and verdicts', () => {
  it('allows everything while no policy selects the endpoint', () => {
    const s = deriveCluster(defaultManifest());
    expect(policyVerdict(s, q(2, '192.168.10.200'))).toEqual({ allowed: true, selected: false, matched: [], reason: 'cluster.policy.notSelected' });
  });

  it('external-lockdown selects pods and the ingress endpoint; world is denied, cluster allowed (lab 7)', () => {
    const s = deriveCluster(defaultManifest({ policies: [lockdown()] }));
    const rule = s.policies[0]!;
    expect(rule.subjects).toContain('reserved:ingress');
    expect(rule.subjects.filter((x) => x.startsWith('default/'))).toHaveLength(3);
    expect(rule.peerIdentities).toEqual(expect.arrayContaining([1, 6, 7, 8, 4, 5, 3]));
    expect(rule.peerIdentities).not.toContain(2);
    expect(policyVerdict(s, q(2, '192.168.10.200'))).toMatchObject({ allowed: false, selected: true, reason: 'cluster.policy.defaultDeny' });
    const curl = s.pods.find((p) => p.name === 'curlpod')!;
    expect(policyVerdict(s, q(curl.identity, curl.ip))).toMatchObject({ allowed: true, matched: ['external-lockdown'] });
    const web = s.pods.find((p) => p.owner === 'Deployment/webpod')!;
    // the backend leg: webpod's own ingress policy sees reserved:ingress (8), which cluster includes
    expect(policyVerdict(s, q(8, '172.20.0.173', `${web.namespace}/${web.name}`)).allowed).toBe(true);
  });

  it('allow-cidr adds the router to external-lockdown; another outside client stays denied (lab 8)', () => {
    const s = deriveCluster(defaultManifest({ policies: [lockdown(), allowCidr()] }));
    const cidrRule = s.policies.find((r) => r.policy === 'allow-cidr')!;
    expect(cidrRule.subjects).toEqual(['reserved:ingress']);
    expect(policyVerdict(s, q(2, '192.168.10.200'))).toMatchObject({ allowed: true, matched: ['allow-cidr'] });
    expect(policyVerdict(s, q(2, '192.168.10.201'))).toMatchObject({ allowed: false, reason: 'cluster.policy.defaultDeny' });
    const curl = s.pods.find((p) => p.name === 'curlpod')!;
    expect(policyVerdict(s, q(curl.identity, curl.ip)).allowed).toBe(true);
    // a pod IP inside the CIDR does not count as the CIDR (fromCIDR selects outside addresses only)
    expect(s.identities.some((i) => i.labels.includes('cidr:192.168.10.200/32'))).toBe(true);
  });

  it('allow-cidr alone: only the router may use the ingress', () => {
    const s = deriveCluster(defaultManifest({ policies: [allowCidr()] }));
    const curl = s.pods.find((p) => p.name === 'curlpod')!;
    expect(policyVerdict(s, q(2, '192.168.10.200')).allowed).toBe(true);
    expect(policyVerdict(s, q(curl.identity, curl.ip)).allowed).toBe(false);
    const web = s.pods.find((p) => p.owner === 'Deployment/webpod')!;
    expect(policyVerdict(s, q(2, '1.2.3.4', `${web.namespace}/${web.name}`)).selected).toBe(false);
  });

  it('a CNP selects only its namespace and never the ingress endpoint; its fromEndpoints are scoped too', () => {
    const cnp: CiliumNetworkPolicy = { ...ccnp('web-from-curl', selector({ app: 'webpod' }), [peer({ endpoints: [selector({ app: 'curl' })], ports: [{ ports: [{ port: '80', endPort: null, protocol: 'TCP' }], http: null }] })]), kind: 'CiliumNetworkPolicy' };
    cnp.meta = { ...cnp.meta, namespace: 'default' };
    const s = deriveCluster(defaultManifest({ policies: [cnp] }));
    const r = s.policies[0]!;
    expect(r.policy).toBe('default/web-from-curl');
    expect(r.subjects).toHaveLength(2);
    expect(r.subjects).not.toContain('reserved:ingress');
    const curl = s.pods.find((p) => p.name === 'curlpod')!;
    const web = `default/${s.pods.find((p) => p.owner === 'Deployment/webpod')!.name}`;
    expect(policyVerdict(s, { ...q(curl.identity, curl.ip, web) })).toMatchObject({ allowed: true });
    expect(policyVerdict(s, { ...q(curl.identity, curl.ip, web), port: 8080 })).toMatchObject({ allowed: false });
    expect(policyVerdict(s, q(8, '172.20.0.173', web))).toMatchObject({ allowed: false, reason: 'cluster.policy.defaultDeny' });
  });

  it('a matching deny rule wins over an allow', () => {
    const p = ccnp('deny-router', selector(), [peer({ entities: ['all'] })], { ingressDeny: [peer({ cidrs: [{ cidr: '192.168.10.0/24', except: ['192.168.10.200/32'] }] })] });
    const s = deriveCluster(defaultManifest({ policies: [p] }));
    expect(policyVerdict(s, q(2, '192.168.10.201'))).toMatchObject({ allowed: false, reason: 'cluster.policy.denied' });
    expect(policyVerdict(s, q(2, '192.168.10.200'))).toMatchObject({ allowed: true });
  });

  it('ingress: [{}] puts the endpoint into default deny with nothing allowed', () => {
    const s = deriveCluster(defaultManifest({ policies: [ccnp('deny-all', selector(), [peer({})])] }));
    const curl = s.pods.find((p) => p.name === 'curlpod')!;
    expect(policyVerdict(s, q(curl.identity, curl.ip))).toMatchObject({ allowed: false, selected: true });
  });

  it('matchExpressions: In, NotIn, Exists and DoesNotExist over pod labels, with and without a source', () => {
    // the default lab: webpod (2 replicas, app=webpod) and curlpod (app=curl), both in default
    const subjectsOf = (expr: LabelSelectorRequirement) => {
      const s = deriveCluster(defaultManifest({ policies: [ccnp('p', selector({}, [expr]), [peer({})])] }));
      return s.policies[0]!.subjects.map((x) => (x.includes('webpod') ? 'webpod' : x.includes('curlpod') ? 'curlpod' : x)).sort();
    };
    expect(subjectsOf({ key: 'app', operator: 'In', values: ['curl', 'other'] })).toEqual(['curlpod']);
    expect(subjectsOf({ key: 'k8s:app', operator: 'In', values: ['webpod'] })).toEqual(['webpod', 'webpod']);
    // a source that is not the label's: no label of that name
    expect(subjectsOf({ key: 'reserved:app', operator: 'In', values: ['webpod'] })).toEqual([]);
    // NotIn and DoesNotExist also select what has no such label: here the ingress endpoint
    expect(subjectsOf({ key: 'app', operator: 'NotIn', values: ['webpod'] })).toEqual(['curlpod', 'reserved:ingress']);
    expect(subjectsOf({ key: 'app', operator: 'Exists', values: [] })).toEqual(['curlpod', 'webpod', 'webpod']);
    expect(subjectsOf({ key: 'app', operator: 'DoesNotExist', values: [] })).toEqual(['reserved:ingress']);
  });
});
