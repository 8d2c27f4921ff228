// Command lines as input: what `tcpdump`, `kubectl exec POD -- tcpdump`,
// `pwru` and `hubble observe` would print for this trace, with their banners
// (shared/domain/tool-formats.md §1.0, §1.6, §2.2, §2.4, §3.1, §3.2).
// Every malformed command becomes an error with a column, never an exception.
import { t } from '../../i18n';
import type { ClusterState, MonitorEvent, PathHop, TapPoint, Trace } from '../types';
import { hash32, hopsInOrder, logTime, clockMicros, nodeOfHost, HOST_NETNS, START_US } from './common';
import { hubbleLine, keptEvents, macsOf } from './hubble';
import { matches, parsePcap, type PcapExpr } from './pcap-filter';
import { processesOn, pwruHeader, pwruKmodsReason, pwruRows, PwruSession, SkbContext, type PwruFormat, type PwruRow } from './pwru';
import { NO_KMODS, probed, unprobedModules } from './kmods';
import { TcpModel, type Segment } from './tcp';
import { tapEvents, type TapEvent } from './exchange';
import { podByIP } from '../cluster/lookup';
import { CLIENT_ETH0_IFINDEX, CLIENT_ETH1_IFINDEX, LO_IFINDEX, POD_ETH0_IFINDEX } from '../datapath/origin';
import { arpPadded, packetAtTap, tcpdumpLine, type TcpdumpFormat, type TcpVerbose } from './tcpdump';

/** Hubble's reserved identity names (pkg/identity/numericidentity.go). */
const RESERVED_IDS: Record<string, number> = { unknown: 0, host: 1, world: 2, unmanaged: 3, health: 4, init: 5, 'remote-node': 6, 'kube-apiserver': 7, ingress: 8, 'world-ipv4': 9, 'world-ipv6': 10 };

export interface ObserveResult {
  /** what the terminal shows (stderr banner lines and stdout lines, in order) */
  lines: string[];
  /** hop indices the command printed something for */
  caught: number[];
  /** hops it did not print, with why */
  missed: { hop: number; reason: string }[];
  error: string | null;
  /** 1-based column of the error in the command */
  errorColumn: number | null;
  /** which tool ran (absent when the command did not run) */
  tool?: 'tcpdump' | 'pwru' | 'hubble';
  /** a caveat about the output as a whole, e.g. pwru's kernel function names */
  note?: string;
}

interface Word {
  text: string;
  col: number;
}

class CmdError {
  constructor(
    readonly message: string,
    readonly column: number,
  ) {}
}

