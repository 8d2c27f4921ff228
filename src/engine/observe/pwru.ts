// pwru's view: one row per kernel function taking the skb (and, with
// --filter-trace-tc, per tc BPF program), in pwru's column layout
// (cilium/pwru internal/pwru/output.go PrintHeader / Print / getIfaceName /
// getExecName / getTuple; shared/domain/tool-formats.md §2).
import { boundedMemo } from '../../model/bounded-memo';
import { t } from '../../i18n';
import type { ClusterState, HopSeen, PacketView, PathHop } from '../types';
import { findIf, findPod, hash32, HOST_NETNS, nodeOfHost, podNetns, REFS, USER_SPACE_STAGES } from './common';
import { arpPadded, frameLength } from './tcpdump';
import type { Segment } from './tcp';
import { MODULE_OF, NO_KMODS, type KmodSelection, type ModuleFunc } from './kmods';

export interface PwruFormat {
  traceTc: boolean;
  outputTuple: boolean;
  /** the modules whose functions pwru probes (--kmods / --all-kmods); vmlinux's always */
  kmods: KmodSelection;
}

/**
 * The per-hop pwru view of annotate(): what the lens box's default command prints
 * (suggest.ts lensCommands: `pwru --filter-trace-tc 'host …'`), so tc programs and no module functions.
 */
export const PWRU_DEFAULT: PwruFormat = { traceTc: true, outputTuple: true, kmods: NO_KMODS };

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

/**
 * Functions that take a locally generated skb before its IP header exists (__ip_queue_xmit and
 * ip_build_and_send_pkt push and fill it): network_header does not point at an IP header yet, so
 * pwru's set_tuple finds no IP version (an empty tuple), its L3 pcap filter cannot match, skb->len is
 * the TCP segment only, and there is no device and no skb->protocol (cilium/pwru bpf/kprobe_pwru.c
 * set_tuple / filter_pcap_l3; torvalds/linux net/ipv4/ip_output.c __ip_queue_xmit).
 */
const PRE_IP = new Set(['__tcp_transmit_skb', 'tcp_transmit_skb', '__ip_queue_xmit', 'ip_queue_xmit', 'tcp_v4_send_synack', 'ip_build_and_send_pkt', 'tcp_make_synack', 'tcp_v4_send_reset', '__alloc_skb', 'kmalloc_reserve']);
/** Functions after which the IP header is built (they push and fill it). */
const BUILDS_IP = new Set(['__ip_queue_xmit', 'ip_queue_xmit', 'ip_build_and_send_pkt']);
/**
 * Functions that attach the route (dst) themselves: a socket's segment reaches __ip_queue_xmit without
 * one and leaves it with the socket's cached or a new route (skb_dst_set_noref; net/ipv4/ip_output.c
 * __ip_queue_xmit), so its row still reads MTU 0 and the next rows the route's.
 */
const ROUTES_ITSELF = new Set(['__ip_queue_xmit', 'ip_queue_xmit']);
/**
 * Functions entered with the route already attached to a new skb: tcp_make_synack calls
 * skb_dst_set(skb, dst) before tcp_v4_send_synack hands the SYN-ACK to ip_build_and_send_pkt
 * (net/ipv4/tcp_output.c tcp_make_synack, tcp_ipv4.c tcp_v4_send_synack), and __ip_make_skb sets the
 * corked route before ip_send_skb calls ip_local_out (net/ipv4/ip_output.c; the kernel's RST from
 * ip_send_unicast_reply). pwru's set_meta then reads the route's MTU (kprobe_pwru.c).
 */
const ROUTED_ON_ENTRY = new Set(['ip_build_and_send_pkt', 'ip_local_out']);
/** ip_local_out / __ip_local_out: the header exists, skb->protocol is set inside __ip_local_out. */
const LOCAL_OUT = new Set(['ip_local_out', '__ip_local_out']);
/**
 * Functions entered with the Ethernet header in skb->data (LEN includes 14 bytes): the transmit path
 * from __dev_queue_xmit on, and skb_do_redirect, which sch_handle_ingress / sch_handle_egress call
 * with the MAC header pushed back (net/core/dev.c). ip_finish_output2 and neigh_resolve_output push
 * the header themselves, so they are entered with the IP packet only.
 */
