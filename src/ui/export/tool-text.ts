// The tool pane as plain text, as a terminal would hold it: the learner's own command with its
// output, or the lens lines up to the shown hop (each prefixed like on screen).
import type { ObserveResult, Trace } from '../engine-types';
import { toolLines } from '../lenses/tool-lines';
import type { LensId } from '../testids';

export function toolOutputText(trace: Trace | null, lens: LensId, step: number, command: { text: string; on: string | null; result: ObserveResult | null }): string {
  if (command.result) {
    const r = command.result;
    const head = `${command.on ?? ''}$ ${command.text}`.trim();
    const err = r.error ? [`error at column ${r.errorColumn ?? '?'}: ${r.error}`] : [];
    return [head, ...r.lines, ...err].join('\n') + '\n';
  }
  if (!trace) return '';
  const lines = toolLines(trace.hops, lens, step).map((l) => `${lens === 'all' ? `${l.tool} ` : ''}${l.where ? `[${l.where}] ` : ''}${l.text}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
