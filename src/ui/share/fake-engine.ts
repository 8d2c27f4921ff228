// Test support: a store over a fake engine (the dev fixture's state and trace) and an in-memory
// storage, for the share / embed unit tests.
import { fixtureState, fixtureTrace } from '../dev-fixture';
import type { CompileAnswer, TraceAnswer } from '../engine-types';
import { createAppStore, type EnginePort } from '../store';

export function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map<string, string>(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

export function fakeStore(storage: ReturnType<typeof memoryStorage> | null = null, defaultLab = 'LAB') {
  const compiled: { manifests: string; lab: string }[] = [];
  const traced: { from: string; curl: string }[] = [];
  let seq = 0;
  const engine: EnginePort = {
    async compile(input): Promise<CompileAnswer> {
      compiled.push(input);
      return { seq: ++seq, state: fixtureState(), diagnostics: [], views: null, crash: null };
    },
    async trace(request): Promise<TraceAnswer> {
      traced.push(request);
      const t = fixtureTrace();
      return { seq: ++seq, trace: { ...t, from: request.from, request: { ...t.request, raw: request.curl } }, crash: null };
    },
  };
  const store = createAppStore({ engine, storage, defaultLab, debounceMs: 0 });
  store.getState().setScenarios([
    { id: '03-basic.yaml', title: 'Lab 3', load: async () => 'kind: Lab # three' },
    { id: '10-tls.yaml', title: 'Lab 10', load: async () => 'kind: Lab # ten' },
  ]);
  return { store, compiled, traced, hops: fixtureTrace().hops.length };
}