const L2_FUNC = /dev_queue_xmit|dev_hard_start_xmit|_xmit$|_xmit_frame$|validate_xmit|sch_direct_xmit|netdev_core_pick_tx|dev_queue_xmit_nit|^skb_do_redirect$/;
/** L2_FUNC's answer per function name (a few dozen kernel function names; asked for every row). */
const isL2Func = boundedMemo(512, (f: string): boolean => L2_FUNC.test(f));
/** The route lookups of the receive path: a dst is attached when they return. */
const RX_ROUTE = new Set(['ip_route_input_noref', 'ip_route_input_rcu', 'ip_route_input_slow']);
const RX_ENTRY = new Set(['__netif_receive_skb_core', '__netif_receive_skb', 'netif_receive_skb', 'napi_gro_receive', 'eth_type_trans', 'netif_receive_skb_list_internal', '__netif_receive_skb_list_core', 'dev_gro_receive', 'e1000_clean_rx_irq']);

/** tc BPF program symbol as the kernel names it: bpf_prog_<tag>_<name truncated to 15> (BPF_OBJ_NAME_LEN). */
export function tcProgSymbol(seed: number, prog: string): string {
  return tcSymbols(`${seed}|${prog}`);
}
/** tcProgSymbol is a pure function of (seed, program) and a trace asks for the same few many times. */
const tcSymbols = boundedMemo(256, (key: string): string => {
  const bar = key.indexOf('|');
  return tcProgSymbolOf(Number(key.slice(0, bar)), key.slice(bar + 1));
});

