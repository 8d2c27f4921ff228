// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy compiled to rules over
// identities, and the verdict query the datapath asks (Envoy's checks for the
// reserved:ingress endpoint, endpoint checks in BPF).
// Sources: cilium/cilium pkg/policy/api (rules, selectors, entity.go
// InitEntities), pkg/policy/repository.go (default deny per direction, deny
// precedence), pkg/k8s/apis/cilium.io/utils (namespace scoping of CNP selectors).
import { boundedMemo } from '../../model/bounded-memo';
import type { CiliumNetworkPolicy, Diagnostic, LabelSelector, PolicyPeerRule, PolicyRuleSpec } from '../../model/types';
import type { ClusterState, CompiledPolicyRule, IdentityState, PodState } from '../types';
import { LOCAL_IDENTITY_BASE, RESERVED, podIdentityLabels, podLabelKeyOf } from './identity';
import { rulesFor } from './lookup';
import { cidrContains, diag } from './util';

const SOURCES = new Set(['k8s', 'reserved', 'any', 'cidr', 'container', 'unspec', 'cilium-generated', 'fqdn', 'kvstore']);
const NS_KEY = 'io.kubernetes.pod.namespace';

/** `k8s:app=webpod` / `reserved:host` -> { source, key, value } */
function parseLabel(l: string): { source: string; key: string; value: string } {
  const colon = l.indexOf(':');
  const source = colon > 0 && SOURCES.has(l.slice(0, colon)) ? l.slice(0, colon) : 'any';
  const rest = source === 'any' && !l.startsWith('any:') ? l : l.slice(colon + 1);
  const eq = rest.indexOf('=');
  return eq < 0 ? { source, key: rest, value: '' } : { source, key: rest.slice(0, eq), value: rest.slice(eq + 1) };
}

/** A selector key's source and name (parsed once per key text: it is held against every label set). */
const parseKey = boundedMemo(4096, (k: string): { source: string; key: string } => {
  const colon = k.indexOf(':');
  return colon > 0 && SOURCES.has(k.slice(0, colon)) ? { source: k.slice(0, colon), key: k.slice(colon + 1) } : { source: 'any', key: k };
});

type LabelSet = { source: string; key: string; value: string }[];

/** A label selector read once: each requirement's key split into source and name. */
interface CompiledSelector {
  /** matchLabels: some label of this name (and source, unless 'any') carries this value */
  labels: { source: string; key: string; value: string }[];
  expressions: { source: string; key: string; operator: string; values: string[] }[];
}

function compileSelector(sel: LabelSelector): CompiledSelector {
  const labels: CompiledSelector['labels'] = [];
  for (const k of Object.keys(sel.matchLabels)) {
    const { source, key } = parseKey(k);
    labels.push({ source, key, value: sel.matchLabels[k]! });
  }
  const expressions = sel.matchExpressions.map((e) => ({ ...parseKey(e.key), operator: e.operator, values: e.values }));
  return { labels, expressions };
}

/** Does a label of `key` (any source when `source` is 'any') carry `value`? (value null: any value) */
function hasLabel(labels: LabelSet, source: string, key: string, value: string | null): boolean {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l.key === key && (source === 'any' || l.source === source) && (value === null || l.value === value)) return true;
  }
  return false;
}

/** Does some label of `key` carry one of `values`? */
function hasAnyOf(labels: LabelSet, source: string, key: string, values: string[]): boolean {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l.key === key && (source === 'any' || l.source === source) && values.includes(l.value)) return true;
  }
  return false;
}

/** A label selector over Cilium labels (a key without a source matches any source). */
function matches(sel: CompiledSelector, labels: LabelSet): boolean {
  for (let i = 0; i < sel.labels.length; i++) {
    const r = sel.labels[i]!;
    if (!hasLabel(labels, r.source, r.key, r.value)) return false;
  }
  for (let i = 0; i < sel.expressions.length; i++) {
    const e = sel.expressions[i]!;
    if (e.operator === 'In' && !hasAnyOf(labels, e.source, e.key, e.values)) return false;
    if (e.operator === 'NotIn' && hasAnyOf(labels, e.source, e.key, e.values)) return false;
    if (e.operator === 'Exists' && !hasLabel(labels, e.source, e.key, null)) return false;
    if (e.operator === 'DoesNotExist' && hasLabel(labels, e.source, e.key, null)) return false;
  }
  return true;
}

