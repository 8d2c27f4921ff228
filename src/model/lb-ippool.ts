// cilium.io/v2 (and v2alpha1) CiliumLoadBalancerIPPool (cilium/cilium pkg/k8s/apis/cilium.io/v2
// lbipam types; operator/pkg/lbipam/lbipam.go handleNewPool for allowFirstLastIPs).
import ipaddr from 'ipaddr.js';
import type { Ctx } from './context';
import type { CiliumLoadBalancerIPPool, LBIPBlock } from './types';
import { get, type YMap, type YNode } from './yaml';

function ipToBigInt(ip: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let v = 0n;
  for (const b of ip.toByteArray()) v = (v << 8n) | BigInt(b);
  return v;
}

function parseBlock(ctx: Ctx, n: YNode, field: string): LBIPBlock | null {
  const cidr = ctx.str(n, 'cidr', `${field}.cidr`);
  const start = ctx.str(n, 'start', `${field}.start`);
  const stop = ctx.str(n, 'stop', `${field}.stop`);
  const block: LBIPBlock = { cidr, start, stop, loc: ctx.loc(n.off) };
  if (cidr !== null) {
    if (start !== null || stop !== null) ctx.error('model.pool.block.both', n.off, { field });
    return ctx.checkCIDR(cidr, get(n, 'cidr')!.off, `${field}.cidr`) ? block : null;
  }
  if (start === null) {
    ctx.error('model.pool.block.empty', n.off, { field });
    return null;
  }
  if (!ctx.checkIP(start, get(n, 'start')!.off, `${field}.start`)) return null;
  if (stop === null) return block; // a single address
  if (!ctx.checkIP(stop, get(n, 'stop')!.off, `${field}.stop`)) return null;
  const a = ipaddr.parse(start);
  const b = ipaddr.parse(stop);
  if (a.kind() !== b.kind()) {
    ctx.error('model.pool.block.family', n.off, { start, stop });
    return null;
  }
  if (ipToBigInt(a) > ipToBigInt(b)) {
    ctx.error('model.pool.block.order', get(n, 'stop')!.off, { start, stop });
    return null;
  }
  return block;
}

export function parsePool(root: YMap, ctx: Ctx, apiVersion: string): CiliumLoadBalancerIPPool | null {
  const meta = ctx.meta(root, 'CiliumLoadBalancerIPPool', false);
  if (!meta) return null;
  const spec = ctx.map(root, 'spec') ?? undefined;
  if (spec) ctx.checkKnown(spec, ['blocks', 'cidrs', 'serviceSelector', 'disabled', 'allowFirstLastIPs'], 'spec', 'warning');
  const blocks: LBIPBlock[] = [];
  // `cidrs` is the deprecated name of `blocks` (same shape).
  for (const key of ['blocks', 'cidrs']) {
    ctx.seq(spec, key, `spec.${key}`).forEach((b, i) => {
      const blk = parseBlock(ctx, b, `spec.${key}[${i}]`);
      if (blk) blocks.push(blk);
    });
  }
  if (blocks.length === 0) ctx.warn('model.pool.noblocks', spec?.off ?? root.off, { name: meta.name });
  const aflNode = get(spec, 'allowFirstLastIPs');
  let allowFirstLastIPs = true;
  if (aflNode && aflNode.t === 'scalar' && aflNode.value !== null) {
    const v = String(aflNode.value);
    if (v === 'No' || v === 'false') allowFirstLastIPs = false;
    else if (v !== 'Yes' && v !== 'true') ctx.error('model.pool.allowFirstLast', aflNode.off, { value: v });
  }
  return {
    kind: 'CiliumLoadBalancerIPPool',
    apiVersion,
    meta,
    loc: ctx.loc(root.off),
    blocks,
    serviceSelector: ctx.selector(get(spec, 'serviceSelector'), 'spec.serviceSelector'),
    disabled: ctx.bool(spec, 'disabled', 'spec.disabled') ?? false,
    allowFirstLastIPs,
  };
}
