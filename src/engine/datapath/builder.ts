// The walk's accumulator: hops, connections, skb ids, diagnostics, with a hard
// hop cap so no loop can hang the engine.
import { t, type Params } from '../../i18n';
import type { Diagnostic } from '../../model/types';
import type {
  Connection,
  HopAction,
  HopStage,
  MonitorEvent,
  PacketView,
  PathHop,
  TapPoint,
} from '../types';
import { REFS, type RefKey } from './refs';

export const HOP_CAP = 2000;

export interface HopInput {
  conn: number;
  direction: 'request' | 'reply';
  node: string | null;
  where: string;
  stage: HopStage;
  program?: string | null;
  packet: PacketView;
  after?: PacketView | null;
  action: HopAction;
  taps?: TapPoint[];
  kfuncs?: string[];
  tcProgram?: string | null;
  events?: MonitorEvent[];
  skb?: number | null;
  rewrites?: string[];
  id: string;
  params?: Params;
  refs?: RefKey[];
}

export interface PacketInit {
  proto?: PacketView['proto'];
  src: string;
  dst: string;
  sport?: number | null;
  dport?: number | null;
  flags?: string | null;
  srcMac?: string | null;
  dstMac?: string | null;
  l7?: string | null;
  tls?: { sni: string | null } | null;
  mark?: string | null;
}

export function pkt(p: PacketInit): PacketView {
  return {
    srcMac: p.srcMac ?? null,
    dstMac: p.dstMac ?? null,
    proto: p.proto ?? 'tcp',
    src: p.src,
    sport: p.sport ?? null,
    dst: p.dst,
    dport: p.dport ?? null,
    tcpFlags: (p.proto ?? 'tcp') === 'tcp' ? (p.flags ?? 'S') : null,
    arp: null,
    tls: p.tls ?? null,
    l7: p.l7 ?? null,
    mark: p.mark ?? null,
  };
}

export function withPkt(base: PacketView, patch: Partial<PacketView>): PacketView {
  // Field by field rather than `{ ...base, ...patch }`: the double spread was the walk's largest
  // single cost (V8's slow path for spread into a literal; see docs/performance.md). A field the
  // patch leaves undefined keeps the base's value; PacketView fields are never undefined.
  return {
    srcMac: patch.srcMac === undefined ? base.srcMac : patch.srcMac,
    dstMac: patch.dstMac === undefined ? base.dstMac : patch.dstMac,
    proto: patch.proto === undefined ? base.proto : patch.proto,
    src: patch.src === undefined ? base.src : patch.src,
    sport: patch.sport === undefined ? base.sport : patch.sport,
    dst: patch.dst === undefined ? base.dst : patch.dst,
    dport: patch.dport === undefined ? base.dport : patch.dport,
    tcpFlags: patch.tcpFlags === undefined ? base.tcpFlags : patch.tcpFlags,
    arp: patch.arp === undefined ? base.arp : patch.arp,
    tls: patch.tls === undefined ? base.tls : patch.tls,
    l7: patch.l7 === undefined ? base.l7 : patch.l7,
    mark: patch.mark === undefined ? base.mark : patch.mark,
  };
}

/** Ethernet + IPv4 + TCP (SYN with the usual Linux options: 74 bytes). */
export function frameLen(p: PacketView): number {
  if (p.proto === 'arp') return 42;
  if (p.proto === 'tcp') return p.tcpFlags === 'S' || p.tcpFlags === 'S.' ? 74 : 66;
  return 60;
}

export class Walk {
  readonly hops: PathHop[] = [];
  readonly connections: Connection[] = [];
  readonly diagnostics: Diagnostic[] = [];
  capped = false;
  private skbSeq = 0;

  constructor(readonly lang: string = 'en') {}

  newSkb(): number {
    this.skbSeq += 1;
    return this.skbSeq;
  }

  conn(kind: Connection['kind'], label: string, client: Connection['client'], server: Connection['server']): number {
    const id = this.connections.length;
    this.connections.push({ id, kind, label, client, server });
    return id;
  }

  tap(host: string, netns: TapPoint['netns'], iface: string, ifindex: number, dir: TapPoint['dir'], p: PacketView): TapPoint {
    return { host, netns, iface, ifindex, dir, frameLen: frameLen(p) };
  }

  hop(h: HopInput): PathHop | null {
    if (this.hops.length >= HOP_CAP) {
      this.capped = true;
      return null;
    }
    const hop: PathHop = {
      index: this.hops.length,
      conn: h.conn,
      direction: h.direction,
      node: h.node,
      where: h.where,
      stage: h.stage,
      program: h.program ?? h.tcProgram ?? null,
      packet: h.packet,
      after: h.after ?? null,
      action: h.action,
      taps: h.taps ?? [],
      kfuncs: h.kfuncs ?? [],
      tcProgram: h.tcProgram ?? null,
      events: h.events ?? [],
      skb: h.skb === undefined ? null : h.skb,
      rewrites: h.rewrites ?? [],
      explain: t(h.id, h.params ?? {}, this.lang),
      explainId: h.id,
      refs: (h.refs ?? []).map((k) => REFS[k]),
    };
    this.hops.push(hop);
    return hop;
  }

  diag(code: string, params: Params, severity: Diagnostic['severity'] = 'error', hintId?: string): void {
    this.diagnostics.push({
      severity,
      code,
      message: t(code, params, this.lang),
      hint: hintId ? t(hintId, params, this.lang) : undefined,
      file: 'request',
      doc: 0,
      line: 1,
      column: 1,
    });
  }
}
