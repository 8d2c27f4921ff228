// pwru's view: one row per kernel function taking the skb (and, with
// --filter-trace-tc, per tc BPF program), in pwru's column layout
// (cilium/pwru internal/pwru/output.go PrintHeader / Print / getIfaceName /
// getExecName / getTuple; shared/domain/tool-formats.md §2).
import { t } from '../../i18n';
import type { ClusterState, HopSeen, PacketView, PathHop } from '../types';
import { nodeByName } from '../cluster/lookup';
import { findIf, findPod, hash32, HOST_NETNS, podNetns, REFS, USER_SPACE_STAGES } from './common';
import { arpPadded, frameLength } from './tcpdump';
import type { Segment } from './tcp';

export interface PwruFormat {
  traceTc: boolean;
  outputTuple: boolean;
}

export const PWRU_DEFAULT: PwruFormat = { traceTc: true, outputTuple: true };

/** Header row (PrintHeader): TUPLE and FUNC are not padded. */
export function pwruHeader(fmt: PwruFormat): string {
  let h = `${'SKB'.padEnd(18)} ${'CPU'.padEnd(3)} ${'PROCESS'.padEnd(16)} ${'NETNS'.padEnd(10)} ${'MARK/x'.padEnd(8)} ${center('IFACE', 16)} ${'PROTO'.padEnd(6)} ${'MTU'.padEnd(5)} ${'LEN'.padEnd(5)}`;
  if (fmt.traceTc) h += ` ${'__sk_buff->cb[]'.padEnd(56)}`;
  if (fmt.outputTuple) h += ' TUPLE';
  return `${h} FUNC`;
}

function center(s: string, width: number): string {
  if (s.length >= width) return s;
  const left = Math.floor((width - s.length) / 2);
  return ' '.repeat(left) + s + ' '.repeat(width - s.length - left);
}

/** getIfaceName: `name:ifindex`, more than 16 chars → last 16 with a leading `~`; unknown → the number. */
export function ifaceCell(name: string | null, ifindex: number): string {
  if (!name || ifindex === 0) return center(String(ifindex), 16);
  let s = `${name}:${ifindex}`;
  if (s.length > 16) s = '~' + s.slice(s.length - 15);
  return center(s, 16);
}

/** getExecName: keep the last 16 characters, the first replaced by `~`. */
export function processCell(exe: string | null, pid: number): string {
  if (!exe) return '<empty>:0';
  let s = `${exe}:${pid}`;
  if (s.length > 16) s = '~' + s.slice(s.length - 15);
  return s;
}

/** Functions that run before ip_output gives the skb a device and a protocol (locally generated). */
const PRE_DEV = new Set(['__tcp_transmit_skb', 'tcp_transmit_skb', '__ip_queue_xmit', 'ip_queue_xmit', '__ip_local_out', 'ip_local_out', 'tcp_v4_send_synack', 'ip_build_and_send_pkt', 'skb_clone', 'tcp_v4_send_reset', '__alloc_skb', 'kmalloc_reserve']);
/** Functions that see the frame with its Ethernet header (LEN includes 14 bytes). */
const L2_FUNC = /dev_queue_xmit|dev_hard_start_xmit|_xmit$|validate_xmit|sch_direct_xmit|netdev_core_pick_tx|packet_rcv|neigh_resolve_output|neigh_output|ip_finish_output2|veth_/;
const RX_ENTRY = new Set(['__netif_receive_skb_core', '__netif_receive_skb', 'netif_receive_skb', 'napi_gro_receive', 'eth_type_trans', 'netif_receive_skb_list_internal', '__netif_receive_skb_list_core', 'dev_gro_receive', 'e1000_clean_rx_irq']);

/** tc BPF program symbol as the kernel names it: bpf_prog_<tag>_<name truncated to 15> (BPF_OBJ_NAME_LEN). */
export function tcProgSymbol(seed: number, prog: string): string {
  const tag = (hash32(seed, 'tag', prog).toString(16).padStart(8, '0') + hash32(seed, 'tag2', prog).toString(16).padStart(8, '0')).slice(0, 16);
  return `bpf_prog_${tag}_${prog.slice(0, 15)}[bpf](tc)`;
}

