// "Which command would catch this hop?" — one command per tool, each checked
// by running it (observeCommand) against the same trace, or the reason none
// can. The checking is the point: a suggestion hopscope prints is one it has
// seen catch the hop.
import { t } from '../../i18n';
import type { ClusterState, Hop, Trace } from '../types';
import { observeCommand } from './command';
import { MODULE_OF } from './kmods';

export interface CommandSuggestion {
  tool: 'tcpdump' | 'pwru' | 'hubble';
  /** the command line, or null when no command of this tool can catch the hop */
  command: string | null;
  /** where it is typed: a node or client name (null: anywhere with access, e.g. hubble via Relay) */
  on: string | null;
  /** when command is null: why */
  reason: string | null;
}

function l4Filter(h: Hop): string {
  const p = h.packet;
  if (p.proto === 'arp') return 'arp';
  const hosts = `host ${p.src} and host ${p.dst}`;
  // the server's port: the destination going out, the source coming back
  const port = h.direction === 'reply' ? (p.sport ?? p.dport) : (p.dport ?? p.sport);
  return port !== null && p.proto !== 'icmp' ? `${p.proto} and ${hosts} and port ${port}` : hosts;
}

function caught(state: ClusterState, trace: Trace, command: string, on: string | null, hop: number): boolean {
  const r = observeCommand(state, trace, command, on);
  return r.error === null && r.caught.includes(hop);
}

function forTcpdump(state: ClusterState, trace: Trace, h: Hop): CommandSuggestion {
  const filter = l4Filter(h);
  for (const tap of h.taps) {
    const isPod = tap.netns === 'pod';
    const [ns, pod] = isPod ? tap.host.split('/') : ['', ''];
    const command = isPod ? `kubectl exec -n ${ns} ${pod} -- tcpdump -i ${tap.iface} -nn '${filter}'` : `tcpdump -i ${tap.iface} -nn '${filter}'`;
    const on = isPod ? null : tap.host;
    if (caught(state, trace, command, on, h.index)) return { tool: 'tcpdump', command, on, reason: null };
  }
  return { tool: 'tcpdump', command: null, on: null, reason: h.seen.tcpdump.reason ?? t('observe.suggest.none') };
}

function forPwru(state: ClusterState, trace: Trace, h: Hop): CommandSuggestion {
  if (h.kfuncs.length === 0 && !h.tcProgram) return { tool: 'pwru', command: null, on: null, reason: h.seen.pwru.reason ?? t('observe.suggest.none') };
  const on = h.node;
  const filter = l4Filter(h);
  // plain pwru probes vmlinux only: --all-kmods is offered when the hop's functions are in a module (kmods.ts)
  const candidates = [`pwru --filter-trace-tc '${filter}'`, `pwru --filter-track-skb --filter-trace-tc '${filter}'`];
  if (h.kfuncs.some((f) => MODULE_OF.has(f))) candidates.push(`pwru --all-kmods --filter-trace-tc '${filter}'`, `pwru --all-kmods --filter-track-skb --filter-trace-tc '${filter}'`);
  for (const command of candidates) {
    if (caught(state, trace, command, on, h.index)) return { tool: 'pwru', command, on, reason: null };
  }
  return { tool: 'pwru', command: null, on: null, reason: h.seen.pwru.reason ?? t('observe.suggest.none') };
}

function forHubble(state: ClusterState, trace: Trace, h: Hop): CommandSuggestion {
  if (!h.seen.hubble.seen) return { tool: 'hubble', command: null, on: null, reason: h.seen.hubble.reason ?? t('observe.suggest.none') };
  const ips = [...new Set([h.packet.src, h.packet.dst, trace.connections[0]?.client.ip].filter((x): x is string => !!x))];
  for (const ip of ips) {
    const command = `hubble observe --ip ${ip}`;
    if (caught(state, trace, command, null, h.index)) return { tool: 'hubble', command, on: null, reason: null };
  }
  const command = 'hubble observe';
  if (caught(state, trace, command, null, h.index)) return { tool: 'hubble', command, on: null, reason: null };
  return { tool: 'hubble', command: null, on: null, reason: t('observe.suggest.hubbleFilter') };
}

/** One suggestion per tool for hop `index` of the trace. Never throws. */
export function suggestCommands(state: ClusterState, trace: Trace, index: number): CommandSuggestion[] {
  const h = trace.hops.find((x) => x.index === index);
  if (!h) return (['tcpdump', 'pwru', 'hubble'] as const).map((tool) => ({ tool, command: null, on: null, reason: t('observe.suggest.noHop', { index }) }));
  try {
    return [forTcpdump(state, trace, h), forPwru(state, trace, h), forHubble(state, trace, h)];
  } catch (e) {
    const reason = t('observe.suggest.internal', { error: e instanceof Error ? e.message : String(e) });
    return (['tcpdump', 'pwru', 'hubble'] as const).map((tool) => ({ tool, command: null, on: null, reason }));
  }
}

export interface LensCommand {
  command: string;
  /** the node whose shell it is typed in (null for hubble: any node via Relay) */
  on: string | null;
}

/**
 * The command a learner (the seed blog's author) would type first for each
 * tool to follow this request: tcpdump on the receiving node's segment
 * interface filtered on the address the client dialled, pwru with the tc
 * programs on the same filter, hubble on the client's address.
 */
export function lensCommands(state: ClusterState, trace: Trace): Record<'tcpdump' | 'pwru' | 'hubble', LensCommand> {
  const client = trace.connections[0]?.client.ip ?? null;
  const dialled = trace.connections.find((c) => c.kind === 'tcp')?.server.ip ?? null;
  // the first node whose netdev sees the request: the L2 leader / receiving node
  const firstTap = trace.hops.flatMap((h) => h.taps).find((tp) => tp.netns === 'host' && state.nodes.some((n) => n.name === tp.host));
  const node = firstTap?.host ?? trace.envoyNode ?? state.nodes[0]?.name ?? null;
  const iface = firstTap?.iface ?? 'any';
  const host = dialled ? ` host ${dialled}` : '';
  return {
    tcpdump: { command: `tcpdump -i ${iface} -nn${host}`, on: node },
    pwru: { command: `pwru --filter-trace-tc '${dialled ? `host ${dialled}` : 'tcp'}'`, on: node },
    hubble: { command: client ? `hubble observe --ip ${client}` : 'hubble observe', on: null },
  };
}
