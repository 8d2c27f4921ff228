// tcpdump's view: one line per AF_PACKET tap a hop passes, in tcpdump 4.99's
// exact layout (the-tcpdump-group/tcpdump print-tcp.c tcp_print, print-arp.c
// arp_print, print-ether.c, print-sll.c sll2_if_print, util-print.c ts_print;
// field by field in shared/domain/tool-formats.md §1).
import { t } from '../../i18n';
import type { ClusterState, HopSeen, PacketView, PathHop, TapPoint, TcpdumpSight } from '../types';
import { hopMicros, REFS, tcpdumpTime, USER_SPACE_STAGES } from './common';
import type { Segment, TcpModel } from './tcp';

export interface TcpdumpFormat {
  /** -e: link-level header */
  ether: boolean;
  /** -v: IP header on its own line */
  verbose: boolean;
  /** -i any: LINUX_SLL2 interface + direction columns */
  any: boolean;
}

export const PLAIN: TcpdumpFormat = { ether: false, verbose: false, any: false };

/** The packet as the tap sees it: RX taps run before tc ingress, TX taps after tc egress (net/core/dev.c). */
export function packetAtTap(hop: PathHop, tap: TapPoint): PacketView {
  return tap.dir === 'Out' && hop.after ? hop.after : hop.packet;
}

function tcpLength(p: PacketView, seg: Segment | null): number {
  if (p.proto === 'arp') return 28;
  const ipHdr = 20;
  if (p.proto === 'tcp') {
    const opt = seg?.options ? (seg.options.startsWith('mss') ? 20 : 12) : 0;
    return ipHdr + 20 + opt + (seg?.len ?? 0);
  }
  if (p.proto === 'icmp') return ipHdr + 8 + 56;
  return ipHdr + 8;
}

/**
 * ARP frames are padded to the Ethernet minimum of 60 bytes by the sending NIC, so every ARP frame
 * received from a wire is 60 long (tcpdump `length 46`); a frame the local stack sends is captured
 * before padding (42, `length 28`). Cilium's L2-announcement reply is the padded request rewritten
 * in place (bpf/lib/arp.h arp_respond), so it stays 60 (tool-formats.md §1.4).
 */
export function arpPadded(state: ClusterState, tap: TapPoint | null, p: PacketView): boolean {
  if (p.proto !== 'arp' || !tap) return false;
  const wireIf = tap.netns !== 'pod' && !tap.iface.startsWith('lxc') && !tap.iface.startsWith('cilium_');
  if (tap.dir === 'In') return wireIf;
  const ip = p.arp?.op === 'reply' ? p.arp.senderIP : null;
  return wireIf && ip !== null && tap.netns === 'host' && (state.l2.some((l) => l.ip === ip) || state.services.some((sv) => sv.externalIP === ip || sv.externalIPs.includes(ip)));
}

/** Frame length at a tap: from the datapath when it knows, else computed (Ethernet + IP). */
export function frameLength(p: PacketView, seg: Segment | null, tap: TapPoint | null, padded = false): number {
  const given = tap?.frameLen ?? (p.proto === 'arp' ? 42 : 14 + tcpLength(p, seg));
  return padded ? Math.max(60, given) : given;
}

function arpLine(p: PacketView, frameLen: number): string {
  const a = p.arp;
  // print-arp.c: length = ARP payload = frame - 14 (46 when the frame was padded to 60 on the wire)
  const len = Math.max(28, frameLen - 14);
  if (!a) return `Unknown ARP, length ${len}`;
  if (a.op === 'request') {
    const tmac = a.targetMac && a.targetMac !== '00:00:00:00:00:00' && a.targetMac !== 'ff:ff:ff:ff:ff:ff' ? ` (${a.targetMac})` : '';
    return `Request who-has ${a.targetIP}${tmac} tell ${a.senderIP}, length ${len}`;
  }
  return `Reply ${a.senderIP} is-at ${a.senderMac}, length ${len}`;
}

/**
 * The TCP part of a line (print-tcp.c tcp_print). With -v, `cksum` follows the flags: `(correct)`, or
 * `(incorrect -> 0x....)` for a segment sent from this host, whose checksum the NIC (or the veth,
 * which passes CHECKSUM_PARTIAL on) fills in after the capture point; and the HTTP decoder prints the
 * message's length and then every text line on its own tab-indented line (util-print.c txtproto_print).
 */
function tcpBody(p: PacketView, seg: Segment, verbose: TcpVerbose | null = null): string {
  let line = `Flags [${seg.flags === '' ? 'none' : seg.flags}]`;
  if (verbose) line += `, cksum 0x${verbose.cksum.toString(16).padStart(4, '0')} ${verbose.offloaded ? `(incorrect -> 0x${verbose.should.toString(16).padStart(4, '0')})` : '(correct)'}`;
  const showSeq = seg.len > 0 || /[SFR]/.test(seg.flags);
  if (showSeq) line += seg.len > 0 ? `, seq ${seg.seq}:${seg.seq + seg.len}` : `, seq ${seg.seq}`;
  if (seg.ack !== null) line += `, ack ${seg.ack}`;
  line += `, win ${seg.win}`;
  if (seg.options) line += `, options [${seg.options}]`;
  line += `, length ${seg.len}`;
  // print-tcp.c: HTTP only on HTTP_PORT (80) / HTTP_PORT_ALT (8080); TLS bytes stay opaque.
  const httpPort = [80, 8080].includes(p.sport ?? -1) || [80, 8080].includes(p.dport ?? -1);
  if (seg.http && seg.len > 0 && httpPort && !p.tls) {
    if (verbose) line += `: HTTP, length: ${seg.len}` + (seg.httpLines ?? [seg.http]).map((l) => `\n\t${l}`).join('');
    else line += `: HTTP: ${seg.http}`;
  }
  return line;
}

