// Shared helpers of the observers: deterministic numbers from the scenario
// seed, the scenario clock, and the name/address look-ups the three tools share.
import type { ClusterState, NetIf, PathHop, PathTrace, SourceRef } from '../types';
import { ifaceByName, nodeByName, podByBareName, podByFullName } from '../cluster/lookup';

/** 32-bit FNV-1a over a string, mixed with the seed: the only source of "randomness". */
export function hash32(seed: number, ...parts: (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  // FNV-1a over parts.join('|'), without building the joined string (this runs several times per hop)
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) h = Math.imul(h ^ 0x7c, 0x01000193) >>> 0; // '|'
    const part = parts[p];
    const text = typeof part === 'string' ? part : String(part);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The scenario clock in microseconds since the epoch (0 when unreadable: never throws). */
export function clockMicros(clock: string): number {
  // Date.parse is slow and this runs for every line printed: remember the last clock read
  if (clock === lastClock.text) return lastClock.us;
  const ms = Date.parse(clock);
  const us = Number.isFinite(ms) ? ms * 1000 : 0;
  lastClock = { text: clock, us };
  return us;
}

/** a one-entry memo of the pure clockMicros (holds one clock string, nothing else) */
let lastClock: { text: string | null; us: number } = { text: null, us: 0 };

/** Fixed steps: every hop is 211 µs after the previous one, every tap 7 µs after the previous tap. */
export const HOP_STEP_US = 211;
export const TAP_STEP_US = 7;
/** The request starts one second after the scenario clock (curl's start-up, DNS). */
export const START_US = 1_000_000;

export function hopMicros(state: ClusterState, hopIndex: number, sub = 0): number {
  return clockMicros(state.clock) + START_US + hopIndex * HOP_STEP_US + sub * TAP_STEP_US;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** tcpdump util-print.c ts_print default: `HH:MM:SS.uuuuuu` (the lab's nodes run in UTC). */
export function tcpdumpTime(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = ((us % 1_000_000) + 1_000_000) % 1_000_000;
  // UTC time of day by arithmetic (a Date per printed line was a measurable part of a trace):
  // ECMAScript time has no leap seconds, so this equals getUTCHours/Minutes/Seconds.
  const sod = ((Math.floor(ms / 1000) % 86_400) + 86_400) % 86_400;
  return `${pad2(Math.floor(sod / 3600))}:${pad2(Math.floor(sod / 60) % 60)}:${pad2(sod % 60)}.${String(micro).padStart(6, '0')}`;
}


const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go time.StampMilli `Jan _2 15:04:05.000` (hubble observe's default --time-format). */
export function hubbleTime(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const milli = String(d.getUTCMilliseconds()).padStart(3, '0');
  return `${MONTHS[d.getUTCMonth()]} ${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${milli}`;
}

/** pwru / tcpdump banner date `YYYY/MM/DD HH:MM:SS` (Go log default). */
export function logTime(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  return `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** The interface `name` on `host` (node name), null when unknown. */
export function findIf(state: ClusterState, host: string | null, name: string): NetIf | null {
  if (host === null) return null;
  const node = nodeByName(state.nodes, host);
  if (node) return ifaceByName(node, name) ?? null;
  return null;
}

/** Pod by `namespace/name` or by name alone. */
export function findPod(state: ClusterState, ref: string | null) {
  if (!ref) return null;
  const bare = ref.startsWith('pod:') ? ref.slice(4) : ref;
  return podByFullName(state.pods, bare) ?? podByBareName(state.pods, bare) ?? null;
}

/** The machine a host name runs on: a node or a lab client is its own, a pod (`ns/name`, or a bare name) is on its node; anything else is left as it is. */
export function nodeOfHost(state: ClusterState, where: string): string {
  if (nodeByName(state.nodes, where) !== undefined || state.clients.some((c) => c.name === where)) return where;
  return findPod(state, where)?.node ?? where;
}

export const HOST_NETNS = 4026531840;

/** A pod's netns inode: deterministic, above the host's (which is the first one the kernel makes). */
export function podNetns(state: ClusterState, pod: string): number {
  return 4026532000 + (hash32(state.seed, 'netns', pod) % 900);
}

export function ref(label: string, path: string): SourceRef {
  return { label, path };
}

export const REFS = {
  rxTap: ref('torvalds/linux net/core/dev.c __netif_receive_skb_core', 'net/core/dev.c'),
  txTap: ref('torvalds/linux net/core/dev.c xmit_one / dev_queue_xmit_nit', 'net/core/dev.c'),
  egress: ref('torvalds/linux net/core/dev.c __dev_queue_xmit (sch_handle_egress before the taps)', 'net/core/dev.c'),
  peer: ref('torvalds/linux net/core/filter.c skb_do_redirect (BPF_F_PEER)', 'net/core/filter.c'),
  pwruFuncs: ref('cilium/pwru internal/pwru/utils.go GetFuncs', 'internal/pwru/utils.go'),
  pwruKmods: ref('cilium/pwru main.go --all-kmods / internal/pwru/utils.go GetFuncs (kmods)', 'main.go'),
  trace: ref('cilium/cilium bpf/lib/trace.h emit_trace_notify', 'bpf/lib/trace.h'),
  hubbleOff: ref('cilium/cilium install/kubernetes/cilium/values.yaml hubble.enabled', 'install/kubernetes/cilium/values.yaml'),
  envoyAccessLog: ref('cilium/proxy cilium/accesslog.cc', 'cilium/accesslog.cc'),
  arp: ref('cilium/cilium bpf/bpf_host.c do_netdev (ETH_P_ARP)', 'bpf/bpf_host.c'),
};

/** Hops grouped per connection in trace order, for the stateful TCP model. */
export function hopsInOrder(trace: PathTrace): PathHop[] {
  return [...trace.hops].sort((a, b) => a.index - b.index);
}

/** Stages where the packet is inside user space or the socket layer (no netdev, no skb function of its own). */
export const USER_SPACE_STAGES = new Set(['envoy-listener', 'envoy-tls', 'envoy-route', 'envoy-policy', 'envoy-upstream', 'app', 'client']);