function mentionsNamespace(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels).some((k) => parseKey(k).key === NS_KEY) || sel.matchExpressions.some((e) => parseKey(e.key).key === NS_KEY);
}

/** A CNP's selectors are scoped to its namespace (unless they name the namespace label themselves). */
function scoped(sel: LabelSelector, ns: string | null, always: boolean): LabelSelector {
  if (ns === null || (!always && mentionsNamespace(sel))) return sel;
  return { matchLabels: { ...sel.matchLabels, [`k8s:${NS_KEY}`]: ns }, matchExpressions: sel.matchExpressions };
}

/**
 * Pods grouped by their identity label set, parsed once per compile: the pods of one
 * Deployment share a label set, so a selector is evaluated once per group (a few hundred)
 * rather than once per pod (thousands). `group[i]` is pod i's group, -1 for host-network pods.
 */
interface PodGroups {
  labels: LabelSet[];
  /** the pod indexes of each group, ascending */
  members: number[][];
  names: string[];
}

function groupPods(pods: PodState[]): PodGroups {
  const byKey = new Map<string, number>();
  const labels: LabelSet[] = [];
  const members: number[][] = [];
  const names: string[] = new Array<string>(pods.length);
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    names[i] = `${p.namespace}/${p.name}`;
    if (p.hostNetwork) continue;
    const key = podLabelKeyOf(p);
    let g = byKey.get(key);
    if (g === undefined) {
      g = labels.length;
      byKey.set(key, g);
      labels.push(podIdentityLabels(p.namespace, p.labels).map(parseLabel));
      members.push([]);
    }
    members[g]!.push(i);
  }
  return { labels, members, names };
}

const INGRESS_LABELS: LabelSet = [{ source: 'reserved', key: 'ingress', value: '' }];

/** The endpoints a policy can select: pods, and each node's reserved:ingress endpoint. */
function subjectsOf(sel: LabelSelector | null, ns: string | null, groups: PodGroups): string[] {
  if (!sel) return [];
  const s = compileSelector(scoped(sel, ns, true));
  // the selected pods in pod order: the members of every group the selector accepts
  let picked: number[] | null = null;
  let hits = 0;
  for (let g = 0; g < groups.labels.length; g++) {
    if (!matches(s, groups.labels[g]!)) continue;
    const m = groups.members[g]!;
    if (++hits === 1) picked = m;
    else {
      if (hits === 2) picked = picked!.slice();
      for (let j = 0; j < m.length; j++) picked!.push(m[j]!);
    }
  }
  if (hits > 1) picked!.sort((a, b) => a - b);
  const out: string[] = picked ? picked.map((i) => groups.names[i]!) : [];
  if (matches(s, INGRESS_LABELS)) out.push('reserved:ingress');
  return out;
}

/** pkg/policy/api/entity.go InitEntities. */
export function entityIdentities(entity: string, identities: IdentityState[]): number[] | null {
  const pods = identities.filter((i) => i.reserved === null && i.id < LOCAL_IDENTITY_BASE).map((i) => i.id);
  switch (entity) {
    case 'all':
      return null;
    case 'world':
      return [RESERVED.world, 9, 10, ...identities.filter((i) => i.id > LOCAL_IDENTITY_BASE).map((i) => i.id)];
    case 'cluster':
      return [RESERVED.host, RESERVED['remote-node'], RESERVED['kube-apiserver'], RESERVED.init, RESERVED.ingress, RESERVED.health, RESERVED.unmanaged, ...pods];
    case 'host':
      return [RESERVED.host];
    case 'remote-node':
      return [RESERVED['remote-node'], RESERVED['kube-apiserver']];
    case 'kube-apiserver':
      return [RESERVED['kube-apiserver']];
    case 'ingress':
      return [RESERVED.ingress];
    case 'health':
      return [RESERVED.health];
    case 'init':
      return [RESERVED.init];
    case 'unmanaged':
      return [RESERVED.unmanaged];
    default:
      return [];
  }
}


