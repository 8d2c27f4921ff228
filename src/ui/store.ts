// The one module that owns the app's mutable state: a zustand store made of
// slices (editor, trace, playback, lens, view). Components read it and call
// its actions; nothing else writes. The engine is injected (a worker client in
// the app, a fake in tests), so the store runs in Node too.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClusterState, CompileAnswer, Diagnostic, ObserveResult, StateViews, Trace, TraceAnswer, TraceRequest } from './engine-types';
import type { CompileInput, ObserveAnswer, SuggestAnswer, ViewsAnswer } from '../worker/protocol';
import type { LensId } from './testids';
import type { ShareState } from '../share';
import { orderedRequests } from '../worker/requests';
import { parseSaved, STORAGE_KEY, type SavedWork } from './saved';

export { orderedRequests, STORAGE_KEY, type SavedWork };

/** What the store needs from the engine (EngineClient satisfies it). null = superseded answer. */
export interface EnginePort {
  compile(input: CompileInput): Promise<CompileAnswer | null>;
  trace(request: TraceRequest): Promise<TraceAnswer | null>;
  /** a learner's tcpdump / pwru / hubble command against the last trace */
  observe?(command: string, on: string | null): Promise<ObserveAnswer | null>;
  /** "which command would catch this hop?" */
  suggest?(hop: number): Promise<SuggestAnswer | null>;
  /** the engine's text views (kubectl / cilium-dbg) of the last compiled state, when the compile answer had none */
  views?(): Promise<ViewsAnswer | null>;
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
  /** the engine's default command per tool for the current trace (what the lens boxes start with) */
  lensCommands: TraceAnswer['commands'] | null;
  /** traces pinned to compare with the current one (same cluster state), oldest first, at most 3 */
  pinned: Trace[];
  pinTrace(): void;
  unpin(index: number): void;
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
  /** the engine's checked command per tool for one hop (asked on demand) */
  suggestions: { hop: number; answer: SuggestAnswer['result']; error: string | null } | null;
  askSuggestions(hop: number): Promise<void>;
  /** put a suggested command in the shell and run it */
  runSuggested(command: string, on: string | null): Promise<void>;
  setCommand(command: string): void;
  setCommandOn(on: string | null): void;
  runCommand(): Promise<void>;
  clearCommand(): void;
  setLens(lens: LensId): void;
  toggleExpanded(index: number): void;
  setInspectorTab(tab: 'hop' | 'cluster'): void;
}

export type Theme = 'light' | 'dark';

export interface Viewport {
  zoom: number;
  x: number;
  y: number;
}

export interface ViewSlice {
  theme: Theme;
  /** the topology's zoom and pan when the user chose one (null: fit to the pane); share links carry it */
  viewport: Viewport | null;
  setViewport(v: Viewport | null): void;
  /** editor pane width (px) and bottom area height (px) */
  sizes: { editor: number; bottom: number; inspector: number };
  setTheme(theme: Theme): void;
  setSize(key: keyof ViewSlice['sizes'], px: number): void;
}

/** What opening a share link (or an imported file) asks of the UI. */
export type LinkNotice =
  /** the link differs from the autosaved work: ask "open the link / keep my work" */
  | { kind: 'conflict'; share: ShareState }
  /** the link could not be read (the decode error's message); the work is untouched */
  | { kind: 'error'; message: string }
  /** the link was opened over other work, which was kept in BACKUP_KEY */
  | { kind: 'opened'; backup: boolean };

export interface OpenShareOptions {
  /** override the link's step / lens / theme (embed options) */
  step?: number | null;
  lens?: LensId | null;
  theme?: Theme | null;
  autoplay?: boolean;
}

export interface ShareSlice {
  linkNotice: LinkNotice | null;
  setLinkNotice(notice: LinkNotice | null): void;
  /** replace the work with a share state (a link, an imported file): compile, trace, go to its step */
  openShare(share: ShareState, opts?: OpenShareOptions): Promise<void>;
  /** the autosaved work as stored (null when nothing is saved or there is no storage) */
  savedWork(): SavedWork | null;
  /** copy the autosaved work aside (BACKUP_KEY) before it is replaced; false when nothing was saved */
  backupWork(): boolean;
  /** bring back the work saved by backupWork; the work it replaces takes its place in the slot (a swap) */
  restoreBackup(): Promise<boolean>;
}

