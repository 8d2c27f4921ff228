// networking.k8s.io/v1 IngressClass (cluster-scoped).
import type { Ctx } from './context';
import type { IngressClass } from './types';
import type { YMap } from './yaml';

export function parseIngressClass(root: YMap, ctx: Ctx, apiVersion: string): IngressClass | null {
  const meta = ctx.meta(root, 'IngressClass', false);
  if (!meta) return null;
  const spec = ctx.map(root, 'spec') ?? undefined;
  const controller = ctx.str(spec, 'controller', 'spec.controller');
  if (!controller) ctx.warn('model.ingressclass.controller', spec?.off ?? root.off, { name: meta.name });
  return {
    kind: 'IngressClass',
    apiVersion,
    meta,
    loc: ctx.loc(root.off),
    controller: controller ?? '',
    isDefault: meta.annotations['ingressclass.kubernetes.io/is-default-class'] === 'true',
  };
}
