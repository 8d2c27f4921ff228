// The pcap filter language as learners type it after tcpdump / pwru
// (libpcap grammar.y + gencode.c semantics, pcap-filter(7)): a real parser
// into an AST, a printer, and a matcher over the engine's PacketView.
// Supported: host / net CIDR / port / portrange with src|dst, tcp udp icmp arp
// ip, `tcp port N`, `ether host|src|dst MAC`, and or not && || !, parentheses,
// and libpcap's implicit qualifier (`port 80 or 8080`). Primitives libpcap
// has but hopscope does not model say "unsupported" rather than guessing.
import ipaddr from 'ipaddr.js';
import { t } from '../../i18n';
import type { PacketView } from '../types';

export type Dir = 'src' | 'dst' | 'any';
export type L4 = 'tcp' | 'udp' | null;

export type PcapExpr =
  | { kind: 'and' | 'or'; left: PcapExpr; right: PcapExpr }
  | { kind: 'not'; expr: PcapExpr }
  | { kind: 'host'; dir: Dir; addr: string }
  | { kind: 'net'; dir: Dir; cidr: string }
  | { kind: 'port'; dir: Dir; proto: L4; port: number }
  | { kind: 'portrange'; dir: Dir; proto: L4; from: number; to: number }
  | { kind: 'proto'; proto: 'tcp' | 'udp' | 'icmp' | 'arp' | 'ip' }
  | { kind: 'ether'; dir: Dir; mac: string };

export interface PcapError {
  message: string;
  /** 1-based column in the expression text */
  column: number;
}

export type PcapResult = { ok: true; ast: PcapExpr | null } | { ok: false; error: PcapError };

interface Tok {
  text: string;
  col: number; // 1-based
}

const UNSUPPORTED = new Set([
  'less', 'greater', 'len', 'vlan', 'mpls', 'pppoed', 'pppoes', 'geneve', 'vxlan', 'ip6', 'icmp6', 'sctp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'rarp',
  'gateway', 'broadcast', 'multicast', 'proto', 'protochain', 'mask', 'inbound', 'outbound', 'ifname', 'on', 'rnr', 'rulenum', 'reason', 'rset', 'srnr', 'subrulenum',
  'action', 'wlan', 'type', 'subtype', 'dir', 'decnet', 'atalk', 'aarp', 'iso', 'esis', 'isis', 'clnp', 'stp', 'ipx', 'netbeui', 'llc', 'ah', 'esp', 'lat', 'mopdl',
  'moprc', 'sca', 'fddi', 'tr', 'ppp', 'slip', 'link', 'radio', 'hdlc', 'lane', 'llc', 'metac', 'bcc', 'oam', 'oamf4', 'oamf4ec', 'oamf4sc', 'sc', 'ilmic', 'connectmsg', 'metaconnect',
  'ta', 'ra', 'addr1', 'addr2', 'addr3', 'addr4', 'tcpflags', 'icmptype', 'icmpcode',
]);

function tokenize(text: string): Tok[] | PcapError {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '!') {
      out.push({ text: c, col: i + 1 });
      i++;
      continue;
    }
    if ((c === '&' || c === '|') && text[i + 1] === c) {
      out.push({ text: c + c, col: i + 1 });
      i += 2;
      continue;
    }
    if (/[A-Za-z0-9_.:/-]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_.:/-]/.test(text[i])) i++;
      out.push({ text: text.slice(start, i), col: start + 1 });
      continue;
    }
    if (c === '[' || c === ']' || c === '=' || c === '<' || c === '>' || c === '&' || c === '|' || c === '+' || c === '*')
      return { message: t('observe.pcap.unsupported', { column: i + 1, token: c }), column: i + 1 };
    return { message: t('observe.pcap.unexpected', { column: i + 1, token: c }), column: i + 1 };
  }
  return out;
}

class ParseFail {
  constructor(readonly error: PcapError) {}
}

function isIPv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && ipaddr.IPv4.isValidFourPartDecimal(s);
}

function isMac(s: string): boolean {
  return /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(s);
}

function normMac(s: string): string {
  return s
    .split(':')
    .map((p) => p.toLowerCase().padStart(2, '0'))
    .join(':');
}

function isPort(s: string): boolean {
  return /^\d{1,5}$/.test(s) && Number(s) <= 65535;
}

type Qual = { kind: 'host' | 'net' | 'port' | 'portrange' | 'ether'; dir: Dir; proto: L4 };

class Parser {
  private i = 0;
  /** the qualifiers of the last primitive, for libpcap's `port 80 or 8080` */
  private last: Qual | null = null;
  constructor(
    private readonly toks: Tok[],
    private readonly endCol: number,
  ) {}

  private peek(): Tok | null {
    return this.toks[this.i] ?? null;
  }
  private next(): Tok | null {
    return this.toks[this.i++] ?? null;
  }
  private fail(key: string, tok: Tok | null, extra: Record<string, string> = {}): never {
    const column = tok ? tok.col : this.endCol;
    const id = tok ? key : 'observe.pcap.end';
    throw new ParseFail({ message: t(id, { column, token: tok?.text ?? '', ...extra }), column });
  }