function compilePeer(
  policy: CiliumNetworkPolicy,
  spec: PolicyRuleSpec,
  peer: PolicyPeerRule,
  direction: 'ingress' | 'egress',
  deny: boolean,
  subjects: string[],
  identities: IdentityState[],
  identityLabels: LabelSet[],
  entities: (entity: string) => number[] | null,
  pods: PodState[],
  diags: Diagnostic[],
): CompiledPolicyRule {
  const ns = policy.kind === 'CiliumNetworkPolicy' ? policy.meta.namespace : null;
  const name = ns ? `${ns}/${policy.meta.name}` : policy.meta.name;
  const hasPeer = !!(peer.endpoints || peer.entities || peer.cidrs || peer.services);
  let peerIdentities: number[] | null = hasPeer ? [] : peer.ports ? null : [];
  const seen = new Set<number>();
  const add = (ids: number[] | null): void => {
    if (ids === null) peerIdentities = null;
    else if (peerIdentities !== null)
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j]!;
        if (!seen.has(id)) {
          seen.add(id);
          peerIdentities.push(id);
        }
      }
  };
  for (const sel of peer.endpoints ?? []) {
    const s = compileSelector(scoped(sel, ns, false));
    const ids: number[] = [];
    for (let k = 0; k < identities.length; k++) if (matches(s, identityLabels[k]!)) ids.push(identities[k]!.id);
    add(ids);
  }
  for (const e of peer.entities ?? []) {
    const ids = entities(e);
    if (ids !== null && ids.length === 0 && e !== 'world') diags.push(diag('warning', 'cluster.policy.unknownEntity', peer.loc, { policy: name, entity: e }));
    add(ids);
  }
  if (peer.services) diags.push(diag('info', 'cluster.policy.toServicesUnsupported', peer.loc, { policy: name }));
  let ports: CompiledPolicyRule['ports'] = null;
  let http: CompiledPolicyRule['http'] = null;
  for (const pr of peer.ports ?? []) {
    for (const p of pr.ports) {
      let n = Number(p.port);
      if (!Number.isInteger(n)) {
        const found = pods.flatMap((pod) => pod.containers.flatMap((c) => c.ports)).find((cp) => cp.name === p.port);
        if (!found) {
          diags.push(diag('warning', 'cluster.policy.unknownNamedPort', peer.loc, { policy: name, port: p.port }));
          continue;
        }
        n = found.containerPort;
      }
      (ports ??= []).push({ port: n, endPort: p.endPort, protocol: p.protocol });
    }
    if (pr.http) for (const h of pr.http) (http ??= []).push({ method: h.method, path: h.path, host: h.host });
  }
  return {
    policy: name,
    kind: policy.kind,
    subjects,
    direction,
    deny,
    peerIdentities,
    peerCIDRs: peer.cidrs ? peer.cidrs.map((c) => ({ cidr: c.cidr, except: [...c.except] })) : null,
    peerEntities: peer.entities ? [...peer.entities] : null,
    ports,
    http,
    loc: peer.loc ?? spec.loc,
  };
}

/** Every CIDR a policy names (they get local CIDR identities). */
export function policyCIDRs(policies: CiliumNetworkPolicy[]): string[] {
  const out: string[] = [];
  for (const p of policies)
    for (const s of p.specs)
      for (const list of [s.ingress, s.ingressDeny, s.egress, s.egressDeny]) for (const r of list ?? []) for (const c of r.cidrs ?? []) out.push(c.cidr);
  return out;
}

/**
 * Compiles every policy. An endpoint enters default deny in a direction as soon
 * as one rule section of that direction (allow or deny) selects it; `ingress: [{}]`
 * becomes a rule matching no peer, which keeps that effect.
 */
