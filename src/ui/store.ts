// The one module that owns the app's mutable state: a zustand store made of
// slices (editor, trace, playback, lens, view). Components read it and call
// its actions; nothing else writes. The engine is injected (a worker client in
// the app, a fake in tests), so the store runs in Node too.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClusterState, CompileAnswer, Diagnostic, ObserveResult, StateViews, Trace, TraceAnswer, TraceRequest } from './engine-types';
import type { CompileInput, ObserveAnswer } from '../worker/protocol';
import type { LensId } from './testids';

/** What the store needs from the engine (EngineClient satisfies it). null = superseded answer. */
export interface EnginePort {
  compile(input: CompileInput): Promise<CompileAnswer | null>;
  trace(request: TraceRequest): Promise<TraceAnswer | null>;
  /** a learner's tcpdump / pwru / hubble command against the last trace */
  observe?(command: string, on: string | null): Promise<ObserveAnswer | null>;
}

export interface ScenarioInfo {
  id: string; // file name without folder, e.g. 03-basic-ingress.yaml
  title: string;
  load: () => Promise<string>;
}

export type EditorTab = 'manifests' | 'lab';

export interface EditorSlice {
  manifests: string;
  lab: string;
  tab: EditorTab;
  /** diagnostics of the latest compile (errors, warnings, infos) */
  diagnostics: Diagnostic[];
  /** the latest text failed to compile cleanly: the picture shown is the last good one */
  stale: boolean;
  setText(tab: EditorTab, text: string): void;
  setTab(tab: EditorTab): void;
  /** run the engine now (no debounce) */
  compileNow(): Promise<void>;
}

export interface TraceSlice {
  state: ClusterState | null;
  views: StateViews | null;
  trace: Trace | null;
  from: string;
  curl: string;
  history: { from: string; curl: string }[];
  /** position while browsing history with up/down; null = not browsing */
  historyPos: number | null;
  scenarios: ScenarioInfo[];
  scenarioId: string | null;
  /** a message for the banner (worker restarted, engine failure), null = none */
  banner: string | null;
  busy: boolean;
  setFrom(from: string): void;
  setCurl(curl: string): void;
  send(): Promise<void>;
  historyStep(dir: -1 | 1): void;
  setScenarios(list: ScenarioInfo[]): void;
  loadScenario(id: string): Promise<void>;
  applyPreset(index: number): Promise<void>;
  setBanner(text: string | null): void;
  /** first run: restore saved text, else load the default scenario (or the lab alone) */
  init(defaultScenario: string | null): Promise<void>;
}

export interface PlaybackSlice {
  /** index of the current hop; -1 when there is no trace */
  step: number;
  playing: boolean;
  speed: number;
  /** bumps on restart so the animator starts over */
  epoch: number;
  play(): void;
  pause(): void;
  togglePlay(): void;
  stepBy(n: number): void;
  goTo(step: number): void;
  /** the animator reached a hop (no epoch bump); stops at the last one */
  tick(step: number): void;
  restart(): void;
  setSpeed(speed: number): void;
}

export interface LensSlice {
  lens: LensId;
  /** hop whose row is expanded (reason shown), null = none */
  expanded: number | null;
  inspectorTab: 'hop' | 'cluster';
  /** the learner's own tool command (empty = show the lens lines) and the shell it runs in */
  command: string;
  commandOn: string | null;
  commandResult: ObserveResult | null;
  setCommand(command: string): void;
  setCommandOn(on: string | null): void;
  runCommand(): Promise<void>;
  clearCommand(): void;
  setLens(lens: LensId): void;
  toggleExpanded(index: number): void;
  setInspectorTab(tab: 'hop' | 'cluster'): void;
}

export type Theme = 'light' | 'dark';

export interface ViewSlice {
  theme: Theme;
  /** editor pane width (px) and bottom area height (px) */
  sizes: { editor: number; bottom: number; inspector: number };
  setTheme(theme: Theme): void;
  setSize(key: keyof ViewSlice['sizes'], px: number): void;
}

export type AppState = EditorSlice & TraceSlice & PlaybackSlice & LensSlice & ViewSlice;
export type AppStore = StoreApi<AppState>;

export interface StoreDeps {
  engine: EnginePort;
  /** localStorage in the app; null in tests */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  debounceMs?: number;
  defaultLab: string;
  defaultTheme?: Theme;
}

export const STORAGE_KEY = 'hopscope.ui.v1';
const HISTORY_MAX = 50;
export const SPEEDS = [0.25, 0.5, 1, 2, 4];