function tcProgSymbolOf(seed: number, prog: string): string {
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

/** The device an skb is on: what pwru's NETNS, IFACE and MTU columns read through skb->dev. */
export interface SkbDev {
  name: string;
  ifindex: number;
  netns: number;
  mtu: number;
}

/** What the kernel has done to an skb so far (carried from hop to hop on one host). */
interface SkbState {
  dev: SkbDev | null;
  /** the attached route's MTU (pwru set_meta reads the dst's before the device's), null without a dst */
  dstMtu: number | null;
  /** the IP header exists (false for a locally generated skb before __ip_queue_xmit) */
  ipHdr: boolean;
  /** skb->protocol is set */
  proto: boolean;
  /** ip_local_deliver_finish pulled the IP header: skb->len is the transport segment */
  l4: boolean;
  /** skb_scrub_packet cleared skb->mark (a veth crossing into another netns) */
  scrubbed: boolean;
}

/**
 * Per-host sk_buff bookkeeping: an skb lives on one host (the datapath's ids may repeat across the
 * wire), its first hop tells who made it, and what the kernel did to it so far (device, route, headers)
 * names the NETNS, IFACE, PROTO and MTU cells of hops without a device of their own (netfilter,
 * routing, sockets). Given the trace's hops, it also knows the next device an skb reaches, which
 * ip_output (skb->dev = the route's device) and veth_xmit (skb->dev = the peer) switch to.
 */
export class SkbContext {
  private readonly first = new Map<string, PathHop>();
  private readonly states = new Map<string, SkbState>();
  private byKey: Map<string, PathHop[]> | null = null;
  constructor(
    private readonly state: ClusterState,
    private readonly hops: readonly PathHop[] = [],
  ) {}

  hostOf(hop: PathHop): string {
    return nodeOfHost(this.state, hop.node ?? hop.taps[0]?.host ?? '');
  }
  key(hop: PathHop): string {
    // asked several times per hop (first hop, state, next device): computed once per hop
    let k = this.keys.get(hop);
    if (k === undefined) {
      k = hop.skb === null ? `hop/${hop.index}` : `${this.hostOf(hop)}/${hop.skb}`;
      this.keys.set(hop, k);
    }
    return k;
  }
  private readonly keys = new Map<PathHop, string>();
  /** The SKB column of a hop's skb (one address per sk_buff per host, from the seed). */
  address(hop: PathHop, skbId: number, host: string): string {
    const k = this.key(hop);
    let a = this.addresses.get(k);
    if (a === undefined) {
      a = skbAddress(this.state.seed, skbId, host);
      this.addresses.set(k, a);
    }
    return a;
  }
  private readonly addresses = new Map<string, string>();
  observe(hop: PathHop): void {
    const k = this.key(hop);
    if (!this.first.has(k)) this.first.set(k, hop);
  }
  firstHop(hop: PathHop): PathHop {
    return this.first.get(this.key(hop)) ?? hop;
  }
  /** The skb's state, created on its first hop: a locally generated skb starts without device, header or protocol. */
  skbState(hop: PathHop): SkbState {
    const k = this.key(hop);
    let st = this.states.get(k);
    if (!st) {
      const local = PRE_IP.has(hop.kfuncs[0] ?? '') || LOCAL_OUT.has(hop.kfuncs[0] ?? '');
      st = { dev: null, dstMtu: null, ipHdr: !PRE_IP.has(hop.kfuncs[0] ?? ''), proto: !local, l4: false, scrubbed: false };
      this.states.set(k, st);
    }
    return st;
  }
  /** The device of the first later hop of the same skb that has one (the route's device, the veth peer). */
  nextDev(hop: PathHop): SkbDev | null {
    if (!this.byKey) {
      this.byKey = new Map();
      for (const h of [...this.hops].sort((a, b) => a.index - b.index)) {
        const k = this.key(h);
        const list = this.byKey.get(k);
        if (list) list.push(h);
        else this.byKey.set(k, [h]);
      }
    }
    // a hop with a capture point is on its device for sure; a hop without one only names where it happens
    const later = (this.byKey.get(this.key(hop)) ?? []).filter((h) => h.index > hop.index);
    for (const h of later) if (h.taps.length > 0) return hopDev(this.state, h);
    for (const h of later) {
      const d = hopDev(this.state, h);
      if (d) return d;
    }
    return null;
  }
}

/** The netns a hop runs in: a pod's (inside it, or its eth0's tap), else the host's. */
function hopNetns(state: ClusterState, hop: PathHop): number {
  const tap = hop.taps[0];
  const pod = hop.where.startsWith('pod:') ? hop.where.slice(4) : tap?.netns === 'pod' ? tap.host : null;
  return pod ? podNetns(state, pod) : HOST_NETNS;
}

/** The device a hop itself names: its tap's, or the interface of the node it names; null for netfilter, routing, sockets. */
function hopDev(state: ClusterState, hop: PathHop): SkbDev | null {
  const tap = hop.taps[0];
  if (tap) {
    const nif = tap.netns === 'pod' ? null : findIf(state, hop.node ?? tap.host, tap.iface);
    return { name: tap.iface, ifindex: tap.ifindex, netns: hopNetns(state, hop), mtu: nif?.kind === 'lo' ? 65536 : 1500 };
  }
  const nif = findIf(state, hop.node, hop.where);
  return nif ? { name: nif.name, ifindex: nif.ifindex, netns: HOST_NETNS, mtu: nif.kind === 'lo' ? 65536 : 1500 } : null;
}

type TraceConns = { connections: { client: { host: string }; server: { host: string }; label: string }[] };

/** A process that owns a socket of the trace: its executable, pid, the host it runs on and its netns inode. */
export interface PwruProcess {
  exe: string;
  pid: number;
  /** node or client name */
  host: string;
  netns: number;
}

const pidOf = (state: ClusterState, end: string): number => 1000 + (hash32(state.seed, 'pid', end) % 60000);

/** The process behind one end of a connection (`end` is conn.client.host or conn.server.host), or null (none we model). */
function processOf(state: ClusterState, end: string, label: string): PwruProcess | null {
  // one process per end (one cilium-envoy per node, one curl, the pod's app): its pid does not depend on the connection
  const pid = pidOf(state, end);
  if (state.clients.some((c) => c.name === end)) return { exe: '/usr/bin/curl', pid, host: end, netns: HOST_NETNS };
  const pod = findPod(state, end);
  if (pod && !pod.hostNetwork) return { exe: `/usr/local/bin/${pod.containers[0]?.name ?? pod.name}`, pid, host: pod.node ?? '', netns: podNetns(state, `${pod.namespace}/${pod.name}`) };
  const envoyAt = /^envoy@(.+)$/.exec(end);
  if (envoyAt || /envoy/i.test(label)) {
    // the node's one cilium-envoy, whether the connection names it envoy@node or the node
    const node = envoyAt?.[1] ?? pod?.node ?? end;
    return { exe: '/usr/bin/cilium-envoy', pid: pidOf(state, `envoy@${node}`), host: node, netns: HOST_NETNS };
  }
  return null;
}

/** The process an skb belongs to: <empty>:0 in softirq (received from a wire), else the sender's executable. */
function sender(state: ClusterState, hop: PathHop, firstHop: PathHop, trace: TraceConns): { exe: string | null; pid: number } {
  if (firstHop.kfuncs.length > 0 && RX_ENTRY.has(firstHop.kfuncs[0])) return { exe: null, pid: 0 };
  // A SYN-ACK is sent by tcp_v4_rcv → tcp_v4_send_synack while the SYN is received, in softirq.
  if (firstHop.packet.tcpFlags === 'S.') return { exe: null, pid: 0 };
  const conn = trace.connections[hop.conn];
  if (!conn) return { exe: null, pid: 0 };
  const end = hop.direction === 'request' ? conn.client.host : conn.server.host;
  const proc = processOf(state, end, conn.label);
  if (proc) return { exe: proc.exe, pid: proc.pid };
  if (firstHop.stage.startsWith('envoy')) return { exe: '/usr/bin/cilium-envoy', pid: pidOf(state, `envoy@${hop.node ?? end}`) };
  return { exe: null, pid: 0 };
}

/**
 * The processes of the trace that run on `host` (the ones whose pid pwru's PROCESS column can show),
 * for `--filter-netns /proc/<pid>/ns/net`. Sorted by pid, each once.
 */
export function processesOn(state: ClusterState, trace: TraceConns, host: string): PwruProcess[] {
  const out = new Map<number, PwruProcess>();
  for (const c of trace.connections) {
    for (const end of [c.client.host, c.server.host]) {
      const p = processOf(state, end, c.label);
      if (p && p.host === host && !out.has(p.pid)) out.set(p.pid, p);
    }
  }
  return [...out.values()].sort((a, b) => a.pid - b.pid);
}

/** skb->mark from the packet view's hex text (0 when unset or unreadable). */
export function markValue(p: PacketView): number {
  const v = p.mark ? parseInt(p.mark, 16) : 0;
  return Number.isFinite(v) ? v >>> 0 : 0;
}

export interface PwruRow {
  host: string;
  skb: number;
  /** the kernel function (the tc program's symbol for a tc row) */
  func: string;
  /** what the FUNC column prints: `func`, or `func[module]` for a module's function (kmods.ts) */
  symbol: string;
  /** the module the function is built in, null for vmlinux and tc programs: pwru prints the row only if it probes that module */
  module: ModuleFunc | null;
  /** the row without the tuple padding; tuple and symbol are joined by the session */
  head: string;
  tuple: string;
  isTc: boolean;
  /** the NETNS cell's value: skb->dev's netns, else the socket's (kprobe_pwru.c get_netns) */
  netns: number;
  /** the MARK/x cell's value (skb->mark) */
  mark: number;
  /** skb->dev->ifindex: 0 while the skb has no device (the IFACE cell prints 0) */
  ifindex: number;
  /** skb->dev's name, null while it has none */
  dev: string | null;
  /** the packet as pwru's L3 pcap filter reads it here; null before the IP header exists */
  packet: PacketView | null;
}

/**
 * The rows of one hop, in the order the skb reaches them (tc program after the hook's entry function).
 * Each row shows the skb as pwru's kprobe reads it when the function is entered (bpf/kprobe_pwru.c
 * set_meta, set_tuple): a function's own changes (ip_output setting skb->dev, a route lookup
 * attaching a dst, the tc program's rewrites) show from the next row on. Rows of module functions
 * (veth_xmit, ...) are returned too, with their `module`: the caller drops those of modules its pwru
 * command does not probe (kmods.ts); what the function does to the skb counts either way.
 */
export function pwruRows(state: ClusterState, hop: PathHop, seg: Segment | null, skbs: SkbContext, trace: TraceConns, fmt: PwruFormat): PwruRow[] {
  const firstHopOfSkb = skbs.firstHop(hop);
  const funcs = hop.kfuncs;
  const entries: { func: string; tc: boolean }[] = funcs.map((f) => ({ func: f, tc: false }));
  // where the tc program runs: right after the hook's entry function
  let tcAt = -1;
  if (hop.tcProgram) {
    let anchor = -1;
    for (const a of TC_ANCHORS) {
      anchor = funcs.lastIndexOf(a);
      if (anchor >= 0) break;
    }
    tcAt = anchor + 1;
    if (fmt.traceTc) entries.splice(tcAt, 0, { func: tcProgSymbol(state.seed, hop.tcProgram), tc: true });
  }
  const host = skbs.hostOf(hop);
  const skbId = hop.skb ?? hop.index + 100000;
  const addr = skbs.address(hop, skbId, host);
  // one skb is handled on one CPU per host: a redirect, a veth crossing or the SYN-ACK sent while the SYN is received stay on it
  const cpu = String(hash32(state.seed, 'cpu', host, hop.conn) % 2);
  const proc = sender(state, hop, firstHopOfSkb, trace);
  const lead = `${addr.padEnd(18)} ${cpu.padEnd(3)} ${processCell(proc.exe, proc.pid).padEnd(16)} `;
  const st = skbs.skbState(hop);
  const own = hopDev(state, hop);
  // a locally generated skb has no device until ip_output; otherwise the device its tap is on, else the one it is
  // still on (a hop without a tap, e.g. the redirect decision "at" an lxc, leaves skb->dev alone), else the one it names
  if (own && st.proto && (hop.taps.length > 0 || st.dev === null)) st.dev = own;
  const sockNetns = hopNetns(state, hop);
  const p = hop.packet;
  const frame = frameLength(p, seg, hop.taps[0] ?? null, arpPadded(state, hop.taps[0] ?? null, p));
  // a redirect hop without its own tc program follows the BPF program that rewrote the packet: it sees the result
  let pkt = !hop.tcProgram && hop.after && funcs[0] === 'skb_do_redirect' ? hop.after : p;
  let inXmit = false;
  const rows: PwruRow[] = [];
  let head: string | null = null;
  const cells = { nsMark: '', iface: '' };
  const prev = { netns: 0, mark: 0, dev: null as string | null, ifindex: 0, proto: '', mtu: 0, len: 0 };
  let tuplePkt: PacketView | null = null;
  let tupleOfPkt = '';
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const f = e.func;
    // any function past the local-out path runs after __ip_queue_xmit built the header and __ip_local_out set the protocol
    if (!e.tc && !PRE_IP.has(f) && !LOCAL_OUT.has(f) && (!st.ipHdr || !st.proto)) {
      if (!st.ipHdr) st.dstMtu ??= (skbs.nextDev(hop) ?? own)?.mtu ?? 1500;
      st.ipHdr = true;
      st.proto = true;
    }
    if (f === '__dev_queue_xmit' || f === 'dev_queue_xmit') inXmit = true;
    else if (f === '__netif_receive_skb_core' || f === 'netif_rx' || f === '__netif_rx') inXmit = false;
    // a new skb handed over with its route: set_meta reads the route's MTU on entry
    if (st.dstMtu === null && !e.tc && ROUTED_ON_ENTRY.has(f)) st.dstMtu = (skbs.nextDev(hop) ?? own)?.mtu ?? 1500;
    const noIp = !st.ipHdr;
    const dev = st.dev;
    const netns = dev ? dev.netns : sockNetns;
    const mtu = st.dstMtu ?? (dev ? dev.mtu : 0);
    const proto = !st.proto ? '0x0000' : pkt.proto === 'arp' ? '0x0806' : '0x0800';
    // skb->len: the TCP segment before the IP header exists and after ip_local_deliver_finish pulled it,
    // the frame where the MAC header is in skb->data (transmit path, tc programs, redirects), else the IP packet
    const l2 = e.tc || isL2Func(f) || (f === 'tcf_classify' && inXmit);
    const len = noIp || st.l4 ? frame - 34 : l2 ? frame : frame - 14;
    const markNum = st.scrubbed ? 0 : markValue(pkt);
    const devName = dev?.name ?? null;
    const ifindex = dev?.ifindex ?? 0;
    // consecutive rows of a hop mostly print the same cells: format them only when one changed
    // (and each cell only when it changed: the netns inode is not a small integer, so printing it is slow)
    if (head === null || netns !== prev.netns || markNum !== prev.mark || devName !== prev.dev || ifindex !== prev.ifindex || proto !== prev.proto || mtu !== prev.mtu || len !== prev.len) {
      if (head === null || netns !== prev.netns || markNum !== prev.mark) cells.nsMark = `${netnsCell(netns)} ${markNum.toString(16).padEnd(8)} `;
      if (head === null || devName !== prev.dev || ifindex !== prev.ifindex) cells.iface = ifaceCell(devName, ifindex);
      head = `${lead}${cells.nsMark}${cells.iface} ${proto.padEnd(6)} ${String(mtu).padEnd(5)} ${String(len).padEnd(5)}`;
      if (fmt.traceTc) head += CB_CELL;
      prev.netns = netns;
      prev.mark = markNum;
      prev.dev = devName;
      prev.ifindex = ifindex;
      prev.proto = proto;
      prev.mtu = mtu;
      prev.len = len;
    }
    let tuple = '';
    if (fmt.outputTuple) {
      if (noIp) tuple = ':0->:0()';
      else {
        if (pkt !== tuplePkt) {
          tuplePkt = pkt;
          tupleOfPkt = tupleText(pkt);
        }
        tuple = tupleOfPkt;
      }
    }
    const km = e.tc ? null : (MODULE_OF.get(f) ?? null);
    rows.push({ host, skb: skbId, func: f, symbol: km ? km.symbol : f, module: km, head, tuple, isTc: e.tc, netns, mark: markNum, ifindex, dev: devName, packet: noIp ? null : pkt });
    // what the function does to the skb, seen from the next row on
    if (BUILDS_IP.has(f)) {
      st.ipHdr = true;
      if (ROUTES_ITSELF.has(f)) st.dstMtu = (skbs.nextDev(hop) ?? own)?.mtu ?? 1500;
    } else if (f === '__ip_local_out') st.proto = true;
    if (f === 'ip_output' && !dev) st.dev = own ?? skbs.nextDev(hop);
    // skb_do_redirect: skb->dev becomes the target (bpf_redirect, _neigh, or the peer inside a pod)
    else if (f === 'skb_do_redirect') st.dev = skbs.nextDev(hop) ?? dev;
    else if (f === 'veth_xmit' || f === 'veth_xmit_frame') {
      // __dev_forward_skb: skb->dev becomes the peer (in the peer's netns) and skb_scrub_packet drops the
      // dst, and, when the peer is in another netns (xnet), the mark too (net/core/skbuff.c skb_scrub_packet)
      const peer = skbs.nextDev(hop);
      if (peer && dev && peer.netns !== dev.netns) st.scrubbed = true;
      st.dev = peer ?? dev;
      st.dstMtu = null;
    } else if (RX_ROUTE.has(f)) {
      // a local route's dst is its nexthop device: Cilium's to-proxy table 2004 `local default dev lo`
      st.dstMtu = /\b2004\b/.test(hop.program ?? '') ? 65536 : (dev?.mtu ?? 1500);
    } else if (f === 'ip_local_deliver_finish') st.l4 = true;
    // rows after the tc program see its rewrites
    if ((e.tc || (!fmt.traceTc && i === tcAt - 1)) && hop.after) pkt = hop.after;
  }
  return rows;
}

