// Policy verdicts for the datapath. The control plane owns the answer
// (`policyVerdict` exported by src/engine/cluster); this only adds Hubble's
// match type (policy-verdict:L3-Only / L3-L4 / L4-Only / all / none).
import { policyVerdict as clusterPolicyVerdict } from '../cluster';
import { rulesFor } from '../cluster/lookup';
import type { ClusterState, CompiledPolicyRule } from '../types';

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

function matchKind(r: CompiledPolicyRule): string {
  const l3 = r.peerIdentities !== null || r.peerCIDRs !== null;
  const l4 = r.ports !== null;
  return l3 && l4 ? 'L3-L4' : l3 ? 'L3-Only' : l4 ? 'L4-Only' : 'all';
}

/** The cluster's policyVerdict (src/engine/cluster), with Hubble's match type added. */
export function policyVerdict(state: ClusterState, q: PolicyQuery): PolicyDecision {
  const v = clusterPolicyVerdict(state, { ...q, protocol: q.protocol.toUpperCase() === 'UDP' ? 'UDP' : 'TCP' });
  // the first rule (in rule order) of this direction and subject whose policy decided: rulesFor keeps rule order
  const deciding = v.matched.length === 0 ? undefined : rulesFor(state.policies, q.direction, q.subject).find((r) => v.matched.includes(r.policy));
  return {
    allowed: v.allowed,
    enforced: v.selected,
    policy: v.matched[0] ?? null,
    match: deciding ? matchKind(deciding) : v.allowed ? 'all' : 'none',
  };
}
