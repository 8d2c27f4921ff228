// Hubble's view: the hop's MonitorEvents after monitor aggregation
// (cilium/cilium bpf/lib/trace.h emit_trace_notify), printed as the compact
// `hubble observe` line (cilium/hubble pkg/printer/printer.go WriteProtoFlow,
// Hostname, fmtIdentity; shared/domain/tool-formats.md §3.1).
import { t } from '../../i18n';
import type { ClusterState, HopSeen, HubbleSight, MonitorEvent, PathHop } from '../types';
import type { MonitorAggregation } from '../../model/types';
import { podByIP, servicesWithIP } from '../cluster/lookup';
import { hopMicros, hubbleTime, REFS, USER_SPACE_STAGES } from './common';

/** The agent's levels (pkg/option/monitor.go): none=0, lowest=1, low=2, medium=3, maximum=4. */
export function aggregationLevel(a: MonitorAggregation): number {
  return a === 'none' ? 0 : a === 'low' ? 2 : a === 'medium' ? 3 : 4;
}
/** bpf/lib/trace.h: TRACE_AGGREGATE_RX = 1, TRACE_AGGREGATE_ACTIVE_CT = 3. */
const TRACE_AGGREGATE_RX = 1;
const TRACE_AGGREGATE_ACTIVE_CT = 3;

export type Suppressed = 'from' | 'ct' | null;

/** emit_trace_notify: only trace notifications are aggregated; drops, verdicts, L7 and socket traces never. */
export function suppressedBy(ev: MonitorEvent, level: number): Suppressed {
  if (ev.kind !== 'trace') return null;
  if (level >= TRACE_AGGREGATE_RX && ev.point.startsWith('from-')) return 'from';
  if (level >= TRACE_AGGREGATE_ACTIVE_CT && !ev.ctReport) return 'ct';
  return null;
}

const RESERVED: Record<number, string> = {
  0: 'unknown',
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
};

/** fmtIdentity: reserved identities by name, the rest `(ID:n)`. */
export function fmtIdentity(id: number): string {
  return RESERVED[id] !== undefined ? `(${RESERVED[id]})` : `(ID:${id})`;
}

/** Hostname: pod `ns/name:port`, else service frontend `ns/svc:port`, else the IP (with port when non-zero). */
export function hubbleName(state: ClusterState, ip: string, port: number | null, given: string | null, numeric = false): string {
  const withPort = (s: string) => (port ? `${s}:${port}` : s);
  if (numeric) return withPort(ip);
  const pod = podByIP(state.pods, ip);
  if (pod) return withPort(`${pod.namespace}/${pod.name}`);
  const svc = servicesWithIP(state.services, ip).find((s) => port === null || s.ports.some((sp) => sp.port === port));
  if (svc) return withPort(`${svc.namespace}/${svc.name}`);
  if (given && given.includes('/')) return withPort(given);
  return withPort(ip);
}

function verdictOf(ev: MonitorEvent): HubbleSight['verdict'] {
  if (ev.kind === 'policy-verdict') {
    if (ev.verdict === 'FORWARDED' || ev.verdict === 'ALLOWED') return 'ALLOWED';
    if (ev.verdict === 'DROPPED' || ev.verdict === 'DENIED') return 'DENIED';
    return ev.verdict;
  }
  return ev.verdict;
}

/** The compact line (printer.go WriteProtoFlow compact: `%s: %s %s %s %s %s %s %s (%s)`). */
export function hubbleLine(state: ClusterState, ev: MonitorEvent, us: number, opts: { numeric?: boolean; nodeName?: boolean; macs?: [string, string] | null } = {}): string {
  // Non-IP (Ethernet-only) flows such as ARP print the MAC addresses (printer.go GetHostNames).
  const srcName = opts.macs ? opts.macs[0] : hubbleName(state, ev.src.ip, ev.src.port, ev.src.name, opts.numeric);
  const dstName = opts.macs ? opts.macs[1] : hubbleName(state, ev.dst.ip, ev.dst.port, ev.dst.name, opts.numeric);
  let src = `${srcName} ${fmtIdentity(ev.src.identity)}`;
  let dst = `${dstName} ${fmtIdentity(ev.dst.identity)}`;
  let arrow = '->';
  if (ev.kind === 'drop' || ev.isReply === null) arrow = '<>';
  else if (ev.isReply) {
    // replies are flipped so the client stays on the left
    [src, dst] = [dst, src];
    arrow = '<-';
  }
  const node = opts.nodeName ? ` [${ev.node}]` : '';
  return `${hubbleTime(us)}${node}: ${src} ${arrow} ${dst} ${ev.point} ${verdictOf(ev)} (${ev.summary})`;
}