export type AppState = EditorSlice & TraceSlice & PlaybackSlice & LensSlice & ViewSlice & ShareSlice;
export type AppStore = StoreApi<AppState>;

export interface StoreDeps {
  engine: EnginePort;
  /** localStorage in the app; null in tests */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  debounceMs?: number;
  defaultLab: string;
  defaultTheme?: Theme;
}

/** where the work replaced by an opened link is kept (one slot) */
export const BACKUP_KEY = 'hopscope.ui.v1.before-link';
const HISTORY_MAX = 50;
export const SPEEDS = [0.25, 0.5, 1, 2, 4];

type Saved = SavedWork;

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
  /** the saved work in storage (parseSaved: the page's first-compile guess reads it the same way) */
  const readSaved = (key: string): Saved | null => {
    let raw: string | null | undefined;
    try {
      raw = deps.storage?.getItem(key);
    } catch {
      return null; // storage denied
    }
    return parseSaved(raw, deps.defaultLab);
  };
  const saved: Saved | null = readSaved(STORAGE_KEY);
  /** after a scenario load, take its first request as the current one */
  let takePreset = false;
  /** after an opened link's trace: start playing */
  let playAfterTrace = false;

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

    /** What a trace answer changes (null: nothing, it was superseded). */
    const traced = (answer: TraceAnswer | null, autoplay: boolean, s: AppState): Partial<AppState> | null => {
      if (!answer) return null; // superseded
      if (answer.crash || !answer.trace) return { banner: s.banner ?? (answer.crash ? `engine: ${answer.crash}` : null) };
      const n = answer.trace.hops.length;
      return {
        trace: answer.trace,
        lensCommands: answer.commands ?? null,
        step: autoplay ? (n ? 0 : -1) : clampStep(s.step < 0 ? 0 : s.step, n),
        playing: autoplay && n > 1,
        epoch: s.epoch + 1,
        expanded: null,
        suggestions: null,
      };
    };

    const runTrace = async (autoplay: boolean) => {
      const { from, curl, state } = get();
      if (!state || !curl.trim()) return;
      set({ busy: true });
      const answer = await deps.engine.trace({ from, curl });
      if (!answer) return; // superseded
      set((s) => ({ busy: false, ...traced(answer, autoplay, s) }));
      if (answer.trace && get().commandResult) await runObserve();
    };

    /** The engine's text views of a state, asked after its trace (they are not needed for the picture). */
    const loadViews = async (state: ClusterState) => {
      if (!deps.engine.views) return;
      const answer = await deps.engine.views();
      if (answer?.views && get().state === state) set({ views: answer.views });
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
      let request = { from: get().from, curl: get().curl };
      const preset = takePreset;
      if (takePreset) {
        takePreset = false;
        const first = orderedRequests(answer.state)[0]?.request;
        if (first) request = { from: first.from, curl: first.curl };
      }
      // the new picture and its trace land in one React commit (one render, one layout): the
      // worker already holds the new state, so trace first, then show both
      const traceAnswer = request.curl.trim() ? await deps.engine.trace(request) : null;
      const state = answer.state;
      set((s) => ({ state, views: answer.views ?? s.views, diagnostics: answer.diagnostics, stale: broken, busy: false, ...(preset ? request : {}), ...traced(traceAnswer, false, s) }));
      if (preset) persist();
      if (!answer.views) void loadViews(state);
      if (traceAnswer?.trace && get().commandResult) await runObserve();
      if (playAfterTrace) {
        playAfterTrace = false;
        get().play();
      }
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
        set({ scenarioId: id, manifests: text, tab: 'manifests', viewport: null, pinned: [] });
        persist();
        await get().compileNow();
      },
      async applyPreset(index) {
        const r = get().state?.requests[index];
        if (!r) return;
        set({ from: r.from, curl: r.curl });
        await get().send();
      },
      pinned: [],
      lensCommands: null,
      pinTrace() {
        const t = get().trace;
        if (!t) return;
        set((s) => ({ pinned: [...s.pinned.filter((p) => !(p.from === t.from && p.request.raw === t.request.raw)), t].slice(-3) }));
      },
      unpin(index) {
        set((s) => ({ pinned: s.pinned.filter((_, i) => i !== index) }));
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
      suggestions: null,
      async askSuggestions(hop) {
        if (!deps.engine.suggest) return;
        const epoch = get().epoch;
        const answer = await deps.engine.suggest(hop);
        if (!answer || get().epoch !== epoch) return;
        set({ suggestions: { hop, answer: answer.result, error: answer.crash } });
      },
      async runSuggested(command, on) {
        set({ command, commandOn: on ?? get().commandOn });
        await runObserve();
      },
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
        // a tool lens starts its command box with what a learner would type first
        // (the engine's default for this trace), unless the learner typed their own
        const { command, lensCommands: defaults } = get();
        const isDefault = command.trim() === '' || (defaults ? Object.values(defaults).some((d) => d.command === command) : false);
        if (lens !== 'all' && defaults && isDefault) {
          const d = defaults[lens];
          set({ lens, command: d.command, commandOn: d.on ?? get().commandOn, commandResult: null });
          return;
        }
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
      sizes: { editor: 300, bottom: 220, inspector: 440 },
      viewport: null,
      setViewport(viewport) {
        set({ viewport });
      },
      setTheme(theme) {
        set({ theme });
        persist();
      },
      setSize(key, px) {
        set((s) => ({ sizes: { ...s.sizes, [key]: Math.round(px) } }));
      },

      // share
      linkNotice: null,
      setLinkNotice(notice) {
        set({ linkNotice: notice });
      },
      async openShare(share, opts = {}) {
        const req = share.requests[share.selected] ?? share.requests[0] ?? null;
        const id = share.scenario === null ? null : (get().scenarios.find((x) => x.id === share.scenario || x.id === `${share.scenario}.yaml`)?.id ?? null);
        const history = share.requests.map((r) => ({ from: r.from, curl: r.curl })).slice(-HISTORY_MAX);
        const step = opts.step ?? share.step;
        if (timer) clearTimeout(timer);
        timer = null;
        takePreset = req === null;
        playAfterTrace = Boolean(opts.autoplay);
        set({
          manifests: share.manifests,
          lab: share.lab ?? deps.defaultLab,
          tab: 'manifests',
          scenarioId: id,
          from: req?.from ?? get().from,
          curl: req?.curl ?? '',
          history: history.length ? history : get().history,
          historyPos: null,
          lens: opts.lens ?? share.lens,
          theme: opts.theme ?? share.view.theme ?? get().theme,
          viewport: share.view.zoom !== undefined ? { zoom: share.view.zoom, x: share.view.x ?? 0, y: share.view.y ?? 0 } : null,
          // runTrace clamps it into the new trace
          step: step < 0 ? 0 : step,
          playing: false,
          expanded: null,
          command: '',
          commandResult: null,
        });
        persist();
        await runCompile();
      },
      savedWork() {
        return readSaved(STORAGE_KEY);
      },
      backupWork() {
        const raw = deps.storage?.getItem(STORAGE_KEY);
        if (!deps.storage || !raw) return false;
        try {
          deps.storage.setItem(BACKUP_KEY, raw);
          return true;
        } catch {
          return false;
        }
      },
      async restoreBackup() {
        const b = readSaved(BACKUP_KEY);
        if (!b) return false;
        // a swap, not a loss: the work being replaced goes into the slot
        try {
          const cur = deps.storage?.getItem(STORAGE_KEY);
          if (cur) deps.storage?.setItem(BACKUP_KEY, cur);
        } catch {
          /* storage denied */
        }
        if (timer) clearTimeout(timer);
        timer = null;
        set({ manifests: b.manifests, lab: b.lab, scenarioId: b.scenarioId, from: b.from, curl: b.curl, history: b.history, historyPos: null, tab: 'manifests', step: 0, playing: false });
        persist();
        await runCompile();
        return true;
      },
    };
  });
  return store;
}


/** Whether a hop is visible under a lens ('all' shows everything). */
/**
 * Whether a hop stays bright: under a tool lens, the hops that tool can see;
 * once the learner's own command ran, the hops that command caught.
 */
export function visibleUnder(hop: Trace['hops'][number], lens: LensId, caught: readonly number[] | null = null): boolean {
  if (caught) return caught.includes(hop.index);
  if (lens === 'all') return true;
  return hop.seen[lens].seen;
}
