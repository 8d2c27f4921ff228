// Every scenario file is a specification of what real Cilium does: compile it, send every
// request it carries, and check every field of its `expect`. Test names are
// "<file> › <request name>" so a failure says which lab broke.
import { describe, expect, it } from 'vitest';
import { compile, trace } from '../src/engine';
import type { ClusterState, Diagnostic } from '../src/engine';
import { checkExpect, readAllScenarios } from '../src/cli/scenarios';

const scenarios = readAllScenarios();

function fmt(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

describe('scenario files', () => {
  it('exist: one per lab of LABS.md (11 labs)', () => {
    const labs = new Set(scenarios.map((s) => s.name.match(/^(\d+)/)?.[1]).filter(Boolean));
    for (let i = 1; i <= 11; i++) expect(labs, `no scenario for lab ${i}`).toContain(String(i).padStart(2, '0'));
  });
});

for (const sc of scenarios) {
  describe(sc.name, () => {
    // compiled once per file, lazily, so a broken engine fails the tests rather than the collection
    let compiled: { state: ClusterState } | null = null;
    let compileError: unknown = null;
    const state = (): ClusterState => {
      if (!compiled && !compileError) {
        try {
          compiled = compile([{ file: sc.name, text: sc.text }]);
        } catch (e) {
          compileError = e;
        }
      }
      if (compileError) throw compileError;
      return compiled!.state;
    };

    it('has a Lab document with a title, requests, and an expect on each', () => {
      expect(sc.problems, sc.problems.join('\n')).toEqual([]);
      expect(sc.title, 'spec.title').toBeTruthy();
      expect(sc.requests.length, 'spec.requests is empty').toBeGreaterThan(0);
      for (const r of sc.requests) expect(r.expect, `request "${r.name}" has no expect`).not.toBeNull();
    });

    it('compiles without error diagnostics', () => {
      const s = state();
      const errors = s.diagnostics.filter((d) => d.severity === 'error');
      const warnings = s.diagnostics.filter((d) => d.severity === 'warning');
      if (warnings.length > 0) console.warn(`${sc.name}: ${warnings.length} warning(s)\n${warnings.map(fmt).join('\n')}`);
      expect(errors.map(fmt)).toEqual([]);
    });

    it('the model reads the same requests as the file lists', () => {
      const s = state();
      const mine = s.requests.filter((r) => r.loc.file === sc.name);
      expect(
        mine.map((r) => [r.name, r.from, r.curl]),
        'requests parsed by the model (spec.requests of this file)',
      ).toEqual(sc.requests.map((r) => [r.name, r.from, r.curl]));
    });

    for (const req of sc.requests) {
      it(`${sc.name} › ${req.name}`, () => {
        const t = trace(state(), { from: req.from, curl: req.curl });
        const errors = t.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map(fmt), 'error diagnostics from trace()').toEqual([]);
        const failures = req.expect ? checkExpect(t, req.expect) : ['no expect'];
        const context = [
          `from ${req.from}: ${req.curl}`,
          `outcome: status ${t.outcome.status}, exit ${t.outcome.exitCode}, error ${JSON.stringify(t.outcome.error)}`,
          `backend: ${t.backend ? `${t.backend.namespace}/${t.backend.service} ${t.backend.pod}@${t.backend.node}` : 'none'}, envoy: ${t.envoyNode}`,
        ].join('\n');
        expect(failures, context).toEqual([]);
      });
    }
  });
}