export function macsOf(hop: PathHop): [string, string] | null {
  const p = hop.packet;
  return p.proto === 'arp' ? [p.srcMac ?? '00:00:00:00:00:00', p.dstMac ?? 'ff:ff:ff:ff:ff:ff'] : null;
}

export function hubbleSightOf(state: ClusterState, ev: MonitorEvent, us: number, macs: [string, string] | null = null): HubbleSight {
  return {
    point: ev.point,
    verdict: verdictOf(ev),
    node: ev.node,
    srcIdentity: ev.src.identity,
    dstIdentity: ev.dst.identity,
    line: hubbleLine(state, ev, us, { macs }),
  };
}

/** Kept events of a hop with their timestamps (one millisecond-level step per event). */
export function keptEvents(state: ClusterState, hop: PathHop): { ev: MonitorEvent; us: number }[] {
  if (!state.config.hubbleEnabled) return [];
  const level = aggregationLevel(state.config.monitorAggregation);
  const kept: { ev: MonitorEvent; us: number }[] = [];
  for (let i = 0; i < hop.events.length; i++) {
    const ev = hop.events[i];
    if (suppressedBy(ev, level) === null) kept.push({ ev, us: hopMicros(state, hop.index, i) });
  }
  return kept;
}

export function hubbleSight(state: ClusterState, hop: PathHop): HopSeen['hubble'] {
  const r = hubbleSightInner(state, hop);
  // as { ...r, detail: r.detail ?? [] }: every branch below returns seen, reason, ref (, detail) in that order
  return { seen: r.seen, reason: r.reason, ref: r.ref, detail: r.detail ?? [] };
}

function hubbleSightInner(state: ClusterState, hop: PathHop): Omit<HopSeen['hubble'], 'detail'> & { detail?: HubbleSight[] } {
  if (!state.config.hubbleEnabled) return { seen: false, reason: t('observe.hubble.disabled'), ref: REFS.hubbleOff, detail: [] };
  const kept = keptEvents(state, hop);
  if (kept.length > 0) return { seen: true, reason: null, ref: null, detail: kept.map(({ ev, us }) => hubbleSightOf(state, ev, us, macsOf(hop))) };
  const agg = state.config.monitorAggregation;
  const level = aggregationLevel(agg);
  if (hop.node !== null && !state.nodes.some((n) => n.name === hop.node) && !hop.where.startsWith('pod:'))
    return { seen: false, reason: t('observe.hubble.notCilium', { host: hop.node }), ref: REFS.trace };
  if (hop.events.length > 0) {
    const why = hop.events.map((ev) => suppressedBy(ev, level));
    const points = hop.events.map((e) => e.point).join(', ');
    if (hop.packet.proto === 'arp') return { seen: false, reason: t('observe.hubble.arp', { level: agg }), ref: REFS.arp };
    if (why.includes('from')) return { seen: false, reason: t('observe.hubble.fromSuppressed', { level: agg, points }), ref: REFS.trace };
    return { seen: false, reason: t('observe.hubble.ctSuppressed', { level: agg, points }), ref: REFS.trace };
  }
  if (hop.packet.proto === 'arp') return { seen: false, reason: t('observe.hubble.arp', { level: agg }), ref: REFS.arp };
  if (USER_SPACE_STAGES.has(hop.stage)) return { seen: false, reason: t('observe.hubble.userspace'), ref: REFS.envoyAccessLog };
  if (hop.taps.length > 0 && hop.taps.every((tp) => tp.netns !== 'host')) return { seen: false, reason: t('observe.hubble.noBpf'), ref: REFS.trace };
  return { seen: false, reason: t('observe.hubble.noEvent'), ref: REFS.trace };
}
