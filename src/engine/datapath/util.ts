// Small pure helpers: IPv4 arithmetic, deterministic hashing (the scenario's
// seed replaces randomness), ephemeral ports.

import { ipToInt } from '../cluster/util';

export { ipToInt };

export function isIPv4(s: string): boolean {
  return ipToInt(s) !== null;
}

/** `ip` inside `cidr` (a.b.c.d/n); a bare address is a /32. */
export function inCidr(ip: string, cidr: string | null | undefined): boolean {
  if (!cidr) return false;
  const slash = cidr.indexOf('/');
  let base: string;
  let len: number;
  if (slash < 0) {
    base = cidr;
    len = 32;
  } else {
    // as cidr.split('/'): the length is the text up to a second '/', if any
    base = cidr.slice(0, slash);
    const second = cidr.indexOf('/', slash + 1);
    len = Number(second < 0 ? cidr.slice(slash + 1) : cidr.slice(slash + 1, second));
  }
  const a = ipToInt(ip);
  const b = ipToInt(base);
  if (a === null || b === null || !(len >= 0 && len <= 32)) return false;
  if (len === 0) return true;
  const mask = (0xffffffff << (32 - len)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

export function prefixLen(cidr: string): number {
  const l = cidr.split('/')[1];
  return l === undefined ? 32 : Number(l);
}

/** FNV-1a over a string: stable across runs and platforms. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Linux's default ip_local_port_range is 32768-60999. */
export function ephemeralPort(seed: number, salt: string): number {
  return 32768 + (hash(`${seed}:${salt}`) % (60999 - 32768 + 1));
}

/** A locally administered MAC derived from an IP (for bare-IP clients). */
export function macFromIP(ip: string): string {
  const n = ipToInt(ip) ?? 0;
  const b = [0x02, 0x42, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export function pickIndex(seed: number, salt: string, n: number): number {
  return n <= 0 ? 0 : hash(`${seed}|${salt}`) % n;
}

/** RFC 1918 / loopback: Envoy marks such clients `x-envoy-internal: true`. */
export function isPrivate(ip: string): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8'].some((c) => inCidr(ip, c));
}