export function skbAddress(seed: number, skb: number, host = ''): string {
  const low = (hash32(seed, 'skb', skb, host) & 0xffffff00) >>> 0;
  return `0xffff9a4c${low.toString(16).padStart(8, '0')}`;
}

export function tupleText(p: PacketView): string {
  if (p.proto === 'arp') return ':0->:0()'; // getTuple: addrToStr gives '' for non-IP L3 protocols
  const proto = p.proto === 'tcp' ? 'tcp' : p.proto === 'udp' ? 'udp' : p.proto === 'icmp' ? 'icmp' : '';
  return `${p.src}:${p.sport ?? 0}->${p.dst}:${p.dport ?? 0}(${proto})`;
}

/**
 * Per-host sk_buff bookkeeping: an skb lives on one host (the datapath's ids may repeat across the
 * wire), its first hop tells who made it, and the last device it was on names IFACE for hops
 * without a device of their own (netfilter, routing, sockets).
 */
export class SkbContext {
  private readonly first = new Map<string, PathHop>();
  private readonly dev = new Map<string, { name: string; ifindex: number }>();
  constructor(private readonly state: ClusterState) {}

  hostOf(hop: PathHop): string {
    const where = hop.node ?? hop.taps[0]?.host ?? '';
    if (nodeByName(this.state.nodes, where) !== undefined || this.state.clients.some((c) => c.name === where)) return where;
    return findPod(this.state, where)?.node ?? where;
  }
  key(hop: PathHop): string {
    return hop.skb === null ? `hop/${hop.index}` : `${this.hostOf(hop)}/${hop.skb}`;
  }
  observe(hop: PathHop): void {
    const k = this.key(hop);
    if (!this.first.has(k)) this.first.set(k, hop);
  }
  firstHop(hop: PathHop): PathHop {
    return this.first.get(this.key(hop)) ?? hop;
  }
  lastDev(hop: PathHop): { name: string; ifindex: number } | null {
    return this.dev.get(this.key(hop)) ?? null;
  }
  setDev(hop: PathHop, d: { name: string; ifindex: number }): void {
    this.dev.set(this.key(hop), d);
  }
}

/** The process an skb belongs to: <empty>:0 in softirq (received from a wire), else the sender's executable. */
function sender(state: ClusterState, hop: PathHop, firstHop: PathHop, trace: { connections: { client: { host: string }; server: { host: string }; label: string }[] }): { exe: string | null; pid: number } {
  if (firstHop.kfuncs.length > 0 && RX_ENTRY.has(firstHop.kfuncs[0])) return { exe: null, pid: 0 };
  // A SYN-ACK is sent by tcp_v4_rcv → tcp_v4_send_synack while the SYN is received, in softirq.
  if (firstHop.packet.tcpFlags === 'S.') return { exe: null, pid: 0 };
  const conn = trace.connections[hop.conn];
  if (!conn) return { exe: null, pid: 0 };
  const host = hop.direction === 'request' ? conn.client.host : conn.server.host;
  const pid = 1000 + (hash32(state.seed, 'pid', host, conn.label) % 60000);
  if (state.clients.some((c) => c.name === host)) return { exe: '/usr/bin/curl', pid };
  const pod = findPod(state, host);
  if (pod && !pod.hostNetwork) return { exe: `/usr/local/bin/${pod.containers[0]?.name ?? pod.name}`, pid };
  if (firstHop.stage.startsWith('envoy') || /envoy/i.test(conn.label)) return { exe: '/usr/bin/cilium-envoy', pid };
  return { exe: null, pid: 0 };
}

export interface PwruRow {
  host: string;
  skb: number;
  func: string;
  /** the row without the tuple padding; tuple and func are joined by the session */
  head: string;
  tuple: string;
  isTc: boolean;
}

