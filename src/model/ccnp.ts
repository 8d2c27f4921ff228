// cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy. Field names follow
// cilium/cilium pkg/policy/api (rule.go Rule, ingress.go IngressRule/IngressDenyRule,
// egress.go EgressRule/EgressDenyRule, l4.go PortRule/PortProtocol/L7Rules, http.go PortRuleHTTP,
// cidr.go CIDRRule, entity.go EntitySlice). Unknown fields are what Cilium's CRD validation
// rejects ("unknown field"), so they are errors here, with the closest known name.
import type { Ctx } from './context';
import type {
  CIDRRule,
  CiliumNetworkPolicy,
  LabelSelector,
  PolicyHTTPRule,
  PolicyPeerRule,
  PolicyPort,
  PolicyPortRule,
  PolicyRuleSpec,
} from './types';
import { get, type YMap, type YNode } from './yaml';

const RULE_FIELDS = ['endpointSelector', 'nodeSelector', 'ingress', 'ingressDeny', 'egress', 'egressDeny', 'labels', 'description', 'enableDefaultDeny', 'log'];
const INGRESS_FIELDS = ['fromEndpoints', 'fromRequires', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromGroups', 'fromNodes', 'toPorts', 'icmps', 'authentication'];
const INGRESS_DENY_FIELDS = ['fromEndpoints', 'fromRequires', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromGroups', 'fromNodes', 'toPorts', 'icmps'];
const EGRESS_FIELDS = ['toEndpoints', 'toRequires', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toGroups', 'toNodes', 'toPorts', 'icmps', 'authentication'];
const EGRESS_DENY_FIELDS = ['toEndpoints', 'toRequires', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toGroups', 'toNodes', 'toPorts', 'icmps'];
const PORT_RULE_FIELDS = ['ports', 'terminatingTLS', 'originatingTLS', 'serverNames', 'listener', 'rules'];
const PORT_FIELDS = ['port', 'endPort', 'protocol'];
const L7_FIELDS = ['http', 'kafka', 'dns', 'l7proto', 'l7'];
const HTTP_FIELDS = ['path', 'method', 'host', 'headers', 'headerMatches'];
const CIDR_RULE_FIELDS = ['cidr', 'cidrGroupRef', 'cidrGroupSelector', 'except'];
/** pkg/policy/api/entity.go */
export const ENTITIES = ['all', 'world', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'ingress', 'init', 'health', 'unmanaged', 'none', 'world-ipv4', 'world-ipv6'];

function checkMap(ctx: Ctx, n: YNode, known: string[], path: string): n is YMap {
  if (n.t !== 'map') {
    ctx.error('model.field.type', n.off, { field: path, expected: 'mapping' });
    return false;
  }
  ctx.checkKnown(n, known, path);
  return true;
}

function selectors(ctx: Ctx, m: YMap, key: string, path: string): LabelSelector[] | null {
  if (!get(m, key)) return null;
  const out: LabelSelector[] = [];
  ctx.seq(m, key, `${path}.${key}`).forEach((s, i) => {
    const sel = ctx.selector(s, `${path}.${key}[${i}]`);
    if (sel) out.push(sel);
  });
  return out;
}

function entities(ctx: Ctx, m: YMap, key: string, path: string): string[] | null {
  if (!get(m, key)) return null;
  const out: string[] = [];
  for (const n of ctx.seq(m, key, `${path}.${key}`)) {
    const v = n.t === 'scalar' && n.value !== null ? String(n.value) : '';
    if (ENTITIES.includes(v)) out.push(v);
    else ctx.error('model.policy.entity', n.off, { entity: v, known: ENTITIES.join(', ') });
  }
  return out;
}

function cidrs(ctx: Ctx, m: YMap, plainKey: string, setKey: string, path: string): CIDRRule[] | null {
  if (!get(m, plainKey) && !get(m, setKey)) return null;
  const out: CIDRRule[] = [];
  for (const n of ctx.seq(m, plainKey, `${path}.${plainKey}`)) {
    const v = n.t === 'scalar' && n.value !== null ? String(n.value) : '';
    if (ctx.checkCIDR(v, n.off, `${path}.${plainKey}`)) out.push({ cidr: v, except: [] });
  }
  ctx.seq(m, setKey, `${path}.${setKey}`).forEach((n, i) => {
    const f = `${path}.${setKey}[${i}]`;
    if (!checkMap(ctx, n, CIDR_RULE_FIELDS, f)) return;
    const cidr = ctx.str(n, 'cidr', `${f}.cidr`);
    if (cidr === null) {
      if (get(n, 'cidrGroupRef') || get(n, 'cidrGroupSelector')) ctx.info('model.policy.cidrgroup', n.off);
      else ctx.error('model.policy.cidr.missing', n.off, { field: f });
      return;
    }
    if (!ctx.checkCIDR(cidr, get(n, 'cidr')!.off, `${f}.cidr`)) return;
    const except: string[] = [];
    for (const e of ctx.seq(n, 'except', `${f}.except`)) {
      const v = e.t === 'scalar' && e.value !== null ? String(e.value) : '';
      if (ctx.checkCIDR(v, e.off, `${f}.except`)) except.push(v);
    }
    out.push({ cidr, except });
  });
  return out;
}

function ports(ctx: Ctx, m: YMap, path: string): PolicyPortRule[] | null {
  if (!get(m, 'toPorts')) return null;
  const out: PolicyPortRule[] = [];
  ctx.seq(m, 'toPorts', `${path}.toPorts`).forEach((pr, i) => {
    const f = `${path}.toPorts[${i}]`;
    if (!checkMap(ctx, pr, PORT_RULE_FIELDS, f)) return;
    const pps: PolicyPort[] = [];
    ctx.seq(pr, 'ports', `${f}.ports`).forEach((pn, j) => {
      const pf = `${f}.ports[${j}]`;
      if (!checkMap(ctx, pn, PORT_FIELDS, pf)) return;
      const port = ctx.str(pn, 'port', `${pf}.port`) ?? '0';
      if (/^\d+$/.test(port)) {
        const v = Number(port);
        if (v > 65535) ctx.error('model.port.range', get(pn, 'port')!.off, { port: v, field: `${pf}.port` });
      } else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(port) || port.length > 15) {
        ctx.error('model.policy.port.name', get(pn, 'port')!.off, { port });
      }
      const endPort = ctx.num(pn, 'endPort', `${pf}.endPort`);
      if (endPort !== null && /^\d+$/.test(port) && endPort < Number(port))
        ctx.error('model.policy.port.endPort', get(pn, 'endPort')!.off, { port, endPort });
      const proto = (ctx.str(pn, 'protocol', `${pf}.protocol`) ?? 'ANY').toUpperCase();
      if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP' && proto !== 'ANY') {
        ctx.error('model.protocol.invalid', get(pn, 'protocol')!.off, { protocol: proto });
        return;
      }
      pps.push({ port, endPort, protocol: proto });
    });
    let http: PolicyHTTPRule[] | null = null;
    const rules = get(pr, 'rules');
    if (rules && checkMap(ctx, rules, L7_FIELDS, `${f}.rules`)) {
      if (get(rules, 'http')) {
        http = [];
        ctx.seq(rules, 'http', `${f}.rules.http`).forEach((h, k) => {
          const hf = `${f}.rules.http[${k}]`;
          if (!checkMap(ctx, h, HTTP_FIELDS, hf)) return;
          http!.push({
            method: ctx.str(h, 'method', `${hf}.method`),
            path: ctx.str(h, 'path', `${hf}.path`),
            host: ctx.str(h, 'host', `${hf}.host`),
            headers: ctx.strList(h, 'headers', `${hf}.headers`),
          });
        });
      }
      for (const other of ['kafka', 'dns', 'l7proto', 'l7']) if (get(rules, other)) ctx.info('model.policy.l7.unsupported', get(rules, other)!.off, { field: other });
    }
    out.push({ ports: pps, http });
  });
  return out;
}

function peerRules(ctx: Ctx, spec: YMap, key: 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny', path: string): PolicyPeerRule[] | null {
  if (!get(spec, key)) return null;
  const from = key.startsWith('ingress');
  const known = key === 'ingress' ? INGRESS_FIELDS : key === 'ingressDeny' ? INGRESS_DENY_FIELDS : key === 'egress' ? EGRESS_FIELDS : EGRESS_DENY_FIELDS;
  const p = from ? 'from' : 'to';
  const out: PolicyPeerRule[] = [];
  ctx.seq(spec, key, `${path}.${key}`).forEach((r, i) => {
    const f = `${path}.${key}[${i}]`;
    if (!checkMap(ctx, r, known, f)) return;
    for (const unsupported of [`${p}Requires`, `${p}Groups`, `${p}Nodes`, 'toFQDNs', 'icmps', 'authentication'])
      if (get(r, unsupported)) ctx.info('model.policy.field.unsupported', ctx.keyOff(r, unsupported), { field: unsupported });
    let services: { name: string; namespace: string }[] | null = null;
    if (!from && get(r, 'toServices')) {
      services = [];
      for (const s of ctx.seq(r, 'toServices', `${f}.toServices`)) {
        const k8s = get(s, 'k8sService');
        if (k8s) {
          const name = ctx.str(k8s, 'serviceName', `${f}.toServices.k8sService.serviceName`) ?? '';
          services.push({ name, namespace: ctx.str(k8s, 'namespace', `${f}.toServices.k8sService.namespace`) ?? 'default' });
        } else ctx.info('model.policy.field.unsupported', s.off, { field: 'toServices.k8sServiceSelector' });
      }
    }
    out.push({
      endpoints: selectors(ctx, r, `${p}Endpoints`, f),
      entities: entities(ctx, r, `${p}Entities`, f),
      cidrs: cidrs(ctx, r, `${p}CIDR`, `${p}CIDRSet`, f),
      services,
      ports: ports(ctx, r, f),
      loc: ctx.loc(r.off),
    });
  });
  return out;
}

function parseRule(ctx: Ctx, n: YNode, path: string, clusterwide: boolean): PolicyRuleSpec | null {
  if (!checkMap(ctx, n, RULE_FIELDS, path)) return null;
  const endpointSelector = ctx.selector(get(n, 'endpointSelector'), `${path}.endpointSelector`);
  const nodeSelector = ctx.selector(get(n, 'nodeSelector'), `${path}.nodeSelector`);
  if (endpointSelector && nodeSelector) ctx.error('model.policy.selector.both', n.off, { field: path });
  else if (!endpointSelector && !nodeSelector) ctx.error('model.policy.selector.none', n.off, { field: path });
  if (nodeSelector && !clusterwide) ctx.error('model.policy.nodeSelector.cnp', ctx.keyOff(n, 'nodeSelector'), {});
  return {
    endpointSelector,
    nodeSelector,
    ingress: peerRules(ctx, n, 'ingress', path),
    ingressDeny: peerRules(ctx, n, 'ingressDeny', path),
    egress: peerRules(ctx, n, 'egress', path),
    egressDeny: peerRules(ctx, n, 'egressDeny', path),
    description: ctx.str(n, 'description', `${path}.description`),
    loc: ctx.loc(n.off),
  };
}

export function parsePolicy(
  root: YMap,
  ctx: Ctx,
  apiVersion: string,
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy',
): CiliumNetworkPolicy | null {
  const clusterwide = kind === 'CiliumClusterwideNetworkPolicy';
  const meta = ctx.meta(root, kind, !clusterwide);
  if (!meta) return null;
  ctx.checkKnown(root, ['apiVersion', 'kind', 'metadata', 'spec', 'specs', 'status'], '');
  const specs: PolicyRuleSpec[] = [];
  const one = get(root, 'spec');
  if (one) {
    const r = parseRule(ctx, one, 'spec', clusterwide);
    if (r) specs.push(r);
  }
  ctx.seq(root, 'specs').forEach((s, i) => {
    const r = parseRule(ctx, s, `specs[${i}]`, clusterwide);
    if (r) specs.push(r);
  });
  if (!one && !get(root, 'specs')) ctx.error('model.policy.nospec', root.off, { kind, name: meta.name });
  return { kind, apiVersion, meta, loc: ctx.loc(root.off), specs };
}
