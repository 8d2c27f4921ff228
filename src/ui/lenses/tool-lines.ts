// The tool-output pane's lines as a pure function of the trace, the lens and
// the playback step: each tool's own text (hop.seen.<tool>.detail), built up
// as the packet moves.
import type { Hop } from '../engine-types';
import type { LensId } from '../testids';

export interface ToolLine {
  hop: number;
  tool: 'tcpdump' | 'pwru' | 'hubble';
  /** where the tool runs (tcpdump: host + interface; hubble: node) */
  where: string;
  text: string;
}

export function linesOf(hop: Hop, tool: ToolLine['tool']): ToolLine[] {
  const s = hop.seen[tool];
  if (!s.seen) return [];
  if (tool === 'tcpdump') return hop.seen.tcpdump.detail.map((d) => ({ hop: hop.index, tool, where: `${d.host} ${d.iface} ${d.dir}`, text: d.line }));
  if (tool === 'pwru') return hop.seen.pwru.detail.lines.map((l) => ({ hop: hop.index, tool, where: hop.node ?? '', text: l }));
  return hop.seen.hubble.detail.map((d) => ({ hop: hop.index, tool, where: d.node, text: d.line }));
}

/** Lines of hops 0..step (inclusive) for a lens; 'all' interleaves the three tools. */
export function toolLines(hops: Hop[], lens: LensId, step: number): ToolLine[] {
  const tools: ToolLine['tool'][] = lens === 'all' ? ['tcpdump', 'pwru', 'hubble'] : [lens];
  const out: ToolLine[] = [];
  for (const h of hops) {
    if (h.index > step) break;
    for (const tool of tools) out.push(...linesOf(h, tool));
  }
  return out;
}

/**
 * Whether the pane shows pwru rows (kernel function names, which differ between kernel versions, so
 * the pane names the kernel they follow): a pwru command that ran, or lens lines with pwru rows.
 */
export function showsPwru(result: { tool?: string; error: string | null } | null, lines: ToolLine[]): boolean {
  return result ? result.tool === 'pwru' && result.error === null : lines.some((l) => l.tool === 'pwru');
}
