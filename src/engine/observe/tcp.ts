// A small, deterministic model of the TCP numbers tcpdump prints: ISNs and TS
// values from the seed, relative sequence numbers after the handshake
// (tcpdump print-tcp.c tcp_print: absolute on SYN / SYN-ACK, relative after),
// payload lengths from the L7 summary. One segment = one (connection,
// direction, flags, payload) key; every hop that carries it prints the same numbers.
import type { Connection, PacketView, PathHop, PathTrace } from '../types';
import { hash32 } from './common';

export interface Segment {
  flags: string;
  /** absolute seq for SYN / SYN-ACK, relative otherwise */
  seq: number;
  /** payload length (TCP payload, what tcpdump calls `length`) */
  len: number;
  ack: number | null;
  win: number;
  options: string | null;
  /** first line of HTTP for tcpdump's decoder (port 80/8080 only) */
  http: string | null;
  /** the HTTP message's text lines (CRLF removed) where hopscope knows them: a request's headers; a response's status line only */
  httpLines?: string[] | null;
}

export interface SegmentKey {
  conn: number;
  dir: 'request' | 'reply';
  flags: string;
  l7: string | null;
  tls: boolean;
}

interface Side {
  isn: number;
  ts: number;
  /** next relative seq */
  next: number;
  /** highest relative seq acknowledged from the other side */
  acked: number;
  /** the last segment this side sent was the handshake's bare ACK */
  afterAck: boolean;
}

function keyOf(k: SegmentKey): string {
  return `${k.conn}/${k.dir}/${k.flags}/${k.l7 ?? ''}/${k.tls ? 't' : ''}`;
}

/** The HTTP request curl (or Envoy upstream) writes, from the L7 summary 'GET / HTTP/1.1 Host: x'. */
export function httpPayload(l7: string, conn: Connection | undefined, clientIP: string | null): { first: string; len: number; lines: string[] } {
  const m = /^(\S+ \S+ HTTP\/\d(?:\.\d)?)(?: Host: (\S+))?/.exec(l7);
  if (m && !l7.startsWith('HTTP/')) {
    const first = m[1];
    const host = m[2] ?? '';
    let text = `${first}\r\nHost: ${host}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n`;
    if (conn && /envoy/i.test(conn.label) && !conn.label.startsWith('client')) {
      // Envoy's upstream request adds its forwarding headers (x-request-id is a UUID).
      text += `x-forwarded-for: ${clientIP ?? ''}\r\nx-forwarded-proto: http\r\nx-envoy-internal: true\r\n`;
      text += `x-request-id: ${'0'.repeat(36)}\r\nx-envoy-expected-rq-timeout-ms: 15000\r\n`;
    }
    text += '\r\n';
    return { first, len: text.length, lines: text.split('\r\n').slice(0, -1) };
  }
  // A response: status line + headers + a body whose size is fixed by the status.
  const first = l7.split(' ').slice(0, 3).join(' ').trim();
  const status = Number(/^HTTP\/\S+ (\d+)/.exec(l7)?.[1] ?? '200');
  const len = status === 200 ? 1910 : status === 403 ? 143 : status === 301 ? 132 : status === 404 ? 120 : 180;
  return { first, len, lines: [first] };
}

/** Assigns the numbers of every TCP segment of a trace, in hop order. Pure. */
export class TcpModel {
  private readonly sides = new Map<string, Side>();
  private readonly segments = new Map<string, Segment>();

  constructor(
    private readonly seed: number,
    private readonly trace: PathTrace,
  ) {}

  private side(conn: number, dir: 'request' | 'reply'): Side {
    const k = `${conn}/${dir}`;
    let s = this.sides.get(k);
    if (!s) {
      s = {
        isn: hash32(this.seed, 'isn', conn, dir),
        ts: 100_000_000 + (hash32(this.seed, 'ts', conn, dir) % 3_000_000_000),
        next: 1,
        acked: 0,
        afterAck: false,
      };
      this.sides.set(k, s);
    }
    return s;
  }

  segment(hop: PathHop, p: PacketView): Segment | null {
    if (p.proto !== 'tcp') return null;
    // Fast path: the walk shares one PacketView between the hops a packet crosses unchanged, and
    // every view asks for the same packet several times. Hashing the text key (which holds the L7
    // summary) on every call cost more than the rest of this method.
    const known = this.byPacket.get(p);
    if (known && known.conn === hop.conn && known.dir === hop.direction) return known.seg;
    const seg = this.segmentByKey(hop, p);
    this.byPacket.set(p, { conn: hop.conn, dir: hop.direction, seg });
    return seg;
  }

  private readonly byPacket = new Map<PacketView, { conn: number; dir: 'request' | 'reply'; seg: Segment }>();

  private segmentByKey(hop: PathHop, p: PacketView): Segment {
    const flags = p.tcpFlags ?? '.';
    const key: SegmentKey = { conn: hop.conn, dir: hop.direction, flags, l7: p.l7, tls: p.tls !== null };
    const k = keyOf(key);
    const have = this.segments.get(k);
    if (have) return have;
    const seg = this.make(hop, p, flags);
    this.segments.set(k, seg);
    return seg;
  }

  private make(hop: PathHop, p: PacketView, flags: string): Segment {
    const me = this.side(hop.conn, hop.direction);
    const other = this.side(hop.conn, hop.direction === 'request' ? 'reply' : 'request');
    const conn = this.trace.connections[hop.conn];
    const isClient = hop.direction === 'request';
    const syn = flags.includes('S');
    const ackFlag = flags.includes('.');
    const rst = flags.includes('R');
    const fin = flags.includes('F');
    if (syn) {
      me.ts += 1;
      const tsOpt = ackFlag ? `TS val ${me.ts} ecr ${other.ts}` : `TS val ${me.ts} ecr 0`;
      return {
        flags,
        seq: me.isn >>> 0,
        len: 0,
        ack: ackFlag ? ((other.isn + 1) >>> 0) : null,
        win: ackFlag ? 65160 : 64240,
        options: `mss 1460,sackOK,${tsOpt},nop,wscale 7`,
        http: null,
        httpLines: null,
      };
    }
    let len = 0;
    let http: string | null = null;
    let httpLines: string[] | null = null;
    if (p.l7) {
      const clientIP = this.trace.connections[0]?.client.ip ?? null;
      const h = httpPayload(p.l7, conn, clientIP);
      len = h.len;
      http = h.first;
      httpLines = h.lines;
    } else if (p.tls && flags.includes('P')) {
      // TLS records: tcpdump prints them as plain TCP payload lengths.
      len = isClient ? 517 : 1460;
    }
    const seq = me.next;
    me.next += len + (fin ? 1 : 0);
    // TS val is the sender's millisecond clock (net/ipv4/tcp_output.c tcp_options_write, tcp_clock_ms): the
    // handshake's ACK and the request written right after it leave in the same millisecond, so they share it
    const backToBack = me.afterAck && len > 0;
    if (!rst && !backToBack) me.ts += 1;
    me.afterAck = flags === '.' && len === 0;
    other.acked = Math.max(other.acked, 0);
    const ack = ackFlag ? other.next : null;
    return {
      flags,
      seq,
      len,
      ack,
      win: rst ? 0 : isClient ? 502 : 509,
      options: rst ? null : `nop,nop,TS val ${me.ts} ecr ${other.ts}`,
      http,
      httpLines,
    };
  }
}
