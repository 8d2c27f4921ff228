import { describe, expect, it } from 'vitest';
import { createAppStore, STORAGE_KEY, type EnginePort } from './store';
import { fixtureState, fixtureTrace } from './dev-fixture';
import type { CompileAnswer, Diagnostic, TraceAnswer } from './engine-types';
import type { CompileInput } from '../worker/protocol';

/** A fake engine: compiles to the fixture unless the text contains BROKEN. */
function fakeEngine() {
  const seen: { compile: CompileInput[]; trace: { from: string; curl: string }[]; observe: { command: string; on: string | null }[] } = { compile: [], trace: [], observe: [] };
  let seq = 0;
  const engine: EnginePort = {
    async compile(input): Promise<CompileAnswer> {
      seen.compile.push(input);
      const state = fixtureState();
      if (input.manifests.includes('BROKEN')) {
        const d: Diagnostic = { severity: 'error', code: 'model.yaml', message: 'bad YAML', file: 'editor', doc: 0, line: 3, column: 1 };
        return { seq: ++seq, state: { ...state, diagnostics: [d] }, diagnostics: [d], views: null, crash: null };
      }
      return { seq: ++seq, state, diagnostics: [], views: null, crash: null };
    },
    async trace(request): Promise<TraceAnswer> {
      seen.trace.push(request);
      return { seq: ++seq, trace: { ...fixtureTrace(), from: request.from }, crash: null };
    },
    async observe(command, on) {
      seen.observe.push({ command, on });
      return { seq: ++seq, result: { lines: [`${on}$ ${command}`], caught: [1], missed: [], error: null, errorColumn: null }, crash: null };
    },
  };
  return { engine, seen };
}

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('store', () => {
  it('compiles, takes the first preset of a loaded scenario, and traces it', async () => {
    const { engine, seen } = fakeEngine();
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    store.getState().setScenarios([{ id: '03-x.yaml', title: 'Lab 3', load: async () => 'kind: Lab' }]);
    await store.getState().init('03-x.yaml');
    const s = store.getState();
    expect(s.scenarioId).toBe('03-x.yaml');
    expect(seen.compile[0]).toEqual({ manifests: 'kind: Lab', lab: 'LAB' });
    expect(s.from).toBe('router');
    expect(s.curl).toBe('curl http://192.168.10.211/');
    expect(s.trace?.hops.length).toBe(fixtureTrace().hops.length);
    expect(s.step).toBe(0);
  });

  it('shows a new state and its trace in one store update, then fills in the text views', async () => {
    const { engine } = fakeEngine();
    let viewsAsked = 0;
    engine.views = async () => ({ seq: ++viewsAsked, views: { 'kubectl get svc': 'NAME' }, crash: null });
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    store.getState().setScenarios([{ id: '03-x.yaml', title: 'Lab 3', load: async () => 'kind: Lab' }]);
    const updates: { state: boolean; trace: boolean }[] = [];
    store.subscribe((s, prev) => {
      if (s.state !== prev.state || s.trace !== prev.trace) updates.push({ state: s.state !== prev.state, trace: s.trace !== prev.trace });
    });
    await store.getState().init('03-x.yaml');
    expect(updates).toEqual([{ state: true, trace: true }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(viewsAsked).toBe(1);
    expect(store.getState().views).toEqual({ 'kubectl get svc': 'NAME' });
  });

  it('keeps the previous text views through a recompile until the new ones arrive', async () => {
    const { engine } = fakeEngine();
    let viewsAsked = 0;
    let release: (() => void) | null = null;
    engine.views = async () => {
      const n = ++viewsAsked;
      if (n > 1) await new Promise<void>((r) => (release = r));
      return { seq: n, views: { 'kubectl get svc': `NAME ${n}` }, crash: null };
    };
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    await store.getState().init(null);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().views).toEqual({ 'kubectl get svc': 'NAME 1' });
    const seen: unknown[] = [];
    const unsubscribe = store.subscribe((s) => seen.push(s.views));
    store.setState({ manifests: 'kind: Service' });
    await store.getState().compileNow();
    expect(viewsAsked).toBe(2);
    expect(store.getState().views).toEqual({ 'kubectl get svc': 'NAME 1' });
    (release as (() => void) | null)?.();
    await new Promise((r) => setTimeout(r, 0));
    unsubscribe();
    expect(store.getState().views).toEqual({ 'kubectl get svc': 'NAME 2' });
    expect(seen).not.toContain(null);
  });

  it('keeps the last good picture, greyed, when the text breaks, and recovers', async () => {
    const { engine } = fakeEngine();
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    await store.getState().init(null);
    const good = store.getState().trace;
    expect(good).not.toBeNull();
    store.setState({ manifests: 'BROKEN' });
    await store.getState().compileNow();
    let s = store.getState();
    expect(s.stale).toBe(true);
    expect(s.trace).toBe(good);
    expect(s.state).not.toBeNull();
    expect(s.diagnostics[0].line).toBe(3);
    store.setState({ manifests: 'fine' });
    await store.getState().compileNow();
    s = store.getState();
    expect(s.stale).toBe(false);
    expect(s.diagnostics).toEqual([]);
  });

  it('autosaves the text and restores it', async () => {
    const { engine } = fakeEngine();
    const storage = memoryStorage();
    const a = createAppStore({ engine, storage, defaultLab: 'LAB', debounceMs: 0 });
    a.getState().setText('manifests', 'my text');
    a.getState().setText('lab', 'my lab');
    expect(JSON.parse(storage.m.get(STORAGE_KEY)!).manifests).toBe('my text');
    const b = createAppStore({ engine, storage, defaultLab: 'LAB', debounceMs: 0 });
    expect(b.getState().manifests).toBe('my text');
    expect(b.getState().lab).toBe('my lab');
  });

  it('keeps a history browsed with up and down', async () => {
    const { engine, seen } = fakeEngine();
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    await store.getState().init(null);
    const st = store.getState();
    st.setCurl('curl one');
    await store.getState().send();
    store.getState().setCurl('curl two');
    await store.getState().send();
    expect(seen.trace.at(-1)?.curl).toBe('curl two');
    store.getState().setCurl('draft');
    store.getState().historyStep(-1);
    expect(store.getState().curl).toBe('curl two');
    store.getState().historyStep(-1);
    expect(store.getState().curl).toBe('curl one');
    store.getState().historyStep(-1);
    expect(store.getState().curl).toBe('curl one');
    store.getState().historyStep(1);
    expect(store.getState().curl).toBe('curl two');
  });

  it('steps within the trace and pauses on a manual step', async () => {
    const { engine } = fakeEngine();
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    await store.getState().init(null);
    const n = store.getState().trace!.hops.length;
    store.getState().play();
    expect(store.getState().playing).toBe(true);
    store.getState().stepBy(1);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().step).toBe(1);
    store.getState().stepBy(-5);
    expect(store.getState().step).toBe(0);
    store.getState().goTo(1000);
    expect(store.getState().step).toBe(n - 1);
    store.getState().tick(n - 1);
    expect(store.getState().playing).toBe(false);
  });

  it('a send plays the new trace from the start', async () => {
    const { engine } = fakeEngine();
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    await store.getState().init(null);
    store.getState().goTo(5);
    await store.getState().send();
    expect(store.getState().step).toBe(0);
    expect(store.getState().playing).toBe(true);
  });

  it('a preset sets the request and sends it', async () => {
    const { engine, seen } = fakeEngine();
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    await store.getState().init(null);
    await store.getState().applyPreset(1);
    expect(seen.trace.at(-1)).toEqual({ from: 'router', curl: 'curl http://192.168.10.211/details/1' });
  });

  it("runs the learner's command, re-runs it on a new trace, and clears it", async () => {
    const { engine, seen } = fakeEngine();
    const store = createAppStore({ engine, defaultLab: 'LAB', debounceMs: 0 });
    await store.getState().init(null);
    store.getState().setCommand('tcpdump -nn -i eth1');
    store.getState().setCommandOn('k8s-ctr');
    await store.getState().runCommand();
    expect(store.getState().commandResult?.lines).toEqual(['k8s-ctr$ tcpdump -nn -i eth1']);
    await store.getState().send();
    expect(seen.observe).toHaveLength(2);
    store.getState().clearCommand();
    expect(store.getState().commandResult).toBeNull();
    await store.getState().send();
    expect(seen.observe).toHaveLength(2);
  });
});