/** Shell-like split honouring single and double quotes and backslashes. */
function splitWords(cmd: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < cmd.length) {
    while (i < cmd.length && /\s/.test(cmd[i])) i++;
    if (i >= cmd.length) break;
    const col = i + 1;
    let text = '';
    while (i < cmd.length && !/\s/.test(cmd[i])) {
      const c = cmd[i];
      if (c === "'" || c === '"') {
        const end = cmd.indexOf(c, i + 1);
        if (end < 0) throw new CmdError(t('observe.cmd.quote'), i + 1);
        text += cmd.slice(i + 1, end);
        i = end + 1;
      } else if (c === '\\' && i + 1 < cmd.length) {
        text += cmd[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    // a word that starts with a quote has its text one column later ('host ...')
    out.push({ text, col: col + (cmd[col - 1] === "'" || cmd[col - 1] === '"' ? 1 : 0) });
  }
  return out;
}

const fail = (message: string, column: number): never => {
  throw new CmdError(message, column);
};

/** Joins the remaining words into a pcap expression, mapping its columns back to the command. */
function pcapOf(words: Word[]): { expr: PcapExpr | null } {
  if (words.length === 0) return { expr: null };
  // rebuild with single spaces and remember where each word starts
  let text = '';
  const starts: { at: number; col: number; len: number }[] = [];
  for (const w of words) {
    if (text) text += ' ';
    starts.push({ at: text.length + 1, col: w.col, len: w.text.length });
    text += w.text;
  }
  const r = parsePcap(text);
  if (!r.ok) {
    const c = r.error.column;
    const s = [...starts].reverse().find((x) => x.at <= c) ?? starts[0];
    const off = Math.min(c - s.at, s.len);
    fail(r.error.message, s.col + off);
  }
  return { expr: r.ok ? r.ast : null };
}

function result(lines: string[], caught: Set<number>, missed: Map<number, string>, trace: Trace): ObserveResult {
  const all = hopsInOrder(trace);
  return {
    lines,
    caught: all.filter((h) => caught.has(h.index)).map((h) => h.index),
    missed: all.filter((h) => !caught.has(h.index)).map((h) => ({ hop: h.index, reason: missed.get(h.index) ?? t('observe.cmd.missed.filter') })),
    error: null,
    errorColumn: null,
  };
}

/** The segments of the whole trace, assigned in annotate()'s order so every view prints the same numbers. */
function segments(state: ClusterState, trace: Trace): { tap: Map<string, Segment | null>; pkt: Map<number, Segment | null> } {
  const tcp = new TcpModel(state.seed, trace);
  const tap = new Map<string, Segment | null>();
  const pkt = new Map<number, Segment | null>();
  for (const hop of hopsInOrder(trace)) {
    hop.taps.forEach((tp, i) => tap.set(`${hop.index}/${i}`, tcp.segment(hop, packetAtTap(hop, tp))));
    if (hop.kfuncs.length > 0 || hop.tcProgram) pkt.set(hop.index, tcp.segment(hop, hop.packet));
  }
  return { tap, pkt };
}

// ---------------------------------------------------------------- tcpdump

const PORT_NAMES: Record<number, string> = { 80: 'http', 443: 'https', 8080: 'http-alt', 53: 'domain', 22: 'ssh' };

function hostInterfaces(state: ClusterState, trace: Trace, host: string, pod: boolean): string[] {
  if (pod) return ['eth0', 'lo'];
  const node = state.nodes.find((n) => n.name === host);
  if (node) return [...node.interfaces].sort((a, b) => a.ifindex - b.ifindex).map((i) => i.name);
  const seen = trace.hops.flatMap((h) => h.taps.filter((tp) => tp.host === host).map((tp) => tp.iface));
  return [...new Set(['lo', ...seen, 'eth0'])];
}

function runTcpdump(state: ClusterState, trace: Trace, words: Word[], host: string, pod: boolean): ObserveResult {
  let iface: string | null = null;
  let ifaceCol = 0;
  let nn = 0;
  let count: number | null = null;
  const fmt: TcpdumpFormat = { ether: false, verbose: false, any: false };
  let i = 1;
  const exprWords: Word[] = [];
  while (i < words.length) {
    const w = words[i];
    if (!w.text.startsWith('-') || w.text === '-') {
      exprWords.push(w);
      i++;
      continue;
    }
    const m = /^-([a-zA-Z]+)(.*)$/.exec(w.text);
    if (w.text === '--interface' || w.text.startsWith('--interface=')) {
      const v = w.text.includes('=') ? w.text.split('=')[1] : words[++i]?.text;
      if (!v) fail(t('observe.cmd.missingValue', { opt: '--interface' }), w.col);
      iface = v!;
      ifaceCol = w.col;
      i++;
      continue;
    }
    if (!m) fail(t('observe.cmd.badOption', { opt: w.text, tool: 'tcpdump' }), w.col);
    // clustered single-letter flags: -nn, -nne, -i eth1, -ieth1, -c5
    const letters = m![1] + m![2];
    for (let k = 0; k < letters.length; k++) {
      const c = letters[k];
      if (c === 'n') nn++;
      else if (c === 'e') fmt.ether = true;
      else if (c === 'v') fmt.verbose = true;
      else if (c === 'l' || c === 'q' || c === 'U') continue;
      else if (c === 'i' || c === 'c') {
        let v = letters.slice(k + 1);
        if (!v) {
          v = words[++i]?.text ?? '';
          if (!v) fail(t('observe.cmd.missingValue', { opt: `-${c}` }), w.col);
        }
        if (c === 'i') {
          iface = v;
          ifaceCol = words[i].col;
        } else {
          if (!/^\d+$/.test(v) || Number(v) < 1) fail(t('observe.cmd.badValue', { opt: '-c', value: v }), words[i].col);
          count = Number(v);
        }
        break;
      } else fail(t('observe.cmd.badOption', { opt: `-${c}`, tool: 'tcpdump' }), w.col + 1 + k);
    }
    i++;
  }
  const { expr } = pcapOf(exprWords);
  const ifs = hostInterfaces(state, trace, host, pod);
  if (iface === null) iface = ifs.find((n) => n !== 'lo') ?? 'eth0'; // pcap_lookupdev: the first non-loopback device
  if (iface !== 'any' && !ifs.includes(iface)) fail(t('observe.cmd.noSuchIface', { iface }), ifaceCol || 1);
  fmt.any = iface === 'any';

  const caught = new Set<number>();
  const missed = new Map<number, string>();
  const out: { us: number; line: string; hop: number }[] = [];
  const mine = (tp: TapPoint) => tp.host === host && (pod ? tp.netns === 'pod' : tp.netns !== 'pod');
  // Why each hop is not captured here (the capture itself comes from the exchange below).
  for (const hop of hopsInOrder(trace)) {
    if (hop.taps.length === 0) {
      missed.set(hop.index, t('observe.cmd.missed.notap', { reason: trace.hops.find((h) => h.index === hop.index)?.seen.tcpdump.reason ?? '' }));
      continue;
    }
    const here = hop.taps.filter((tp) => mine(tp));
    if (here.length === 0) {
      missed.set(hop.index, t('observe.cmd.missed.host', { host: hop.taps[0].host, on: host }));
      continue;
    }
    if (!here.some((tp) => iface === 'any' || tp.iface === iface)) {
      missed.set(hop.index, t('observe.cmd.missed.iface', { iface: here.map((tp) => tp.iface).join(', ') }));
      continue;
    }
    missed.set(hop.index, t('observe.cmd.missed.filter'));
  }
  // Every segment of every exchange, numbered in time order over the whole
  // trace (so the filter never changes the numbers), printed where this capture sees it.
  const tcp = new TcpModel(state.seed, trace);
  // -v's IP id counts the segments each side sent, in time order over the whole trace (not just this capture)
  const ordinals = new Map<Segment, number>();
  const perSide = new Map<string, number>();
  const ordinalOf = (seg: Segment): number => ordinals.get(seg) ?? 0;
  const events = tapEvents(state, trace);
  if (fmt.verbose)
    for (const ev of events) {
      const seg = tcp.segment(ev.segmentHop, ev.packet);
      if (!seg || ordinals.has(seg)) continue;
      const side = `${ev.segmentHop.conn}/${ev.segmentHop.direction}`;
      const n = perSide.get(side) ?? 0;
      ordinals.set(seg, n);
      perSide.set(side, n + 1);
    }
  for (const ev of events) {
    const seg = tcp.segment(ev.segmentHop, ev.packet);
    if (!mine(ev.tap) || (iface !== 'any' && ev.tap.iface !== iface) || !matches(expr, ev.packet)) continue;
    const verbose = fmt.verbose && seg ? tcpVerbose(state, trace, ev, seg, ordinalOf(seg)) : null;
    let line = tcpdumpLine(ev.us, ev.tap, ev.packet, seg, fmt, ev.hop, arpPadded(state, ev.tap, ev.packet), verbose);
    if (nn < 2) line = line.replace(/(\d+\.\d+\.\d+\.\d+)\.(\d+)(?=[ :])/g, (whole, ip: string, port: string) => (PORT_NAMES[Number(port)] ? `${ip}.${PORT_NAMES[Number(port)]}` : whole));
    out.push({ us: ev.us, line, hop: ev.hop.index });
    missed.delete(ev.hop.index);
  }
  out.sort((a, b) => a.us - b.us);
  const shown = count === null ? out : out.slice(0, count);
  for (const o of out.slice(shown.length)) if (!shown.some((s) => s.hop === o.hop)) missed.set(o.hop, t('observe.cmd.missed.count', { count: count ?? 0 }));
  for (const o of shown) caught.add(o.hop);
  const lines: string[] = [];
  if (fmt.any) lines.push('tcpdump: data link type LINUX_SLL2');
  const link = fmt.any ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)';
  if (fmt.verbose) lines.push(`tcpdump: listening on ${iface}, link-type ${link}, snapshot length 262144 bytes`);
  else lines.push('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode', `listening on ${iface}, link-type ${link}, snapshot length 262144 bytes`);
  lines.push(...shown.flatMap((o) => o.line.split('\n')));
  const n = shown.length;
  const pl = (x: number) => (x === 1 ? 'packet' : 'packets');
  if (count === null || n < count) lines.push('^C');
  lines.push(`${n} ${pl(n)} captured`, `${n} ${pl(n)} received by filter`, '0 packets dropped by kernel');
  return { ...result(lines, caught, missed, trace), tool: 'tcpdump' };
}

/**
 * -v's per-segment fields. The TCP checksum (print-tcp.c) is a seeded value, printed `(correct)` unless
 * the segment was sent from the host the capture runs on (in its host netns or one of its pods): Linux
 * leaves such a checksum to the NIC (CHECKSUM_PARTIAL, kept across veth), so the tap sees only the
 * pseudo-header sum. The IP id (net/ipv4/ip_output.c): 0 on a SYN-ACK (ip_build_and_send_pkt with DF),
 * else the socket's inet_id, random at connect / accept and counted up per segment it sends (`ordinal`).
 * The TTL: Linux's 64, less one per L3 rewrite (Cilium's ipv4_l3, the kernel's forwarding) the packet
 * went through before the tap (an RX tap sees it before its own hop's BPF program).
 */
function tcpVerbose(state: ClusterState, trace: Trace, ev: TapEvent, seg: Segment, ordinal: number): TcpVerbose {
  const segHop = ev.segmentHop;
  const tap = ev.tap;
  const path = hopsInOrder(trace).filter((h) => h.conn === segHop.conn && h.direction === segHop.direction);
  const first = path[0];
  const offloaded = first !== undefined && first.node !== null && nodeOfHost(state, first.node) === nodeOfHost(state, tap.host);
  const cksum = hash32(state.seed, 'cksum', segHop.conn, segHop.direction, seg.flags, seg.seq, seg.len) & 0xffff;
  const should = offloaded ? (cksum ^ (hash32(state.seed, 'cksum-ok', segHop.conn, segHop.direction, seg.flags, seg.seq) | 1)) & 0xffff : cksum;
  const ipId = seg.flags === 'S.' ? 0 : (hash32(state.seed, 'ipid', segHop.conn, segHop.direction) + ordinal) & 0xffff;
  const before = path.filter((h) => h.index < ev.hop.index || (h.index === ev.hop.index && tap.dir === 'Out'));
  const ttl = 64 - before.filter((h) => h.rewrites.includes('L2-REWRITE') || h.kfuncs.includes('ip_forward')).length;
  return { cksum, should, offloaded, ipId, ttl };
}

// ---------------------------------------------------------------- pwru

/**
 * pwru's filter_meta (cilium/pwru bpf/kprobe_pwru.c): per event, the skb's netns
 * (get_netns: skb->dev's, else its socket's), `(skb->mark & mask) == mark`, and
 * skb->dev->ifindex, each only when set. Config from internal/pwru/config.go GetConfig.
 */
interface PwruMeta {
  /** 0: no netns filter (also `inode:0`) */
  netns: number;
  mark: number;
  /** 0: no mark filter (the default 0/0) */
  mask: number;
  /** 0: no --filter-ifname */
  ifindex: number;
  /** for the missed reasons */
  markText: string;
  ifname: string | null;
}

type MetaFail = 'netns' | 'mark' | 'ifindex';

function metaFail(m: PwruMeta, row: PwruRow): MetaFail | null {
  if (m.netns !== 0 && row.netns !== m.netns) return 'netns';
  if (m.mask !== 0 && (row.mark & m.mask) >>> 0 !== m.mark) return 'mark';
  if (m.ifindex !== 0 && row.ifindex !== m.ifindex) return 'ifindex';
  return null;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** Go strconv.ParseUint(s, base, 32)'s error text, or the value. */
function parseUint32(s: string, base: 10 | 16): number | string {
  const digits = base === 16 ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (!digits.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const v = BigInt(base === 16 ? `0x${s}` : s);
  if (v > 0xffffffffn) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`;
  return Number(v);
}

/** internal/pwru/types.go parseUint32HexOrDecimal: `0x`/`0X` prefix for hex, else decimal. */
function parseHexOrDecimal(s: string): number | string {
  return /^0x/i.test(s) ? parseUint32(s.slice(2), 16) : parseUint32(s, 10);
}

/** markFlagValue.Set: `mark[/mask]`, the mask 0xffffffff (exact match) when omitted. */
function parseMarkFlag(value: string): { mark: number; mask: number } | string {
  const parts = value.split('/');
  if (parts.length > 2) return `invalid mark value ${JSON.stringify(value)}: expected mark[/mask]`;
  const mark = parseHexOrDecimal(parts[0]);
  if (typeof mark === 'string') return `invalid mark value: ${mark}`;
  if (parts.length === 1) return { mark, mask: 0xffffffff };
  const mask = parseHexOrDecimal(parts[1]);
  if (typeof mask === 'string') return `invalid mask value: ${mask}`;
  return { mark, mask };
}

/**
 * pflag's string slice value (spf13/pflag string_slice.go readAsCSV): one CSV record (Go encoding/csv,
 * `,` separated, `"` quoting with `""` for a quote, no space trimming), `[]` for an empty value; or
 * the csv.ParseError text with its 1-based column.
 */
function csvRecord(value: string): string[] | { error: string } {
  if (value === '') return [];
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      // quoted field: up to the closing quote, which must end the field
      i++;
      for (;;) {
        const q = value.indexOf('"', i);
        if (q < 0) return { error: `parse error on line 1, column ${value.length + 1}: extraneous or missing " in quoted-field` };
        field += value.slice(i, q);
        if (value[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else if (q + 1 === value.length || value[q + 1] === ',') {
          i = q + 1;
          break;
        } else return { error: `parse error on line 1, column ${q + 1}: extraneous or missing " in quoted-field` };
      }
    } else {
      const end = value.indexOf(',', i);
      field = end < 0 ? value.slice(i) : value.slice(i, end);
      const bare = field.indexOf('"');
      if (bare >= 0) return { error: `parse error on line 1, column ${i + bare + 1}: bare " in non-quoted-field` };
      i = end < 0 ? value.length : end;
    }
    out.push(field);
    if (i >= value.length) return out;
    i++; // the comma
    if (i >= value.length) {
      out.push('');
      return out;
    }
  }
}

function runPwru(state: ClusterState, trace: Trace, words: Word[], host: string): ObserveResult {
  const fmt: PwruFormat = { traceTc: false, outputTuple: true, kmods: NO_KMODS };
  let allKmods = false;
  /** --kmods as pflag keeps it (the first use replaces the default, later ones append); the column of a value with an empty name */
  const kmods = { used: false, names: [] as string[], emptyCol: 0 };
  let track = false;
  let ifname: { value: string; col: number } | null = null;
  let netnsSpec: { value: string; col: number } | null = null;
  let markFlag = { mark: 0, mask: 0, text: '0x0/0x0' };
  const exprWords: Word[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!w.text.startsWith('-')) {
      exprWords.push(w);
      continue;
    }
    const [name, inline] = w.text.includes('=') ? [w.text.slice(0, w.text.indexOf('=')), w.text.slice(w.text.indexOf('=') + 1)] : [w.text, null];
    // pflag's bool flags take strconv.ParseBool's forms
    const bool = (v: string | null) => {
      if (v === null || TRUE_FORMS.has(v)) return true;
      if (FALSE_FORMS.has(v)) return false;
      return fail(t('observe.cmd.badValue', { opt: name, value: v }), w.col);
    };
    // a flag's value: inline after '=', else the next word (pflag)
    const value = (): { value: string; col: number } => {
      if (inline !== null) return { value: inline, col: w.col + name.length + 1 };
      const nx = words[++i];
      if (!nx) fail(t('observe.cmd.missingValue', { opt: name }), w.col);
      return { value: nx.text, col: nx.col };
    };
    if (name === '--filter-track-skb') track = bool(inline);
    else if (name === '--filter-trace-tc') fmt.traceTc = bool(inline);
    else if (name === '--output-tuple') fmt.outputTuple = bool(inline);
    // an empty value is the flag's default, not a filter (config.go: parseNetns(""), parseIfindex(""))
    else if (name === '--filter-ifname') {
      const v = value();
      ifname = v.value === '' ? null : v;
    } else if (name === '--filter-netns') {
      const v = value();
      netnsSpec = v.value === '' ? null : v;
    }
    else if (name === '--all-kmods') allKmods = bool(inline);
    else if (name === '--kmods') {
      const v = value();
      const rec = csvRecord(v.value);
      if (!Array.isArray(rec)) fail(t('observe.cmd.pwru.flag', { value: v.value, flag: name, error: rec.error }), v.col);
      else {
        kmods.used = true;
        kmods.names.push(...rec);
        if (kmods.emptyCol === 0 && rec.includes('')) kmods.emptyCol = v.col;
      }
    } else if (name === '--filter-mark') {
      const v = value();
      const m = parseMarkFlag(v.value);
      if (typeof m === 'string') fail(t('observe.cmd.pwru.flag', { value: v.value, flag: name, error: m }), v.col);
      else markFlag = { mark: (m.mark & m.mask) >>> 0, mask: m.mask, text: v.value };
    } else fail(t('observe.cmd.badOption', { opt: name, tool: 'pwru' }), w.col);
  }
  const { expr } = pcapOf(exprWords);
  // main.go: --all-kmods walks every module in /sys/kernel/btf (replacing --kmods); GetFuncs opens each
  // named one, and it runs before GetConfig, so a bad module is reported before a bad filter value
  if (allKmods) fmt.kmods = { all: true, names: new Set() };
  else if (kmods.used) {
    if (kmods.emptyCol !== 0) fail(t('observe.cmd.pwru.kmodEmpty'), kmods.emptyCol);
    fmt.kmods = { all: false, names: new Set(kmods.names) };
  }
  const meta = pwruMeta(state, trace, host, netnsSpec, ifname, markFlag);
  const segs = segments(state, trace);
  const session = new PwruSession();
  const tracked = new Set<number>();
  const skbs = new SkbContext(state, trace.hops);
  const caught = new Set<number>();
  const missed = new Map<number, string>();
  const rows: string[] = [];
  for (const hop of hopsInOrder(trace)) {
    skbs.observe(hop);
    const hostOfHop = skbs.hostOf(hop);
    if (hostOfHop !== host) {
      missed.set(hop.index, t('observe.cmd.missed.host', { host: hostOfHop, on: host }));
      continue;
    }
    if (hop.kfuncs.length === 0 && !hop.tcProgram) {
      missed.set(hop.index, t('observe.cmd.missed.pwru', { reason: trace.hops.find((h) => h.index === hop.index)?.seen.pwru.reason ?? '' }));
      continue;
    }
    // handle_everything: a tracked skb is printed whatever the filters say; otherwise
    // filter() = filter_pcap && filter_meta, checked at every function the skb reaches
    const rs = pwruRows(state, hop, segs.pkt.get(hop.index) ?? null, skbs, trace, fmt);
    let firstFail: MetaFail | 'pcap' | null = null;
    let firstFailRow: PwruRow | null = null;
    // a row of a module pwru does not probe (kmods.ts) that would otherwise have printed
    let unprobed = false;
    const printed: PwruRow[] = [];
    for (const r of rs) {
      const attached = probed(fmt.kmods, r.module);
      if (track && hop.skb !== null && tracked.has(hop.skb)) {
        if (attached) printed.push(r);
        else unprobed = true;
        continue;
      }
      // filter_pcap_l3 reads the IP header where skb->network_header points: none yet before __ip_queue_xmit
      const pcapHit = expr === null || (r.packet !== null && matches(expr, r.packet));
      const why = pcapHit ? metaFail(meta, r) : 'pcap';
      if (why === null) {
        // no probe, no event: an skb is not tracked from a function pwru did not attach to
        if (!attached) unprobed = true;
        else {
          printed.push(r);
          if (track && hop.skb !== null) tracked.add(hop.skb);
        }
      } else if (firstFail === null) {
        firstFail = why;
        firstFailRow = r;
      }
    }
    if (printed.length === 0) {
      missed.set(hop.index, unprobed ? t('observe.cmd.missed.pwru', { reason: pwruKmodsReason(hop, unprobedModules(fmt.kmods, hop.kfuncs)).reason }) : pwruMissed(firstFail, firstFailRow, meta));
      continue;
    }
    caught.add(hop.index);
    rows.push(...printed.map((r) => session.line(r, fmt.outputTuple)));
  }
  const ts = logTime(clockMicros(state.clock) + START_US / 2);
  const lines = [
    `${ts} INFO Attaching kprobes via=kprobe-multi`,
    `1584 / 1584 [${'-'.repeat(77)}] 100.00% ? p/s`,
    `${ts} INFO Attached ignored=0`,
    `${ts} INFO Listening for events..`,
    pwruHeader(fmt),
    ...rows,
  ];
  return { ...result(lines, caught, missed, trace), tool: 'pwru', note: t('observe.pwru.kernelNote', { kernel: state.kernel }) };
}

function pwruMissed(why: MetaFail | 'pcap' | null, row: PwruRow | null, meta: PwruMeta): string {
  if (why === 'netns' && row) return t('observe.cmd.missed.pwruNetns', { want: meta.netns, netns: row.netns });
  if (why === 'mark' && row) return t('observe.cmd.missed.pwruMark', { filter: meta.markText, mark: hex(meta.mark), mask: hex(meta.mask), have: hex(row.mark) });
  if (why === 'ifindex' && row) return t('observe.cmd.missed.pwruIfname', { iface: meta.ifname ?? '', ifindex: meta.ifindex, on: row.ifindex === 0 ? t('observe.cmd.pwru.noDev') : `${row.dev ?? '?'}:${row.ifindex} in netns ${row.netns}` });
  return t('observe.cmd.missed.filter');
}

/**
 * GetConfig: `--filter-netns` is `inode:<N>` or a path to a netns file (`/proc/<pid>/ns/net`);
 * `--filter-ifname` is looked up in that netns, or in pwru's own (the node's host netns), and
 * then filters on that netns too; an inode specifier cannot be combined with it.
 */
function pwruMeta(state: ClusterState, trace: Trace, host: string, netnsSpec: { value: string; col: number } | null, ifname: { value: string; col: number } | null, mark: { mark: number; mask: number; text: string }): PwruMeta {
  const cfgFail = (error: string, col: number): never => fail(t('observe.cmd.pwru.config', { error }), col);
  let netns = 0;
  let byInode = false;
  if (netnsSpec) {
    const v = netnsSpec.value;
    const retrieve = (error: string): never => cfgFail(t('observe.cmd.pwru.netns', { value: v, error }), netnsSpec.col);
    if (v.startsWith('inode:')) {
      // strconv.Atoi, then uint32(...)
      const s = v.slice(6);
      if (!/^[+-]?\d+$/.test(s)) retrieve(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
      const n = BigInt(s);
      if (n > 0x7fffffffffffffffn || n < -0x8000000000000000n) retrieve(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
      netns = Number(BigInt.asUintN(32, n));
      byInode = true;
    } else if (v.startsWith('/')) {
      const m = /^\/proc\/(\d+|self|thread-self)\/ns\/net$/.exec(v);
      if (!m) fail(t('observe.cmd.pwru.netnsPath', { value: v }), netnsSpec.col);
      const procs = processesOn(state, trace, host);
      if (m![1] === 'self' || m![1] === 'thread-self' || m![1] === '1') netns = HOST_NETNS;
      else {
        const p = procs.find((x) => x.pid === Number(m![1]));
        if (!p) {
          const known = ['1 (systemd)', ...procs.map((x) => `${x.pid} (${x.exe.split('/').pop()})`)].join(', ');
          fail(`${t('observe.cmd.pwru.config', { error: t('observe.cmd.pwru.netns', { value: v, error: 'no such file or directory' }) })} ${t('observe.cmd.pwru.pids', { host, pids: known })}`, netnsSpec.col);
        }
        netns = p!.netns;
      }
    } else retrieve(`invalid netns specifier: ${v}`);
  }
  let ifindex = 0;
  if (ifname) {
    if (byInode) cfgFail('inode netns specifier cannot be used with --filter-ifname', ifname.col);
    if (!netnsSpec) netns = HOST_NETNS; // pwru's own netns: it runs in the node's host netns
    ifindex = ifindexIn(state, host, netns, ifname.value);
    if (ifindex === 0) cfgFail('route ip+net: no such network interface', ifname.col);
  }
  return { netns, mark: mark.mark, mask: mark.mask, ifindex, markText: mark.text, ifname: ifname?.value ?? null };
}

/** net.InterfaceByName inside a netns: the node's (or client's) interfaces in the host netns, lo and eth0 in a pod's. */
function ifindexIn(state: ClusterState, host: string, netns: number, name: string): number {
  if (netns === HOST_NETNS) {
    const node = state.nodes.find((n) => n.name === host);
    if (node) return node.interfaces.find((i) => i.name === name)?.ifindex ?? 0;
    const client = state.clients.find((c) => c.name === host);
    if (client) return name === 'lo' ? LO_IFINDEX : name === 'eth1' ? CLIENT_ETH1_IFINDEX : name === 'eth0' ? CLIENT_ETH0_IFINDEX : 0;
    return 0;
  }
  return name === 'lo' ? LO_IFINDEX : name === 'eth0' ? POD_ETH0_IFINDEX : 0;
}

// ---------------------------------------------------------------- hubble observe

const TYPES: Record<string, MonitorEvent['kind']> = { trace: 'trace', drop: 'drop', l7: 'l7', 'policy-verdict': 'policy-verdict', 'trace-sock': 'sock', sock: 'sock' };

function runHubble(state: ClusterState, trace: Trace, words: Word[]): ObserveResult {
  if (words[1]?.text !== 'observe') fail(t('observe.cmd.unknown', { cmd: words.slice(0, 2).map((w) => w.text).join(' ') }), words[1]?.col ?? words[0].col);
  type F = (ev: MonitorEvent, hop: PathHop) => boolean;
  const filters: F[] = [];
  let ns: string | null = null;
  const podFilters: { which: 'any' | 'from' | 'to'; value: string }[] = [];
  let output = 'compact';
  let last: number | null = 20;
  let nodeName = false;
  let numeric = false;
  const podOf = (ip: string) => podByIP(state.pods, ip) ?? null;
  for (let i = 2; i < words.length; i++) {
    const w = words[i];
    const [name, inline] = w.text.startsWith('--') && w.text.includes('=') ? [w.text.slice(0, w.text.indexOf('=')), w.text.slice(w.text.indexOf('=') + 1)] : [w.text, null];
    const needs = ['--ip', '--from-ip', '--to-ip', '--pod', '--from-pod', '--to-pod', '-n', '--namespace', '--verdict', '-t', '--type', '--port', '--protocol', '-o', '--output', '--last', '--identity', '--from-identity', '--to-identity', '--http-status'];
    let v: string | null = null;
    let vcol = w.col;
    if (needs.includes(name)) {
      if (inline !== null) v = inline;
      else {
        const nx = words[++i];
        if (!nx) fail(t('observe.cmd.missingValue', { opt: name }), w.col);
        v = nx.text;
        vcol = nx.col;
      }
    }
    const val = v ?? '';
    switch (name) {
      case '--ip':
        filters.push((e) => e.src.ip === val || e.dst.ip === val);
        break;
      case '--from-ip':
        filters.push((e) => e.src.ip === val);
        break;
      case '--to-ip':
        filters.push((e) => e.dst.ip === val);
        break;
      case '--pod':
        podFilters.push({ which: 'any', value: val });
        break;
      case '--from-pod':
        podFilters.push({ which: 'from', value: val });
        break;
      case '--to-pod':
        podFilters.push({ which: 'to', value: val });
        break;
      case '-n':
      case '--namespace':
        ns = val;
        break;
      case '--verdict': {
        const V = val.toUpperCase();
        if (!['FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'].includes(V)) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        filters.push((e) => (e.verdict === 'ALLOWED' ? 'FORWARDED' : e.verdict === 'DENIED' ? 'DROPPED' : e.verdict) === V);
        break;
      }
      case '-t':
      case '--type': {
        const [kind, sub] = val.split(':');
        if (!TYPES[kind]) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        filters.push((e) => e.kind === TYPES[kind] && (!sub || e.point === sub || e.point.startsWith(sub)));
        break;
      }
      case '--port': {
        if (!/^\d+$/.test(val) || Number(val) > 65535) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        const n = Number(val);
        filters.push((e) => e.src.port === n || e.dst.port === n);
        break;
      }
      case '--protocol': {
        const p = val.toLowerCase();
        if (!['tcp', 'udp', 'icmp', 'icmpv4', 'http', 'arp'].includes(p)) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        filters.push((e, hop) => (p === 'http' ? e.kind === 'l7' && e.point.startsWith('http') : hop.packet.proto === (p === 'icmpv4' ? 'icmp' : p)));
        break;
      }
      case '--identity':
      case '--from-identity':
      case '--to-identity': {
        // a number, or a reserved identity's name (hubble accepts both: `--identity ingress`)
        const id = /^\d+$/.test(val) ? Number(val) : RESERVED_IDS[val.replace(/^reserved:/, '')];
        if (id === undefined) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        if (name === '--identity') filters.push((e) => e.src.identity === id || e.dst.identity === id);
        else if (name === '--from-identity') filters.push((e) => e.src.identity === id);
        else filters.push((e) => e.dst.identity === id);
        break;
      }
      case '--http-status': {
        // hubble: an exact code (403) or a class (4+, 5+); only HTTP responses carry one
        const m = /^([1-5])(\d\d|\+)$/.exec(val);
        if (!m) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        filters.push((e) => {
          const code = e.kind === 'l7' && e.point === 'http-response' ? /HTTP\/\S+ (\d{3})/.exec(e.summary)?.[1] : undefined;
          if (!code) return false;
          return m![2] === '+' ? code[0] === m![1] : code === val;
        });
        break;
      }
      case '-o':
      case '--output':
        if (!['compact', 'json', 'jsonpb', 'dict'].includes(val)) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        output = val === 'jsonpb' ? 'json' : val;
        break;
      case '--last':
        if (!/^\d+$/.test(val)) fail(t('observe.cmd.badValue', { opt: name, value: val }), vcol);
        last = Number(val);
        break;
      case '-f':
      case '--follow':
        last = null;
        break;
      case '--print-node-name':
        nodeName = true;
        break;
      case '--numeric':
        numeric = true;
        break;
      default:
        fail(t('observe.cmd.badOption', { opt: name, tool: 'hubble observe' }), w.col);
    }
  }
  // --pod [ns/]name: pod-name prefix within the namespace (-n, else default)
  for (const pf of podFilters) {
    const [pns, pname] = pf.value.includes('/') ? pf.value.split('/', 2) : [ns ?? 'default', pf.value];
    const is = (ip: string) => {
      const p = podOf(ip);
      return p !== null && p.namespace === pns && p.name.startsWith(pname);
    };
    filters.push((e) => (pf.which === 'from' ? is(e.src.ip) : pf.which === 'to' ? is(e.dst.ip) : is(e.src.ip) || is(e.dst.ip)));
  }
  if (ns !== null && podFilters.length === 0) {
    const nsv = ns;
    filters.push((e) => podOf(e.src.ip)?.namespace === nsv || podOf(e.dst.ip)?.namespace === nsv);
  }
  const caught = new Set<number>();
  const missed = new Map<number, string>();
  const flows: { hop: PathHop; ev: MonitorEvent; us: number }[] = [];
  for (const hop of hopsInOrder(trace)) {
    const kept = keptEvents(state, hop);
    if (kept.length === 0) {
      missed.set(hop.index, t('observe.cmd.missed.hubble', { reason: trace.hops.find((h) => h.index === hop.index)?.seen.hubble.reason ?? '' }));
      continue;
    }
    const pass = kept.filter(({ ev }) => filters.every((f) => f(ev, hop)));
    if (pass.length === 0) missed.set(hop.index, t('observe.cmd.missed.filter'));
    flows.push(...pass.map(({ ev, us }) => ({ hop, ev, us })));
  }
  const shown = last === null ? flows : flows.slice(Math.max(0, flows.length - last));
  for (const f of flows) if (!shown.includes(f) && !shown.some((s) => s.hop.index === f.hop.index)) missed.set(f.hop.index, t('observe.cmd.missed.filter'));
  for (const f of shown) caught.add(f.hop.index);
  const lines: string[] = [];
  shown.forEach((f, k) => {
    if (output === 'compact') lines.push(hubbleLine(state, f.ev, f.us, { nodeName, numeric, macs: macsOf(f.hop) }));
    else if (output === 'json') lines.push(JSON.stringify(flowJson(state, f.hop, f.ev, f.us)));
    else {
      if (k > 0) lines.push('------------');
      lines.push(...dictLines(state, f.hop, f.ev, f.us, nodeName, numeric));
    }
  });
  return { ...result(lines, caught, missed, trace), tool: 'hubble' };
}

function isoTime(us: number): string {
  const d = new Date(Math.floor(us / 1000)).toISOString(); // 2025-08-23T15:19:01.002Z
  return `${d.slice(0, 19)}.${String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0')}000Z`;
}

function endpointJson(state: ClusterState, ip: string, identity: number) {
  const pod = podByIP(state.pods, ip);
  return pod
    ? { ID: pod.endpointID ?? 0, identity, cluster_name: 'default', namespace: pod.namespace, labels: Object.entries(pod.labels).map(([k, v]) => `k8s:${k}=${v}`), pod_name: pod.name }
    : { identity, labels: [identity === 8 ? 'reserved:ingress' : identity === 2 ? 'reserved:world' : identity === 1 ? 'reserved:host' : `identity:${identity}`] };
}

function flowJson(state: ClusterState, hop: PathHop, ev: MonitorEvent, us: number) {
  const l7 = ev.kind === 'l7';
  const proto = hop.packet.proto.toUpperCase();
  return {
    flow: {
      time: isoTime(us),
      verdict: ev.verdict === 'ALLOWED' ? 'FORWARDED' : ev.verdict === 'DENIED' ? 'DROPPED' : ev.verdict,
      IP: { source: ev.src.ip, destination: ev.dst.ip, ipVersion: 'IPv4' },
      l4: { [proto]: { source_port: ev.src.port ?? 0, destination_port: ev.dst.port ?? 0 } },
      source: endpointJson(state, ev.src.ip, ev.src.identity),
      destination: endpointJson(state, ev.dst.ip, ev.dst.identity),
      Type: l7 ? 'L7' : 'L3_L4',
      node_name: ev.node,
      ...(ev.kind === 'trace' ? { trace_observation_point: ev.point.toUpperCase().replace(/-/g, '_') } : {}),
      ...(ev.isReply !== null ? { is_reply: ev.isReply } : {}),
      Summary: ev.summary,
    },
    node_name: ev.node,
    time: isoTime(us),
  };
}

function dictLines(state: ClusterState, hop: PathHop, ev: MonitorEvent, us: number, nodeName: boolean, numeric: boolean): string[] {
  // -o dict shows no identities and does not swap replies (tool-formats.md §3.2)
  const full = hubbleLine(state, ev, us, { numeric, macs: macsOf(hop) });
  const time = full.slice(0, full.indexOf(': '));
  const name = (side: MonitorEvent['src']) => {
    const m = macsOf(hop);
    if (m) return side === ev.src ? m[0] : m[1];
    const pod = numeric ? null : podByIP(state.pods, side.ip);
    const base = pod ? `${pod.namespace}/${pod.name}` : side.ip;
    return side.port ? `${base}:${side.port}` : base;
  };
  const key = (k: string) => k.padStart(11);
  const verdict = ev.kind === 'policy-verdict' ? (ev.verdict === 'DROPPED' || ev.verdict === 'DENIED' ? 'DENIED' : 'ALLOWED') : ev.verdict;
  return [
    `${key('TIMESTAMP')}: ${time}`,
    `${key('SOURCE')}: ${name(ev.src)}`,
    `${key('DESTINATION')}: ${name(ev.dst)}`,
    `${key('TYPE')}: ${ev.point}`,
    `${key('VERDICT')}: ${verdict}`,
    `${key('SUMMARY')}: ${ev.summary}`,
    ...(nodeName ? [`${key('NODE')}: ${ev.node}`] : []),
  ];
}

// ---------------------------------------------------------------- entry

/**
 * Run a tool's command line against a trace. `on` is the node (or client)
 * whose shell it is typed in; `kubectl exec POD -- tcpdump` ignores it.
 * Never throws: a malformed command gives `error` with its column.
 */
/** strconv.ParseBool, which pflag's bool flags use. */
const TRUE_FORMS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_FORMS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function observeCommand(state: ClusterState, trace: Trace, command: string, on: string | null): ObserveResult {
  const bad = (message: string, column: number): ObserveResult => ({ lines: [], caught: [], missed: [], error: message, errorColumn: column });
  try {
    let words = splitWords(command);
    if (words[0]?.text === 'sudo') words = words.slice(1);
    if (words.length === 0) return bad(t('observe.cmd.empty'), 1);
    const tool = words[0].text;
    if (tool === 'kubectl') return kubectlExec(state, trace, words);
    if (tool === 'hubble') return runHubble(state, trace, words);
    if (tool === 'tcpdump' || tool === 'pwru') {
      if (!on) return bad(t('observe.cmd.needNode'), words[0].col);
      return tool === 'tcpdump' ? runTcpdump(state, trace, words, on, false) : runPwru(state, trace, words, on);
    }
    return bad(t('observe.cmd.unknown', { cmd: tool }), words[0].col);
  } catch (e) {
    if (e instanceof CmdError) return bad(e.message, e.column);
    return bad(t('observe.internal', { error: e instanceof Error ? e.message : String(e) }), 1);
  }
}

function kubectlExec(state: ClusterState, trace: Trace, words: Word[]): ObserveResult {
  let ns: string | null = null;
  let podWord: Word | null = null;
  let sawExec = false;
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w.text === '--') {
      i++;
      break;
    }
    if (w.text === '-n' || w.text === '--namespace') {
      const v = words[++i];
      if (!v) fail(t('observe.cmd.missingValue', { opt: w.text }), w.col);
      ns = v.text;
    } else if (w.text.startsWith('--namespace=')) ns = w.text.slice(12);
    else if (w.text === '-c' || w.text === '--container') i++;
    else if (['-it', '-ti', '-i', '-t', '--stdin', '--tty'].includes(w.text)) continue;
    else if (w.text === 'exec' && !sawExec) sawExec = true;
    else if (!w.text.startsWith('-') && sawExec && !podWord) podWord = w;
    else fail(t('observe.cmd.badOption', { opt: w.text, tool: 'kubectl exec' }), w.col);
  }
  if (!sawExec) fail(t('observe.cmd.unknown', { cmd: 'kubectl' }), words[1]?.col ?? 1);
  if (!podWord) fail(t('observe.cmd.missingValue', { opt: 'POD' }), words[words.length - 1].col);
  const rest = words.slice(i);
  if (rest[0]?.text !== 'tcpdump') fail(t('observe.cmd.unknown', { cmd: rest[0]?.text ?? '' }), rest[0]?.col ?? command0(words));
  const name = podWord!.text.replace(/^pods?\//, '');
  const pod = state.pods.find((p) => p.name === name && p.namespace === (ns ?? 'default'));
  if (!pod) fail(t('observe.cmd.noSuchPod', { pod: name }), podWord!.col);
  return runTcpdump(state, trace, rest, `${pod!.namespace}/${pod!.name}`, true);
}

function command0(words: Word[]): number {
  const w = words[words.length - 1];
  return w.col + w.text.length;
}
