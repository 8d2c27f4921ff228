// Command lines as input: what `tcpdump`, `kubectl exec POD -- tcpdump`,
// `pwru` and `hubble observe` would print for this trace, with their banners
// (shared/domain/tool-formats.md §1.0, §1.6, §2.2, §2.4, §3.1, §3.2).
// Every malformed command becomes an error with a column, never an exception.
import { t } from '../../i18n';
import type { ClusterState, MonitorEvent, PathHop, TapPoint, Trace } from '../types';
import { hopsInOrder, logTime, clockMicros, START_US } from './common';
import { hubbleLine, keptEvents, macsOf } from './hubble';
import { matches, parsePcap, type PcapExpr } from './pcap-filter';
import { pwruHeader, pwruRows, PwruSession, SkbContext, type PwruFormat } from './pwru';
import { TcpModel, type Segment } from './tcp';
import { tapEvents } from './exchange';
import { podByIP } from '../cluster/lookup';
import { arpPadded, packetAtTap, tcpdumpLine, type TcpdumpFormat } from './tcpdump';

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
  for (const ev of tapEvents(state, trace)) {
    const seg = tcp.segment(ev.segmentHop, ev.packet);
    if (!mine(ev.tap) || (iface !== 'any' && ev.tap.iface !== iface) || !matches(expr, ev.packet)) continue;
    let line = tcpdumpLine(ev.us, ev.tap, ev.packet, seg, fmt, ev.hop, arpPadded(state, ev.tap, ev.packet));
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
  return result(lines, caught, missed, trace);
}

// ---------------------------------------------------------------- pwru

function runPwru(state: ClusterState, trace: Trace, words: Word[], host: string): ObserveResult {
  const fmt: PwruFormat = { traceTc: false, outputTuple: true };
  let track = false;
  let ifname: string | null = null;
  const exprWords: Word[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!w.text.startsWith('-')) {
      exprWords.push(w);
      continue;
    }
    const [name, inline] = w.text.includes('=') ? [w.text.slice(0, w.text.indexOf('=')), w.text.slice(w.text.indexOf('=') + 1)] : [w.text, null];
    const bool = (v: string | null) => {
      if (v === null || v === 'true') return true;
      if (v === 'false') return false;
      return fail(t('observe.cmd.badValue', { opt: name, value: v }), w.col);
    };
    if (name === '--filter-track-skb') track = bool(inline);
    else if (name === '--filter-trace-tc') fmt.traceTc = bool(inline);
    else if (name === '--output-tuple') fmt.outputTuple = bool(inline);
    else if (name === '--filter-ifname') {
      const v = inline ?? words[++i]?.text;
      if (!v) fail(t('observe.cmd.missingValue', { opt: name }), w.col);
      ifname = v!;
    } else fail(t('observe.cmd.badOption', { opt: name, tool: 'pwru' }), w.col);
  }
  const { expr } = pcapOf(exprWords);
  const segs = segments(state, trace);
  const session = new PwruSession();
  const tracked = new Set<number>();
  const skbs = new SkbContext(state);
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
    const hit = matches(expr, hop.packet) || (track && hop.skb !== null && tracked.has(hop.skb));
    if (!hit) {
      missed.set(hop.index, t('observe.cmd.missed.filter'));
      continue;
    }
    if (track && hop.skb !== null) tracked.add(hop.skb);
    let rs = pwruRows(state, hop, segs.pkt.get(hop.index) ?? null, skbs, trace, fmt);
    if (ifname) rs = rs.filter((r) => r.head.includes(` ${ifname}:`));
    if (rs.length === 0) {
      missed.set(hop.index, t('observe.cmd.missed.iface', { iface: hop.taps[0]?.iface ?? hop.where }));
      continue;
    }
    caught.add(hop.index);
    rows.push(...rs.map((r) => session.line(r, fmt.outputTuple)));
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
  return result(lines, caught, missed, trace);
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
  return result(lines, caught, missed, trace);
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