export function compilePolicies(policies: CiliumNetworkPolicy[], pods: PodState[], identities: IdentityState[], diags: Diagnostic[]): CompiledPolicyRule[] {
  const out: CompiledPolicyRule[] = [];
  if (policies.length === 0) return out;
  const groups = groupPods(pods);
  const identityLabels = identities.map((i) => i.labels.map(parseLabel));
  // entityIdentities depends only on the entity and the identities: once per entity name
  const entityCache = new Map<string, number[] | null>();
  const entities = (entity: string): number[] | null => {
    if (!entityCache.has(entity)) entityCache.set(entity, entityIdentities(entity, identities));
    return entityCache.get(entity)!;
  };
  for (const policy of policies) {
    const ns = policy.kind === 'CiliumNetworkPolicy' ? policy.meta.namespace : null;
    for (const spec of policy.specs) {
      if (spec.nodeSelector && !spec.endpointSelector) {
        diags.push(diag('info', 'cluster.policy.hostPolicyUnsupported', spec.loc, { policy: policy.meta.name }));
        continue;
      }
      const subjects = subjectsOf(spec.endpointSelector, ns, groups);
      const sections: [PolicyPeerRule[] | null, 'ingress' | 'egress', boolean][] = [
        [spec.ingress, 'ingress', false],
        [spec.ingressDeny, 'ingress', true],
        [spec.egress, 'egress', false],
        [spec.egressDeny, 'egress', true],
      ];
      for (const [rules, direction, deny] of sections) for (const r of rules ?? []) out.push(compilePeer(policy, spec, r, direction, deny, subjects, identities, identityLabels, entities, pods, diags));
    }
  }
  return out;
}

export interface PolicyQuery {
  /** pod `namespace/name` or 'reserved:ingress' */
  subject: string;
  direction: 'ingress' | 'egress';
  peerIdentity: number;
  peerIP: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}

export interface PolicyVerdict {
  allowed: boolean;
  selected: boolean;
  /** names of the policies whose rules decided */
  matched: string[];
  /** message id */
  reason: string;
}

function isOutside(identity: number): boolean {
  return identity === RESERVED.world || identity === 9 || identity === 10 || identity >= LOCAL_IDENTITY_BASE;
}

function ruleMatches(r: CompiledPolicyRule, q: PolicyQuery): boolean {
  let peer = r.peerIdentities === null || r.peerIdentities.includes(q.peerIdentity);
  // fromCIDR / fromCIDRSet only select addresses outside the cluster (world / CIDR identities)
  if (!peer && r.peerCIDRs && isOutside(q.peerIdentity))
    peer = r.peerCIDRs.some((c) => cidrContains(c.cidr, q.peerIP) && !c.except.some((e) => cidrContains(e, q.peerIP)));
  if (!peer) return false;
  if (!r.ports) return true;
  return r.ports.some((p) => {
    const proto = p.protocol === 'ANY' || p.protocol === q.protocol;
    const port = p.port === 0 || (p.endPort ? q.port >= p.port && q.port <= p.endPort : q.port === p.port);
    return proto && port;
  });
}

/**
 * Cilium's semantics: not selected in that direction -> allowed (default
 * allow); selected -> default deny unless an allow rule matches; a matching
 * deny rule always wins. L7 (HTTP) rules are not evaluated here.
 */
export function policyVerdict(state: Pick<ClusterState, 'policies'>, q: PolicyQuery): PolicyVerdict {
  const rules = rulesFor(state.policies, q.direction, q.subject);
  if (rules.length === 0) return { allowed: true, selected: false, matched: [], reason: 'cluster.policy.notSelected' };
  const denies = rules.filter((r) => r.deny && ruleMatches(r, q));
  if (denies.length > 0) return { allowed: false, selected: true, matched: [...new Set(denies.map((r) => r.policy))], reason: 'cluster.policy.denied' };
  const allows = rules.filter((r) => !r.deny && ruleMatches(r, q));
  if (allows.length > 0) return { allowed: true, selected: true, matched: [...new Set(allows.map((r) => r.policy))], reason: 'cluster.policy.allowed' };
  return { allowed: false, selected: true, matched: [...new Set(rules.map((r) => r.policy))], reason: 'cluster.policy.defaultDeny' };
}
