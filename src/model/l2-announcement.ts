// cilium.io/v2alpha1 CiliumL2AnnouncementPolicy (cilium/cilium pkg/l2announcer/l2announcer.go:
// interfaces are Go regexps matched unanchored; externalIPs / loadBalancerIPs default false).
import { compileRE2 } from './re2';
import type { Ctx } from './context';
import type { CiliumL2AnnouncementPolicy } from './types';
import { get, type YMap } from './yaml';

export function parseL2Policy(root: YMap, ctx: Ctx, apiVersion: string): CiliumL2AnnouncementPolicy | null {
  const meta = ctx.meta(root, 'CiliumL2AnnouncementPolicy', false);
  if (!meta) return null;
  const spec = ctx.map(root, 'spec') ?? undefined;
  if (spec) ctx.checkKnown(spec, ['serviceSelector', 'nodeSelector', 'interfaces', 'externalIPs', 'loadBalancerIPs'], 'spec');
  const interfaces: string[] = [];
  for (const n of ctx.seq(spec, 'interfaces', 'spec.interfaces')) {
    const v = n.t === 'scalar' && n.value !== null ? String(n.value) : '';
    const { error } = compileRE2(v); // Go's regexp is RE2 too
    if (error === null) interfaces.push(v);
    else ctx.error('model.l2.interface.regex', n.off, { value: v, error });
  }
  const externalIPs = ctx.bool(spec, 'externalIPs', 'spec.externalIPs') ?? false;
  const loadBalancerIPs = ctx.bool(spec, 'loadBalancerIPs', 'spec.loadBalancerIPs') ?? false;
  if (!externalIPs && !loadBalancerIPs) ctx.warn('model.l2.nothing', spec?.off ?? root.off, { name: meta.name });
  return {
    kind: 'CiliumL2AnnouncementPolicy',
    apiVersion,
    meta,
    loc: ctx.loc(root.off),
    serviceSelector: ctx.selector(get(spec, 'serviceSelector'), 'spec.serviceSelector'),
    nodeSelector: ctx.selector(get(spec, 'nodeSelector'), 'spec.nodeSelector'),
    interfaces,
    externalIPs,
    loadBalancerIPs,
  };
}
