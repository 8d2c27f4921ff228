// Our own kind: hopscope.dev/v1alpha1 Lab (DESIGN.md "The scenario file").
import type { Ctx } from './context';
import type { Lab, LabClient, LabExpect, LabInterface, LabNode, LabRequest } from './types';
import { buildCiliumConfig, flattenValues, parseHelmCommand, type HelmAssignment } from './helm-values';
import { get, type YMap, type YNode } from './yaml';

export const LAB_API_VERSION = 'hopscope.dev/v1alpha1';
const SPEC_FIELDS = ['title', 'notes', 'extends', 'clock', 'seed', 'kernel', 'serviceCIDR', 'nodes', 'clients', 'requests', 'helm'];

/** A parsed Lab plus what the merge rule needs: the helm assignments and which spec fields were set. */
export interface ParsedLab {
  lab: Lab;
  helm: HelmAssignment[];
  fieldsSet: Set<string>;
}

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

function addressWithPrefix(ctx: Ctx, n: YNode, field: string): string | null {
  const v = ctx.str(n, 'address', `${field}.address`);
  if (v === null) {
    ctx.error('model.lab.address.missing', n.off, { field });
    return null;
  }
  const off = get(n, 'address')!.off;
  if (!v.includes('/')) {
    ctx.error('model.lab.address.prefix', off, { value: v, field: `${field}.address` });
    return null;
  }
  return ctx.checkCIDR(v, off, `${field}.address`) ? v : null;
}

function mac(ctx: Ctx, n: YNode, field: string): string | null {
  const v = ctx.str(n, 'mac', `${field}.mac`);
  if (v !== null && !MAC.test(v)) {
    ctx.error('model.lab.mac', get(n, 'mac')!.off, { value: v });
    return null;
  }
  return v ? v.toLowerCase() : null;
}

function parseNode(ctx: Ctx, n: YNode, i: number): LabNode | null {
  const f = `spec.nodes[${i}]`;
  const name = ctx.str(n, 'name', `${f}.name`);
  if (!name) {
    ctx.error('model.lab.node.name', n.off, { field: f });
    return null;
  }
  const roleStr = ctx.str(n, 'role', `${f}.role`) ?? 'worker';
  let role: LabNode['role'] = 'worker';
  if (roleStr === 'control-plane' || roleStr === 'worker') role = roleStr;
  else ctx.error('model.lab.node.role', get(n, 'role')!.off, { role: roleStr });
  const podCIDR = ctx.str(n, 'podCIDR', `${f}.podCIDR`);
  if (podCIDR !== null) ctx.checkCIDR(podCIDR, get(n, 'podCIDR')!.off, `${f}.podCIDR`);
  const ip = (key: string): string | null => {
    const v = ctx.str(n, key, `${f}.${key}`);
    if (v === null) return null;
    return ctx.checkIP(v, get(n, key)!.off, `${f}.${key}`) ? v : null;
  };
  const interfaces: LabInterface[] = [];
  ctx.seq(n, 'interfaces', `${f}.interfaces`).forEach((inn, j) => {
    const fi = `${f}.interfaces[${j}]`;
    const iname = ctx.str(inn, 'name', `${fi}.name`);
    if (!iname) {
      ctx.error('model.lab.interface.name', inn.off, { field: fi });
      return;
    }
    const address = addressWithPrefix(ctx, inn, fi);
    if (address === null) return;
    interfaces.push({ name: iname, address, mac: mac(ctx, inn, fi), loc: ctx.loc(inn.off) });
  });
  const defaultInterface = ctx.str(n, 'defaultInterface', `${f}.defaultInterface`);
  if (defaultInterface !== null && !interfaces.some((x) => x.name === defaultInterface))
    ctx.error('model.lab.node.defaultInterface', get(n, 'defaultInterface')!.off, { name: defaultInterface, node: name });
  return {
    name,
    role,
    labels: ctx.strMap(n, 'labels', `${f}.labels`),
    podCIDR: podCIDR && podCIDR.includes('/') ? podCIDR : null,
    ingressIP: ip('ingressIP'),
    ciliumHostIP: ip('ciliumHostIP'),
    interfaces,
    defaultInterface,
    loc: ctx.loc(n.off),
  };
}

function parseExpect(ctx: Ctx, n: YNode | undefined, field: string): LabExpect | null {
  if (!n || (n.t === 'scalar' && n.value === null)) return null;
  if (n.t !== 'map') {
    ctx.error('model.field.type', n.off, { field, expected: 'mapping' });
    return null;
  }
  ctx.checkKnown(n, ['status', 'exitCode', 'error', 'backend', 'envoyNode'], field, 'warning');
  return {
    status: ctx.num(n, 'status', `${field}.status`),
    exitCode: ctx.num(n, 'exitCode', `${field}.exitCode`),
    error: ctx.str(n, 'error', `${field}.error`),
    backend: ctx.str(n, 'backend', `${field}.backend`),
    envoyNode: ctx.str(n, 'envoyNode', `${field}.envoyNode`),
  };
}