interface Saved {
  manifests: string;
  lab: string;
  scenarioId: string | null;
  from: string;
  curl: string;
  history: { from: string; curl: string }[];
  theme?: Theme;
}

function hasErrors(diags: Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Clamp a step into a trace of n hops. */
export function clampStep(step: number, n: number): number {
  if (n <= 0) return -1;
  return Math.max(0, Math.min(n - 1, step));
}

export function createAppStore(deps: StoreDeps): AppStore {
  const debounceMs = deps.debounceMs ?? 150;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saved: Saved | null = null;
  try {
    const raw = deps.storage?.getItem(STORAGE_KEY);
    if (raw) saved = JSON.parse(raw) as Saved;
  } catch {
    saved = null;
  }
  /** after a scenario load, take its first request as the current one */
  let takePreset = false;

  const store = createStore<AppState>()((set, get) => {
    const persist = () => {
      if (!deps.storage) return;
      const s = get();
      const data: Saved = { manifests: s.manifests, lab: s.lab, scenarioId: s.scenarioId, from: s.from, curl: s.curl, history: s.history, theme: s.theme };
      try {
        deps.storage.setItem(STORAGE_KEY, JSON.stringify(data));
      } catch {
        /* storage full or denied: keep working */
      }
    };

    const runTrace = async (autoplay: boolean) => {
      const { from, curl, state } = get();
      if (!state || !curl.trim()) return;
      set({ busy: true });
      const answer = await deps.engine.trace({ from, curl });
      if (!answer) return; // superseded
      if (answer.crash || !answer.trace) {
        set({ busy: false, banner: get().banner ?? (answer.crash ? `engine: ${answer.crash}` : null) });
        return;
      }
      const n = answer.trace.hops.length;
      set((s) => ({
        busy: false,
        trace: answer.trace,
        step: autoplay ? (n ? 0 : -1) : clampStep(s.step < 0 ? 0 : s.step, n),
        playing: autoplay && n > 1,
        epoch: s.epoch + 1,
        expanded: null,
      }));
      if (get().commandResult) await runObserve();
    };

    const runObserve = async () => {
      const { command, commandOn } = get();
      if (!deps.engine.observe || !command.trim()) return;
      const answer = await deps.engine.observe(command.trim(), commandOn);
      if (!answer) return;
      set({ commandResult: answer.result ?? { lines: [], caught: [], missed: [], error: answer.crash ?? 'no answer', errorColumn: null } });
    };

    const runCompile = async () => {
      const s = get();
      set({ busy: true });
      const answer = await deps.engine.compile({ manifests: s.manifests, lab: s.lab });
      if (!answer) return; // a newer edit superseded this run
      if (!answer.state) {
        set({ busy: false, stale: get().state !== null, diagnostics: answer.diagnostics, banner: get().banner ?? (answer.crash ? `engine: ${answer.crash}` : null) });
        return;
      }
      const broken = hasErrors(answer.diagnostics);
      if (broken && get().state) {
        // keep the last good picture, greyed, with the errors listed
        set({ busy: false, stale: true, diagnostics: answer.diagnostics });
        return;
      }
      set({ state: answer.state, views: answer.views, diagnostics: answer.diagnostics, stale: broken, busy: false });
      let autoplay = false;
      if (takePreset) {
        takePreset = false;
        const first = orderedRequests(answer.state)[0]?.request;
        if (first) {
          set({ from: first.from, curl: first.curl });
          autoplay = false;
        }
        persist();
      }
      await runTrace(autoplay);
    };

    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void runCompile();
      }, debounceMs);
    };

    return {
      // editor
      manifests: saved?.manifests ?? '',
      lab: saved?.lab ?? deps.defaultLab,
      tab: 'manifests',
      diagnostics: [],
      stale: false,
      setText(tab, text) {
        if (tab === 'manifests') set({ manifests: text });
        else set({ lab: text });
        persist();
        schedule();
      },
      setTab(tab) {
        set({ tab });
      },
      async compileNow() {
        if (timer) clearTimeout(timer);
        timer = null;
        await runCompile();
      },

      // trace
      state: null,
      views: null,
      trace: null,
      from: saved?.from ?? 'router',
      curl: saved?.curl ?? '',
      history: saved?.history ?? [],
      historyPos: null,
      scenarios: [],
      scenarioId: saved?.scenarioId ?? null,
      banner: null,
      busy: false,
      setFrom(from) {
        set({ from });
      },
      setCurl(curl) {
        set({ curl, historyPos: null });
      },
      async send() {
        const { from, curl, history } = get();
        if (!curl.trim()) return;
        const entry = { from, curl: curl.trim() };
        const rest = history.filter((h) => !(h.from === entry.from && h.curl === entry.curl));
        set({ history: [...rest, entry].slice(-HISTORY_MAX), historyPos: null });
        persist();
        if (timer) {
          // an edit is waiting: compile first, its trace uses the new request
          await get().compileNow();
          return;
        }
        await runTrace(true);
      },
      historyStep(dir) {
        const { history, historyPos } = get();
        if (!history.length) return;
        let pos = historyPos ?? history.length;
        pos = Math.max(0, Math.min(history.length, pos + dir));
        if (pos === history.length) {
          set({ historyPos: null });
          return;
        }
        const h = history[pos];
        set({ historyPos: pos, from: h.from, curl: h.curl });
      },
      setScenarios(list) {
        set({ scenarios: list });
      },
      async loadScenario(id) {
        const sc = get().scenarios.find((x) => x.id === id);
        if (!sc) return;
        const text = await sc.load();
        takePreset = true;
        set({ scenarioId: id, manifests: text, tab: 'manifests' });
        persist();
        await get().compileNow();
      },
      async applyPreset(index) {
        const r = get().state?.requests[index];
        if (!r) return;
        set({ from: r.from, curl: r.curl });
        await get().send();
      },
      setBanner(text) {
        set({ banner: text });
      },
      async init(defaultScenario) {
        if (saved) {
          await get().compileNow();
          return;
        }
        if (defaultScenario && get().scenarios.some((x) => x.id === defaultScenario)) {
          await get().loadScenario(defaultScenario);
          return;
        }
        takePreset = true;
        await get().compileNow();
      },

      // playback
      step: -1,
      playing: false,
      speed: 1,
      epoch: 0,
      play() {
        const { trace, step } = get();
        const n = trace?.hops.length ?? 0;
        if (n < 2) return;
        // at the end, play starts over
        set({ playing: true, step: step >= n - 1 ? 0 : step });
      },
      pause() {
        set({ playing: false });
      },
      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },
      stepBy(k) {
        const n = get().trace?.hops.length ?? 0;
        set((s) => ({ playing: false, step: clampStep(s.step + k, n), epoch: s.epoch + 1 }));
      },
      goTo(step) {
        const n = get().trace?.hops.length ?? 0;
        set((s) => ({ step: clampStep(step, n), epoch: s.epoch + 1 }));
      },
      tick(step) {
        const n = get().trace?.hops.length ?? 0;
        const k = clampStep(step, n);
        set({ step: k, playing: get().playing && k < n - 1 });
      },
      restart() {
        const n = get().trace?.hops.length ?? 0;
        set((s) => ({ step: n ? 0 : -1, playing: n > 1, epoch: s.epoch + 1 }));
      },
      setSpeed(speed) {
        set({ speed });
      },

      // lens
      lens: 'all',
      expanded: null,
      inspectorTab: 'hop',
      command: '',
      commandOn: null,
      commandResult: null,
      setCommand(command) {
        set({ command });
      },
      setCommandOn(on) {
        set({ commandOn: on });
      },
      async runCommand() {
        await runObserve();
      },
      clearCommand() {
        set({ command: '', commandResult: null });
      },
      setLens(lens) {
        set({ lens });
      },
      toggleExpanded(index) {
        set((s) => ({ expanded: s.expanded === index ? null : index }));
      },
      setInspectorTab(tab) {
        set({ inspectorTab: tab });
      },

      // view
      theme: saved?.theme ?? deps.defaultTheme ?? 'light',
      sizes: { editor: 340, bottom: 260, inspector: 420 },
      setTheme(theme) {
        set({ theme });
        persist();
      },
      setSize(key, px) {
        set((s) => ({ sizes: { ...s.sizes, [key]: Math.round(px) } }));
      },
    };
  });
  return store;
}

/**
 * The scenario's requests for the presets: those of the user's text first
 * (a scenario extending the default lab also carries the lab's own), each with
 * its index in state.requests.
 */
export function orderedRequests(state: ClusterState | null): { index: number; request: ClusterState['requests'][number] }[] {
  const all = (state?.requests ?? []).map((request, index) => ({ index, request }));
  const mine = all.filter((r) => r.request.loc?.file !== 'lab');
  return [...mine, ...all.filter((r) => r.request.loc?.file === 'lab')];
}

/** Whether a hop is visible under a lens ('all' shows everything). */
export function visibleUnder(hop: Trace['hops'][number], lens: LensId): boolean {
  if (lens === 'all') return true;
  return hop.seen[lens].seen;
}
