// v1 Service and v1 Endpoints (kubernetes/kubernetes pkg/apis/core/validation ValidateService).
import type { Ctx } from './context';
import type { Endpoints, Service, ServicePort, ServiceType } from './types';
import { get, type YMap } from './yaml';

const TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

function protocol(ctx: Ctx, n: YMap | undefined, field: string): 'TCP' | 'UDP' | 'SCTP' {
  const p = ctx.str(n, 'protocol', field);
  if (p === null) return 'TCP';
  if ((PROTOCOLS as readonly string[]).includes(p)) return p as 'TCP' | 'UDP' | 'SCTP';
  ctx.error('model.protocol.invalid', get(n, 'protocol')!.off, { protocol: p });
  return 'TCP';
}

function portInRange(ctx: Ctx, n: YMap, key: string, field: string): number | null {
  const v = ctx.num(n, key, field);
  if (v !== null && (v < 1 || v > 65535)) {
    ctx.error('model.port.range', get(n, key)!.off, { port: v, field });
    return null;
  }
  return v;
}

export function parseService(root: YMap, ctx: Ctx, apiVersion: string): Service | null {
  const meta = ctx.meta(root, 'Service', true);
  if (!meta) return null;
  const spec = ctx.map(root, 'spec') ?? undefined;
  const typeStr = ctx.str(spec, 'type', 'spec.type') ?? 'ClusterIP';
  let type: ServiceType = 'ClusterIP';
  if ((TYPES as readonly string[]).includes(typeStr)) type = typeStr as ServiceType;
  else ctx.error('model.service.type', get(spec, 'type')!.off, { type: typeStr });

  let clusterIP = ctx.str(spec, 'clusterIP', 'spec.clusterIP');
  if (clusterIP === '') clusterIP = null;
  if (clusterIP !== null && clusterIP !== 'None') {
    if (!ctx.checkIP(clusterIP, get(spec, 'clusterIP')!.off, 'spec.clusterIP')) clusterIP = null;
  }
  const selNode = get(spec, 'selector');
  const selector = selNode && !(selNode.t === 'scalar' && selNode.value === null) ? ctx.strMap(spec, 'selector', 'spec.selector') : null;

  const ports: ServicePort[] = [];
  const seqPorts = ctx.seq(spec, 'ports', 'spec.ports');
  seqPorts.forEach((pn, i) => {
    if (pn.t !== 'map') {
      ctx.error('model.field.type', pn.off, { field: `spec.ports[${i}]`, expected: 'mapping' });
      return;
    }
    const field = `spec.ports[${i}]`;
    const port = portInRange(ctx, pn, 'port', `${field}.port`);
    if (port === null) {
      if (!get(pn, 'port')) ctx.error('model.service.port.missing', pn.off, { field });
      return;
    }
    const tpNode = get(pn, 'targetPort');
    let targetPort: number | string = port;
    if (tpNode && tpNode.t === 'scalar' && tpNode.value !== null) {
      if (typeof tpNode.value === 'number') {
        targetPort = tpNode.value;
        if (targetPort < 1 || targetPort > 65535) {
          ctx.error('model.port.range', tpNode.off, { port: targetPort, field: `${field}.targetPort` });
          targetPort = port;
        }
      } else targetPort = /^\d+$/.test(String(tpNode.value)) ? Number(tpNode.value) : String(tpNode.value);
    }
    const nodePort = portInRange(ctx, pn, 'nodePort', `${field}.nodePort`);
    const name = ctx.str(pn, 'name', `${field}.name`);
    if (seqPorts.length > 1 && !name) ctx.error('model.service.port.name', pn.off, { field });
    ports.push({ name, port, targetPort, nodePort, protocol: protocol(ctx, pn, `${field}.protocol`), loc: ctx.loc(pn.off) });
  });
  if (ports.length === 0 && type !== 'ExternalName' && clusterIP !== 'None')
    ctx.warn('model.service.ports.none', spec?.off ?? root.off, { name: meta.name });

  const etpStr = ctx.str(spec, 'externalTrafficPolicy', 'spec.externalTrafficPolicy') ?? 'Cluster';
  let externalTrafficPolicy: 'Cluster' | 'Local' = 'Cluster';
  if (etpStr === 'Local' || etpStr === 'Cluster') externalTrafficPolicy = etpStr;
  else ctx.error('model.service.etp', get(spec, 'externalTrafficPolicy')!.off, { value: etpStr });

  let loadBalancerIP = ctx.str(spec, 'loadBalancerIP', 'spec.loadBalancerIP');
  if (loadBalancerIP === '') loadBalancerIP = null;
  if (loadBalancerIP !== null && !ctx.checkIP(loadBalancerIP, get(spec, 'loadBalancerIP')!.off, 'spec.loadBalancerIP'))
    loadBalancerIP = null;
  if (loadBalancerIP !== null && type !== 'LoadBalancer')
    ctx.warn('model.service.lbip.type', get(spec, 'loadBalancerIP')!.off, { type });

  const externalIPs: string[] = [];
  const eipNodes = ctx.seq(spec, 'externalIPs', 'spec.externalIPs');
  for (const n of eipNodes) {
    const v = n.t === 'scalar' && n.value !== null ? String(n.value) : '';
    if (ctx.checkIP(v, n.off, 'spec.externalIPs')) externalIPs.push(v);
  }
  const externalName = ctx.str(spec, 'externalName', 'spec.externalName');
  if (type === 'ExternalName' && !externalName) ctx.error('model.service.externalName', spec?.off ?? root.off);

  const svc: Service = {
    kind: 'Service',
    apiVersion,
    meta,
    loc: ctx.loc(root.off),
    type,
    clusterIP,
    selector,
    ports,
    externalTrafficPolicy,
    loadBalancerIP,
    loadBalancerClass: ctx.str(spec, 'loadBalancerClass', 'spec.loadBalancerClass'),
    externalIPs,
  };
  if (type === 'ExternalName') svc.externalName = externalName;
  return svc;
}

export function parseEndpoints(root: YMap, ctx: Ctx, apiVersion: string): Endpoints | null {
  const meta = ctx.meta(root, 'Endpoints', true);
  if (!meta) return null;
  const subsets: Endpoints['subsets'] = ctx.seq(root, 'subsets').map((s, si) => {
    const addresses: string[] = [];
    for (const a of ctx.seq(s, 'addresses', `subsets[${si}].addresses`)) {
      const ip = ctx.str(a, 'ip', `subsets[${si}].addresses.ip`);
      if (ip !== null && ctx.checkIP(ip, get(a, 'ip')!.off, `subsets[${si}].addresses.ip`)) addresses.push(ip);
    }
    const ports = ctx.seq(s, 'ports', `subsets[${si}].ports`).flatMap((p, pi) => {
      if (p.t !== 'map') return [];
      const port = portInRange(ctx, p, 'port', `subsets[${si}].ports[${pi}].port`);
      if (port === null) return [];
      return [{ name: ctx.str(p, 'name'), port, protocol: ctx.str(p, 'protocol') ?? 'TCP' }];
    });
    return { addresses, ports };
  });
  return { kind: 'Endpoints', apiVersion, meta, loc: ctx.loc(root.off), subsets };
}
