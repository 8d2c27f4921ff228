// The whole TCP exchange at each capture point, in time order.
//
// The datapath walks a connection as its request leg (the SYN, carrying the
// request's L7 summary) and then its reply leg (the SYN-ACK, carrying the
// response). A capture, though, sees every segment: SYN, SYN-ACK, the ACK and
// the request data, and later the response data. This module expands each tap
// crossing into those segments and gives them times in the order they really
// happen: a connection's handshake and request complete before the next
// connection it causes starts (Envoy reads the request before it connects
// upstream, tcp_v4_rcv → Envoy's listener), and its response comes back only
// after that inner connection has answered.
//
// Not modelled (said in docs/visibility.md): delayed ACKs of the response, the
// FIN exchange at close, TCP segmentation of large bodies (one data segment
// each way).
import type { ClusterState, PacketView, PathHop, TapPoint, Trace } from '../types';
import { ARP_RETRANS_MS } from '../datapath/arp';
import { HOP_STEP_US, hopMicros } from './common';
import { packetAtTap } from './tcpdump';

export type SegmentKind = 'first' | 'syn-ack' | 'ack' | 'request-data' | 'response-data';

export interface TapEvent {
  hop: PathHop;
  tapIndex: number;
  tap: TapPoint;
  /** the packet as this segment looks at this tap */
  packet: PacketView;
  /** the hop whose packet numbers (connection and direction) this segment belongs to */
  segmentHop: PathHop;
  kind: SegmentKind;
  us: number;
}

interface Key {
  base: number;
  phase: number;
  rank: number;
  tap: number;
}

function cmpKey(a: Key, b: Key): number {
  return a.base - b.base || a.phase - b.phase || a.rank - b.rank || a.tap - b.tap;
}

/** The neighbour's retrans_time, as the datapath's ARP retries use it. */
const ARP_RETRANS_US = ARP_RETRANS_MS * 1000;

/**
 * The waits the kernel inserts before a hop: an unanswered ARP request is sent again after the
 * neighbour's retrans_time (datapath/arp.ts ARP_RETRANS_MS; mcast_solicit 3), and the queued packet
 * is dropped one retrans_time after the last probe. Returns, per hop index, the microseconds all
 * waits up to and including that hop add to its time (0 when nothing waits).
 */
export function waitsBefore(trace: { hops: readonly PathHop[] }): (hopIndex: number) => number {
  const waits = trace.hops.filter((h) => h.explainId === 'datapath.arp.retry' || h.explainId === 'datapath.arp.unanswered').map((h) => h.index);
  if (waits.length === 0) return () => 0;
  return (i) => waits.filter((w) => w <= i).length * ARP_RETRANS_US;
}

/** Every segment every tap of the trace sees, sorted by time. Pure. */
export function tapEvents(state: ClusterState, trace: Trace): TapEvent[] {
  const wait = waitsBefore(trace);
  const hops = [...trace.hops].sort((a, b) => a.index - b.index);
  const byConn = new Map<number, { req: PathHop[]; rep: PathHop[] }>();
  for (const h of hops) {
    let c = byConn.get(h.conn);
    if (!c) byConn.set(h.conn, (c = { req: [], rep: [] }));
    (h.direction === 'request' ? c.req : c.rep).push(h);
  }
  // Expand only a connection walked as "SYN leg, then SYN-ACK leg"; one whose
  // data segments are hops of their own is already complete.
  const handshake = (conn: number): boolean => {
    const c = byConn.get(conn);
    if (!c) return false;
    const all = [...c.req, ...c.rep];
    return c.rep.some((h) => h.packet.tcpFlags === 'S.') && !all.some((h) => h.taps.length > 0 && (h.packet.tcpFlags ?? '').includes('P'));
  };

  const keyed: { key: Key; ev: Omit<TapEvent, 'us'> }[] = [];
  for (const hop of hops) {
    const conn = byConn.get(hop.conn)!;
    const lastReq = conn.req.length ? conn.req[conn.req.length - 1].index : hop.index;
    hop.taps.forEach((tap, k) => {
      const p = packetAtTap(hop, tap);
      const first = { hop, tapIndex: k, tap, segmentHop: hop };
      if (p.proto !== 'tcp' || !handshake(hop.conn) || (p.tcpFlags !== 'S' && p.tcpFlags !== 'S.')) {
        keyed.push({ key: { base: hop.index, phase: 0, rank: 0, tap: k }, ev: { ...first, packet: p, kind: 'first' } });
        return;
      }
      if (p.tcpFlags === 'S') {
        const rank = conn.req.indexOf(hop);
        keyed.push({ key: { base: hop.index, phase: 0, rank: 0, tap: k }, ev: { ...first, packet: p, kind: 'first' } });
        keyed.push({ key: { base: lastReq, phase: 2, rank, tap: k }, ev: { ...first, packet: { ...p, tcpFlags: '.', l7: null }, kind: 'ack' } });
        if (p.l7 !== null || p.tls !== null) {
          keyed.push({ key: { base: lastReq, phase: 3, rank, tap: k }, ev: { ...first, packet: { ...p, tcpFlags: 'P.' }, kind: 'request-data' } });
        }
        return;
      }
      // the SYN-ACK travels right after the SYN reached the listener; the response later, in place
      const rank = conn.rep.indexOf(hop);
      keyed.push({ key: { base: lastReq, phase: 1, rank, tap: k }, ev: { ...first, packet: { ...p, l7: p.l7 }, kind: 'syn-ack' } });
      if (p.l7 !== null || p.tls !== null) {
        keyed.push({ key: { base: hop.index, phase: 0, rank: 0, tap: k }, ev: { ...first, packet: { ...p, tcpFlags: 'P.' }, kind: 'response-data' } });
      }
    });
  }
  keyed.sort((a, b) => cmpKey(a.key, b.key));

  // Print times: phase-0 events keep their hop's time; the expanded ones follow
  // their base hop in small steps, always before the next hop's time.
  const out: TapEvent[] = [];
  let groupBase = -1;
  let n = 0;
  for (const { key, ev } of keyed) {
    if (key.base !== groupBase) {
      groupBase = key.base;
      n = 0;
    }
    const us = wait(key.base) + (key.phase === 0 ? hopMicros(state, key.base, key.tap) : hopMicros(state, key.base) + Math.min(HOP_STEP_US - 1, 40 + 4 * n++));
    out.push({ ...ev, us });
  }
  return out.sort((a, b) => a.us - b.us);
}