/** The rows of one hop, in the order the skb reaches them (tc program after the hook's entry function). */
export function pwruRows(state: ClusterState, hop: PathHop, seg: Segment | null, skbs: SkbContext, trace: Parameters<typeof sender>[3], fmt: PwruFormat): PwruRow[] {
  const firstHopOfSkb = skbs.firstHop(hop);
  const funcs = [...hop.kfuncs];
  const entries: { func: string; tc: boolean }[] = funcs.map((f) => ({ func: f, tc: false }));
  if (hop.tcProgram && fmt.traceTc) {
    const anchor = ['tcf_classify', 'tcx_run', '__netif_receive_skb_core', '__dev_queue_xmit', 'dev_queue_xmit'].map((a) => funcs.lastIndexOf(a)).find((i) => i >= 0);
    const at = anchor === undefined ? 0 : anchor + 1;
    entries.splice(at, 0, { func: tcProgSymbol(state.seed, hop.tcProgram), tc: true });
  }
  const host = skbs.hostOf(hop);
  const skbId = hop.skb ?? hop.index + 100000;
  const addr = skbAddress(state.seed, skbId, host);
  const cpu = String(hash32(state.seed, 'cpu', hop.conn, hop.direction) % 2);
  const proc = sender(state, hop, firstHopOfSkb, trace);
  const process = processCell(proc.exe, proc.pid);
  const tap = hop.taps[0] ?? null;
  const pod = hop.where.startsWith('pod:') ? hop.where.slice(4) : tap?.netns === 'pod' ? tap.host : null;
  const netns = pod ? podNetns(state, pod) : HOST_NETNS;
  // The device the skb is on here: the tap's, or the interface the hop names.
  let devName: string | null = tap?.iface ?? null;
  let devIndex = tap?.ifindex ?? 0;
  if (!devName) {
    const nif = findIf(state, hop.node, hop.where);
    const last = skbs.lastDev(hop);
    if (nif) {
      devName = nif.name;
      devIndex = nif.ifindex;
    } else if (last) {
      devName = last.name;
      devIndex = last.ifindex;
    }
  }
  if (devName) skbs.setDev(hop, { name: devName, ifindex: devIndex });
  const nif = devName ? findIf(state, tap?.netns === 'pod' ? null : hop.node, devName) : null;
  const mtu = devName ? (nif?.kind === 'lo' ? 65536 : 1500) : 0;
  const p = hop.packet;
  const frame = frameLength(p, seg, tap, arpPadded(state, tap, p));
  const mark = p.mark ?? '0';
  const tuple = fmt.outputTuple ? tupleText(p) : '';
  // the cells that are the same on every row of this hop, formatted once
  const lead = `${addr.padEnd(18)} ${cpu.padEnd(3)} ${process.padEnd(16)} ${String(netns).padEnd(10)} ${mark.padEnd(8)} `;
  let devCell: string | null = null;
  let preDevCell: string | null = null;
  return entries.map((e) => {
    const preDev = PRE_DEV.has(e.func);
    // tc programs run with the MAC header pushed (cls_bpf_classify / tcx), so their LEN includes it.
    const len = e.tc ? frame : preDev || !L2_FUNC.test(e.func) ? frame - 14 : frame;
    const proto = preDev ? '0x0000' : p.proto === 'arp' ? '0x0806' : '0x0800';
    const iface = preDev ? (preDevCell ??= ifaceCell(null, 0)) : (devCell ??= ifaceCell(devName, devIndex));
    let head = `${lead}${iface} ${proto.padEnd(6)} ${String(preDev ? 0 : mtu).padEnd(5)} ${String(len).padEnd(5)}`;
    if (fmt.traceTc) head += CB_CELL;
    return { host, skb: skbId, func: e.func, head, tuple, isTc: e.tc };
  });
}

/** The `__sk_buff->cb[]` cell (five zero words), padded to its column: the same for every row. */
const CB_CELL = ` [${Array(5).fill('0x00000000').join(',')}]`.padEnd(57);

/** Joins rows into lines, padding TUPLE to the longest seen so far per host (pwru's global maxTupleLengthSeen). */
export class PwruSession {
  private readonly widest = new Map<string, number>();
  line(row: PwruRow, outputTuple: boolean): string {
    if (!outputTuple) return `${row.head} ${row.func}`;
    const w = Math.max(this.widest.get(row.host) ?? 0, row.tuple.length);
    this.widest.set(row.host, w);
    return `${row.head} ${row.tuple.padEnd(w)} ${row.func}`;
  }
}

export function pwruNotSeen(hop: PathHop): { reason: string; ref: HopSeen['pwru']['ref'] } {
  if (USER_SPACE_STAGES.has(hop.stage)) return { reason: t('observe.pwru.userspace'), ref: REFS.pwruFuncs };
  return { reason: t('observe.pwru.noSkbFunc'), ref: REFS.pwruFuncs };
}