/** -v's fields of one TCP segment at one tap: the checksum (and whether it was still left to the NIC), the IP id and TTL. */
export interface TcpVerbose {
  cksum: number;
  should: number;
  offloaded: boolean;
  ipId: number;
  ttl: number;
}

function l3Line(p: PacketView, seg: Segment | null, verbose: TcpVerbose | null = null): string {
  if (p.proto === 'tcp' && seg) return `${p.src}.${p.sport} > ${p.dst}.${p.dport}: ${tcpBody(p, seg, verbose)}`;
  if (p.proto === 'udp') return `${p.src}.${p.sport} > ${p.dst}.${p.dport}: UDP, length 0`;
  if (p.proto === 'icmp') return `${p.src} > ${p.dst}: ICMP echo request, length 64`;
  return `${p.src} > ${p.dst}: ip-proto`;
}

/** One tcpdump line (without the trailing newline). */
export function tcpdumpLine(us: number, tap: TapPoint, p: PacketView, seg: Segment | null, fmt: TcpdumpFormat, hop: PathHop | null = null, padded = false, verbose: TcpVerbose | null = null): string {
  const ts = tcpdumpTime(us);
  const frame = frameLength(p, seg, tap, padded);
  const isArp = p.proto === 'arp';
  const payload = isArp ? arpLine(p, frame) : l3Line(p, seg, fmt.verbose ? verbose : null);
  let prefix = `${ts} `;
  if (fmt.any) {
    // print-sll.c sll2_if_print: "%-5s " ifname, then "%-3s " direction
    const broadcast = isArp && (p.dstMac === 'ff:ff:ff:ff:ff:ff' || (p.arp?.op === 'request' && p.dstMac === null));
    const dir = tap.dir === 'Out' ? 'Out' : broadcast ? 'B' : 'In';
    prefix += `${tap.iface.padEnd(5)} ${dir.padEnd(3)} `;
    if (fmt.ether) {
      const mac = (tap.dir === 'Out' ? p.srcMac : p.srcMac) ?? '00:00:00:00:00:00';
      const type = isArp ? 'ARP (0x0806)' : 'IPv4 (0x0800)';
      return `${prefix}ifindex ${tap.ifindex} ${mac} ethertype ${type}, length ${frame + 6}: ${payload}`;
    }
  } else if (fmt.ether) {
    const src = p.srcMac ?? '00:00:00:00:00:00';
    const dst = p.dstMac ?? (isArp ? 'ff:ff:ff:ff:ff:ff' : '00:00:00:00:00:00');
    const type = isArp ? 'ARP (0x0806)' : 'IPv4 (0x0800)';
    return `${prefix}${src} > ${dst}, ethertype ${type}, length ${frame}: ${payload}`;
  }
  if (isArp) return `${prefix}ARP, ${fmt.verbose ? 'Ethernet (len 6), IPv4 (len 4), ' : ''}${payload}`;
  if (fmt.verbose) {
    const id = verbose ? verbose.ipId : hop ? (hop.index * 7919 + 40321) % 65536 : 0;
    const ttl = verbose ? verbose.ttl : hop && hop.rewrites.includes('L2-REWRITE') ? 63 : 64;
    const head = `(tos 0x0, ttl ${ttl}, id ${id}, offset 0, flags [DF], proto TCP (6), length ${tcpLength(p, seg)})`;
    return `${prefix}IP ${head}\n    ${payload}`;
  }
  return `${prefix}IP ${payload}`;
}

/** Why tcpdump does not see this hop, in a learner's words. */
function notSeen(hop: PathHop): { reason: string; ref: HopSeen['tcpdump']['ref'] } {
  if (hop.action === 'drop' && hop.stage === 'tc-egress') return { reason: t('observe.tcpdump.egressDrop'), ref: REFS.egress };
  if (hop.where.startsWith('lxc') && hop.direction === 'request') return { reason: t('observe.tcpdump.peer', { iface: hop.where }), ref: REFS.peer };
  if (USER_SPACE_STAGES.has(hop.stage) || hop.stage === 'socket' || hop.stage === 'tproxy' || hop.stage === 'socket-lb')
    return { reason: t('observe.tcpdump.userspace'), ref: REFS.rxTap };
  if (hop.stage === 'kernel-routing') return { reason: t('observe.tcpdump.routing'), ref: REFS.rxTap };
  if (hop.stage === 'wire') return { reason: t('observe.tcpdump.wire'), ref: REFS.rxTap };
  return { reason: t('observe.tcpdump.insideBpf'), ref: REFS.rxTap };
}

/** `waitUs`: what the kernel's timers added before this hop (exchange.ts waitsBefore). */
export function tcpdumpSight(state: ClusterState, hop: PathHop, tcp: TcpModel, waitUs = 0): HopSeen['tcpdump'] {
  if (hop.taps.length === 0) {
    const { reason, ref } = notSeen(hop);
    return { seen: false, reason, ref, detail: [] };
  }
  const detail: TcpdumpSight[] = hop.taps.map((tap, i) => {
    const p = packetAtTap(hop, tap);
    const seg = tcp.segment(hop, p);
    return { host: tap.host, iface: tap.iface, dir: tap.dir, line: tcpdumpLine(waitUs + hopMicros(state, hop.index, i), tap, p, seg, PLAIN, hop, arpPadded(state, tap, p)) };
  });
  return { seen: true, reason: null, ref: tap0Ref(hop.taps[0]), detail };
}

function tap0Ref(tap: TapPoint) {
  return tap.dir === 'In' ? REFS.rxTap : REFS.txTap;
}