export function parseLab(root: YMap, ctx: Ctx, apiVersion: string, source: string): ParsedLab | null {
  const meta = ctx.meta(root, 'Lab', false);
  if (!meta) return null;
  if (apiVersion !== LAB_API_VERSION)
    ctx.warn('model.apiVersion.unexpected', ctx.keyOff(root, 'apiVersion', root.off), { apiVersion, kind: 'Lab', expected: LAB_API_VERSION });
  const spec = ctx.map(root, 'spec') ?? undefined;
  const fieldsSet = new Set<string>();
  if (spec) {
    ctx.checkKnown(spec, SPEC_FIELDS, 'spec', 'warning');
    for (const e of spec.entries) fieldsSet.add(e.key);
  }
  const ext = ctx.str(spec, 'extends', 'spec.extends');
  if (ext !== null && ext !== 'default') ctx.error('model.lab.extends', get(spec, 'extends')!.off, { value: ext });

  const clock = ctx.str(spec, 'clock', 'spec.clock') ?? '2025-08-23T15:19:00Z';
  if (Number.isNaN(Date.parse(clock))) ctx.error('model.lab.clock', get(spec, 'clock')!.off, { value: clock });
  const serviceCIDR = ctx.str(spec, 'serviceCIDR', 'spec.serviceCIDR') ?? '10.96.0.0/12';
  if (get(spec, 'serviceCIDR')) ctx.checkCIDR(serviceCIDR, get(spec, 'serviceCIDR')!.off, 'spec.serviceCIDR');

  const nodes: LabNode[] = [];
  ctx.seq(spec, 'nodes', 'spec.nodes').forEach((n, i) => {
    const node = parseNode(ctx, n, i);
    if (!node) return;
    if (nodes.some((x) => x.name === node.name)) ctx.error('model.lab.node.duplicate', n.off, { name: node.name });
    else nodes.push(node);
  });
  const clients: LabClient[] = [];
  ctx.seq(spec, 'clients', 'spec.clients').forEach((n, i) => {
    const f = `spec.clients[${i}]`;
    const name = ctx.str(n, 'name', `${f}.name`);
    if (!name) {
      ctx.error('model.lab.client.name', n.off, { field: f });
      return;
    }
    const address = addressWithPrefix(ctx, n, f);
    if (address === null) return;
    clients.push({ name, address, mac: mac(ctx, n, f), loc: ctx.loc(n.off) });
  });
  const requests: LabRequest[] = [];
  ctx.seq(spec, 'requests', 'spec.requests').forEach((n, i) => {
    const f = `spec.requests[${i}]`;
    const from = ctx.str(n, 'from', `${f}.from`);
    const curl = ctx.str(n, 'curl', `${f}.curl`);
    if (!from || !curl) {
      ctx.error('model.lab.request.incomplete', n.off, { field: f });
      return;
    }
    requests.push({
      name: ctx.str(n, 'name', `${f}.name`),
      from,
      curl,
      expect: parseExpect(ctx, get(n, 'expect'), `${f}.expect`),
      note: ctx.str(n, 'note', `${f}.note`),
      loc: ctx.loc(n.off),
    });
  });

  let helm: HelmAssignment[] = [];
  const helmNode = get(spec, 'helm');
  if (helmNode && !(helmNode.t === 'scalar' && helmNode.value === null)) {
    if (helmNode.t === 'scalar') helm = parseHelmCommand(String(helmNode.value), ctx, helmNode.off, source);
    else helm = flattenValues(helmNode, ctx);
  }
  const seed = ctx.num(spec, 'seed', 'spec.seed') ?? 1;
  const lab: Lab = {
    kind: 'Lab',
    apiVersion,
    meta,
    loc: ctx.loc(root.off),
    title: ctx.str(spec, 'title', 'spec.title'),
    notes: ctx.str(spec, 'notes', 'spec.notes'),
    extends: ext === 'default' ? 'default' : null,
    nodes,
    clients,
    serviceCIDR,
    cilium: buildCiliumConfig(helm, [], ctx.lang), // rebuilt by parse.ts after merging
    requests,
    clock,
    seed,
    kernel: ctx.str(spec, 'kernel', 'spec.kernel') ?? '6.8',
  };
  return { lab, helm, fieldsSet };
}