  parse(): PcapExpr | null {
    if (this.toks.length === 0) return null;
    const e = this.expr();
    const rest = this.peek();
    if (rest) {
      if (rest.text === ')') this.fail('observe.pcap.unexpected', rest);
      this.fail('observe.pcap.juxtaposed', rest);
    }
    return e;
  }

  // and / or: equal precedence, left-associative (pcap-filter(7))
  private expr(): PcapExpr {
    let left = this.unary();
    for (;;) {
      const tk = this.peek();
      if (!tk) return left;
      const op = tk.text === 'and' || tk.text === '&&' ? 'and' : tk.text === 'or' || tk.text === '||' ? 'or' : null;
      if (!op) return left;
      this.next();
      const right = this.unary();
      left = { kind: op, left, right };
    }
  }

  private unary(): PcapExpr {
    const tk = this.peek();
    if (!tk) this.fail('observe.pcap.end', null);
    if (tk.text === 'not' || tk.text === '!') {
      this.next();
      return { kind: 'not', expr: this.unary() };
    }
    if (tk.text === '(') {
      this.next();
      const e = this.expr();
      const close = this.next();
      if (!close || close.text !== ')') this.fail('observe.pcap.unexpected', close);
      return e;
    }
    return this.primitive();
  }

  private value(q: Qual, tok: Tok): PcapExpr {
    const v = tok.text;
    const bad = (what: string): never => this.fail('observe.pcap.badValue', tok, { what });
    this.last = q;
    switch (q.kind) {
      case 'host':
        if (!isIPv4(v)) {
          if (/^[A-Za-z]/.test(v)) this.fail('observe.pcap.hostname', tok); // host names need DNS; run with -n
          bad('IPv4 address');
        }
        return { kind: 'host', dir: q.dir, addr: v };
      case 'net': {
        let cidr = v;
        if (isIPv4(v)) cidr = `${v}/32`;
        const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
        if (!m || !isIPv4(m[1]) || Number(m[2]) > 32) bad('network (a.b.c.d/len)');
        const [addr, len] = ipaddr.IPv4.parseCIDR(cidr);
        // libpcap refuses a network with host bits set ("non-network bits set in ...")
        const netAddr = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
        if (netAddr !== addr.toString()) bad('network: host bits are set');
        return { kind: 'net', dir: q.dir, cidr: `${netAddr}/${len}` };
      }
      case 'port':
        if (!isPort(v)) {
          if (/^[A-Za-z]/.test(v)) this.fail('observe.pcap.hostname', tok); // service names need /etc/services
          bad('port');
        }
        return { kind: 'port', dir: q.dir, proto: q.proto, port: Number(v) };
      case 'portrange': {
        const m = /^(\d{1,5})-(\d{1,5})$/.exec(v);
        if (!m || !isPort(m[1]) || !isPort(m[2])) bad('port range (a-b)');
        const a = Number(m![1]);
        const b = Number(m![2]);
        return { kind: 'portrange', dir: q.dir, proto: q.proto, from: Math.min(a, b), to: Math.max(a, b) };
      }
      case 'ether':
        if (!isMac(v)) bad('MAC address');
        return { kind: 'ether', dir: q.dir, mac: normMac(v) };
    }
  }

  private primitive(): PcapExpr {
    const first = this.next()!;
    let tk: Tok | null = first;
    let proto: L4 = null;
    let ether = false;
    let dir: Dir = 'any';
    const word = (x: Tok | null) => x?.text ?? '';
    if (UNSUPPORTED.has(word(tk))) this.fail('observe.pcap.unsupported', tk);
    // protocol qualifier
    if (['tcp', 'udp', 'icmp', 'arp', 'ip', 'ether'].includes(word(tk))) {
      const p = word(tk);
      const after = this.peek();
      const qualifies = after && ['src', 'dst', 'host', 'net', 'port', 'portrange'].includes(after.text);
      if (!qualifies) {
        if (p === 'ether') this.fail('observe.pcap.unexpected', after);
        return { kind: 'proto', proto: p as 'tcp' | 'udp' | 'icmp' | 'arp' | 'ip' };
      }
      if (p === 'ether') ether = true;
      else if (p === 'tcp' || p === 'udp') proto = p;
      else if (['port', 'portrange'].includes(after!.text)) this.fail('observe.pcap.unsupported', tk); // `icmp port` / `ip port`: not modelled
      tk = this.next();
    }
    if (word(tk) === 'src' || word(tk) === 'dst') {
      dir = word(tk) as Dir;
      const after = this.peek();
      if (after && (after.text === 'or' || after.text === 'and')) this.fail('observe.pcap.unsupported', after); // `src or dst host`
      tk = this.next();
    }
    if (!tk) this.fail('observe.pcap.end', null);
    if (UNSUPPORTED.has(tk.text)) this.fail('observe.pcap.unsupported', tk);
    let kind: Qual['kind'] | null = null;
    if (['host', 'net', 'port', 'portrange'].includes(tk.text)) {
      kind = tk.text as Qual['kind'];
      if (ether && kind !== 'host') this.fail('observe.pcap.unexpected', tk);
      if (ether) kind = 'ether';
      if (proto && (kind === 'host' || kind === 'net')) this.fail('observe.pcap.unsupported', first); // `tcp host x`: not modelled
      tk = this.next();
      if (!tk) this.fail('observe.pcap.end', null);
    } else if (ether) {
      kind = 'ether';
    } else if (proto) {
      this.fail('observe.pcap.unexpected', tk);
    }
    if (['and', 'or', 'not', '(', ')', '&&', '||', '!'].includes(tk.text)) this.fail('observe.pcap.unexpected', tk);
    if (kind === null) {
      // a bare value: libpcap takes the previous primitive's qualifiers, or `host` for an address
      if (dir === 'any' && this.last && first === tk) {
        return this.value({ ...this.last }, tk);
      }
      if (isIPv4(tk.text)) return this.value({ kind: 'host', dir, proto: null }, tk);
      if (/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(tk.text)) return this.value({ kind: 'net', dir, proto: null }, tk);
      if (isMac(tk.text)) return this.value({ kind: 'ether', dir, proto: null }, tk);
      this.fail('observe.pcap.unexpected', tk);
    }
    return this.value({ kind, dir, proto }, tk);
  }
}

