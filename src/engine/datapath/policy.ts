// Policy verdicts for the datapath. The control plane owns the answer
// (`policyVerdict` exported by src/engine/cluster); the local evaluation is a
// fallback should that ever throw, with the same semantics: no rule
// selecting the subject in that direction = no enforcement (allow); a
// matching deny wins; otherwise a matching allow, else default deny.
import { policyVerdict as clusterPolicyVerdict } from '../cluster';
import type { ClusterState, CompiledPolicyRule } from '../types';
import { inCidr } from './util';

export interface PolicyQuery {
  /** 'namespace/name' of a pod, 'reserved:ingress' or 'reserved:host' */
  subject: string;
  direction: 'ingress' | 'egress';
  peerIdentity: number;
  peerIP: string;
  port: number;
  protocol: string;
}

export interface PolicyDecision {
  allowed: boolean;
  /** some rule selects the subject in this direction (Cilium then emits policy-verdict events) */
  enforced: boolean;
  /** the deciding policy, when one decided */
  policy: string | null;
  /** Hubble's match type: L3-Only, L3-L4, L4-Only, all */
  match: string;
}

function peerMatches(r: CompiledPolicyRule, q: PolicyQuery): boolean {
  const byId = r.peerIdentities === null && r.peerCIDRs === null ? true : (r.peerIdentities ?? []).includes(q.peerIdentity);
  const byCidr = (r.peerCIDRs ?? []).some((c) => inCidr(q.peerIP, c.cidr) && !c.except.some((e) => inCidr(q.peerIP, e)));
  return byId || byCidr;
}

function portMatches(r: CompiledPolicyRule, q: PolicyQuery): boolean {
  if (r.ports === null) return true;
  return r.ports.some(
    (p) =>
      (p.protocol === 'ANY' || p.protocol.toUpperCase() === q.protocol.toUpperCase()) &&
      (p.port === 0 || (q.port >= p.port && q.port <= (p.endPort ?? p.port))),
  );
}

function matchKind(r: CompiledPolicyRule): string {
  const l3 = r.peerIdentities !== null || r.peerCIDRs !== null;
  const l4 = r.ports !== null;
  return l3 && l4 ? 'L3-L4' : l3 ? 'L3-Only' : l4 ? 'L4-Only' : 'all';
}

export function localPolicyVerdict(state: ClusterState, q: PolicyQuery): PolicyDecision {
  const rules = state.policies.filter((r) => r.direction === q.direction && r.subjects.includes(q.subject));
  if (rules.length === 0) return { allowed: true, enforced: false, policy: null, match: 'all' };
  const deny = rules.find((r) => r.deny && peerMatches(r, q) && portMatches(r, q));
  if (deny) return { allowed: false, enforced: true, policy: deny.policy, match: matchKind(deny) };
  const allow = rules.find((r) => !r.deny && peerMatches(r, q) && portMatches(r, q));
  if (allow) return { allowed: true, enforced: true, policy: allow.policy, match: matchKind(allow) };
  return { allowed: false, enforced: true, policy: null, match: 'none' };
}

/** The cluster's policyVerdict (src/engine/cluster), with Hubble's match type added. */
export function policyVerdict(state: ClusterState, q: PolicyQuery): PolicyDecision {
  const local = localPolicyVerdict(state, q);
  try {
    const v = clusterPolicyVerdict(state, { ...q, protocol: q.protocol.toUpperCase() === 'UDP' ? 'UDP' : 'TCP' });
    const deciding = state.policies.find((r) => v.matched.includes(r.policy) && r.direction === q.direction && r.subjects.includes(q.subject));
    return {
      allowed: v.allowed,
      enforced: v.selected,
      policy: v.matched[0] ?? null,
      match: deciding ? matchKind(deciding) : local.match,
    };
  } catch {
    return local;
  }
}
