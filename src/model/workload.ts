// Deployment, DaemonSet, StatefulSet, ReplicaSet and Pod, reduced to what the datapath needs.
import type { Ctx } from './context';
import type { Container, ContainerPort, Workload } from './types';
import { dig, get, type YMap, type YNode } from './yaml';

export const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod'] as const;
type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

function containers(ctx: Ctx, podSpec: YNode | undefined, field: string): Container[] {
  return ctx.seq(podSpec, 'containers', `${field}.containers`).map((c, ci) => {
    const cf = `${field}.containers[${ci}]`;
    const ports: ContainerPort[] = [];
    ctx.seq(c, 'ports', `${cf}.ports`).forEach((p, pi) => {
      const pf = `${cf}.ports[${pi}]`;
      const cp = ctx.num(p, 'containerPort', `${pf}.containerPort`);
      if (cp === null) {
        ctx.error('model.workload.containerPort', p.off, { field: pf });
        return;
      }
      if (cp < 1 || cp > 65535) {
        ctx.error('model.port.range', get(p, 'containerPort')!.off, { port: cp, field: `${pf}.containerPort` });
        return;
      }
      const proto = ctx.str(p, 'protocol', `${pf}.protocol`) ?? 'TCP';
      if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP') {
        ctx.error('model.protocol.invalid', get(p, 'protocol')!.off, { protocol: proto });
        return;
      }
      ports.push({ name: ctx.str(p, 'name', `${pf}.name`), containerPort: cp, protocol: proto });
    });
    return { name: ctx.str(c, 'name', `${cf}.name`) ?? '', image: ctx.str(c, 'image', `${cf}.image`) ?? '', ports };
  });
}

export function parseWorkload(root: YMap, ctx: Ctx, apiVersion: string, kind: WorkloadKind): Workload | null {
  const meta = ctx.meta(root, kind, true);
  if (!meta) return null;
  const spec = ctx.map(root, 'spec') ?? undefined;
  let podSpec: YNode | undefined;
  let podLabels: Record<string, string>;
  let replicas = 1;
  let field: string;
  if (kind === 'Pod') {
    podSpec = spec;
    podLabels = meta.labels;
    field = 'spec';
  } else {
    const template = ctx.map(spec, 'template', 'spec.template') ?? undefined;
    if (!template) ctx.error('model.workload.template', spec?.off ?? root.off, { kind });
    podSpec = ctx.map(template, 'spec', 'spec.template.spec') ?? undefined;
    podLabels = ctx.strMap(get(template, 'metadata'), 'labels', 'spec.template.metadata.labels');
    field = 'spec.template.spec';
    if (kind !== 'DaemonSet') {
      const r = ctx.num(spec, 'replicas', 'spec.replicas');
      if (r !== null) {
        if (r < 0) ctx.error('model.workload.replicas', get(spec, 'replicas')!.off, { replicas: r });
        else replicas = r;
      }
    }
    // The selector must match the template's labels (the API server rejects the object otherwise).
    const sel = ctx.selector(get(spec, 'selector'), 'spec.selector');
    if (sel) {
      for (const [k, v] of Object.entries(sel.matchLabels)) {
        if (podLabels[k] !== v) {
          ctx.error('model.workload.selector', dig(spec, 'selector')!.off, { kind, key: k, value: v });
          break;
        }
      }
    }
  }
  return {
    kind,
    apiVersion,
    meta,
    loc: ctx.loc(root.off),
    replicas,
    podLabels,
    nodeName: ctx.str(podSpec, 'nodeName', `${field}.nodeName`),
    nodeSelector: ctx.strMap(podSpec, 'nodeSelector', `${field}.nodeSelector`),
    hostNetwork: ctx.bool(podSpec, 'hostNetwork', `${field}.hostNetwork`) ?? false,
    containers: containers(ctx, podSpec, field),
  };
}