/** Parse a pcap expression. Never throws. */
export function parsePcap(text: string): PcapResult {
  try {
    const toks = tokenize(text);
    if (!Array.isArray(toks)) return { ok: false, error: toks };
    return { ok: true, ast: new Parser(toks, text.length + 1).parse() };
  } catch (e) {
    if (e instanceof ParseFail) return { ok: false, error: e.error };
    return { ok: false, error: { message: String(e), column: 1 } };
  }
}

const dirWord = (d: Dir) => (d === 'any' ? '' : `${d} `);

/** Canonical text of an AST; parsePcap(print(ast)) gives the same AST. */
export function print(e: PcapExpr | null): string {
  if (!e) return '';
  switch (e.kind) {
    case 'and':
    case 'or':
      return `${wrap(e.left)} ${e.kind} ${wrap(e.right)}`;
    case 'not':
      return `not ${wrap(e.expr)}`;
    case 'host':
      return `${dirWord(e.dir)}host ${e.addr}`;
    case 'net':
      return `${dirWord(e.dir)}net ${e.cidr}`;
    case 'port':
      return `${e.proto ? e.proto + ' ' : ''}${dirWord(e.dir)}port ${e.port}`;
    case 'portrange':
      return `${e.proto ? e.proto + ' ' : ''}${dirWord(e.dir)}portrange ${e.from}-${e.to}`;
    case 'proto':
      return e.proto;
    case 'ether':
      return `ether ${dirWord(e.dir)}host ${e.mac}`;
  }
}

function wrap(e: PcapExpr): string {
  return e.kind === 'and' || e.kind === 'or' ? `(${print(e)})` : print(e);
}

function inNet(ip: string, cidr: string): boolean {
  if (!isIPv4(ip)) return false;
  try {
    return ipaddr.IPv4.parse(ip).match(ipaddr.IPv4.parseCIDR(cidr));
  } catch {
    return false;
  }
}

function addrs(p: PacketView): { src: string; dst: string } {
  // libpcap `host`/`net` without a protocol also test ARP's sender / target addresses (gencode.c gen_host: ip || arp || rarp)
  if (p.proto === 'arp' && p.arp) return { src: p.arp.senderIP, dst: p.arp.targetIP };
  return { src: p.src, dst: p.dst };
}

function byDir<T>(dir: Dir, src: T, dst: T, test: (v: T) => boolean): boolean {
  if (dir === 'src') return test(src);
  if (dir === 'dst') return test(dst);
  return test(src) || test(dst);
}

/** Does the packet match the expression (null = no filter, everything matches)? */
export function matches(e: PcapExpr | null, p: PacketView): boolean {
  if (!e) return true;
  switch (e.kind) {
    case 'and':
      return matches(e.left, p) && matches(e.right, p);
    case 'or':
      return matches(e.left, p) || matches(e.right, p);
    case 'not':
      return !matches(e.expr, p);
    case 'host': {
      const a = addrs(p);
      return byDir(e.dir, a.src, a.dst, (v) => v === e.addr);
    }
    case 'net': {
      const a = addrs(p);
      return byDir(e.dir, a.src, a.dst, (v) => inNet(v, e.cidr));
    }
    case 'port':
    case 'portrange': {
      if (p.proto !== 'tcp' && p.proto !== 'udp') return false;
      if (e.proto && e.proto !== p.proto) return false;
      const ok = (v: number | null) => v !== null && (e.kind === 'port' ? v === e.port : v >= e.from && v <= e.to);
      return byDir(e.dir, p.sport, p.dport, ok);
    }
    case 'proto':
      if (e.proto === 'ip') return p.proto !== 'arp';
      return p.proto === e.proto;
    case 'ether':
      return byDir(e.dir, p.srcMac, p.dstMac, (v) => v !== null && v.toLowerCase() === e.mac);
  }
}
