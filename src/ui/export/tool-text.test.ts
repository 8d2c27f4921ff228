import { describe, expect, it } from 'vitest';
import { fixtureTrace } from '../dev-fixture';
import { toolLines } from '../lenses/tool-lines';
import { toolOutputText } from './tool-text';

describe('toolOutputText', () => {
  const trace = fixtureTrace();
  const last = trace.hops.length - 1;
  it('gives the lens lines up to the step, one per line, prefixed like on screen', () => {
    const text = toolOutputText(trace, 'all', last, { text: '', on: null, result: null });
    const lines = toolLines(trace.hops, 'all', last);
    expect(lines.length).toBeGreaterThan(0);
    expect(text.split('\n').filter(Boolean)).toHaveLength(lines.length);
    expect(text.startsWith(`${lines[0].tool} `)).toBe(true);
    expect(toolOutputText(trace, 'all', -1, { text: '', on: null, result: null })).toBe('');
  });
  it('gives the command and its output when a command ran', () => {
    const text = toolOutputText(trace, 'all', last, { text: 'tcpdump -i eth1', on: 'kind-worker', result: { lines: ['a', 'b'], caught: [], missed: [], error: 'bad', errorColumn: 3 } });
    expect(text).toBe('kind-worker$ tcpdump -i eth1\na\nb\nerror at column 3: bad\n');
  });
  it('nothing without a trace', () => {
    expect(toolOutputText(null, 'pwru', 3, { text: '', on: null, result: null })).toBe('');
  });
});