/**
 * The NETNS cell, padded. Netns inodes (4026531840 and up) are not small integers, so V8 prints
 * them through its slow number-to-string path: remember the few a lab has (bounded).
 */
const netnsCell = boundedMemo(1024, (netns: number): string => String(netns).padEnd(10));

/** Where a tc program runs: right after the last of these (the first one found, in this order), else first. */
const TC_ANCHORS = ['tcf_classify', 'tcx_run', '__netif_receive_skb_core', '__netif_receive_skb_one_core', 'napi_gro_receive', '__dev_queue_xmit', 'dev_queue_xmit'];

/** The `__sk_buff->cb[]` cell (five zero words), padded to its column: the same for every row. */
const CB_CELL = ` [${Array(5).fill('0x00000000').join(',')}]`.padEnd(57);

/** Joins rows into lines, padding TUPLE to the longest seen so far per host (pwru's global maxTupleLengthSeen). */
export class PwruSession {
  private readonly widest = new Map<string, number>();
  line(row: PwruRow, outputTuple: boolean): string {
    if (!outputTuple) return `${row.head} ${row.symbol}`;
    const had = this.widest.get(row.host) ?? 0;
    const w = row.tuple.length > had ? row.tuple.length : had;
    if (w !== had) this.widest.set(row.host, w);
    return `${row.head} ${row.tuple.padEnd(w)} ${row.symbol}`;
  }
}

export function pwruNotSeen(hop: PathHop): { reason: string; ref: HopSeen['pwru']['ref'] } {
  if (USER_SPACE_STAGES.has(hop.stage)) return { reason: t('observe.pwru.userspace'), ref: REFS.pwruFuncs };
  return { reason: t('observe.pwru.noSkbFunc'), ref: REFS.pwruFuncs };
}

/** Why a hop prints no row when every function it runs is in a module the command does not probe (kmods.ts). */
export function pwruKmodsReason(hop: PathHop, modules: readonly string[]): { reason: string; ref: HopSeen['pwru']['ref'] } {
  const funcs = hop.kfuncs.filter((f) => modules.includes(MODULE_OF.get(f)?.module ?? ''));
  return { reason: t('observe.pwru.kmods', { funcs: [...new Set(funcs)].join(', '), modules: modules.join(',') }), ref: REFS.pwruKmods };
}
