// The main thread's side of the engine worker: sequence numbers (a newer edit
// supersedes an older run, stale answers are dropped), a watchdog (a worker
// that crashes or does not answer within timeoutMs is terminated and replaced)
// and the replay of the last good input into a fresh worker.
import type { TraceRequest } from '../engine/index';
import type { CompileAnswer, CompileInput, ObserveAnswer, PresetPick, PresetTraceAnswer, SuggestAnswer, TraceAnswer, ViewsAnswer } from './protocol';

export interface EngineLike {
  compile(seq: number, input: CompileInput): Promise<CompileAnswer>;
  trace(seq: number, request: TraceRequest): Promise<TraceAnswer>;
  /** the request chosen by the worker (prime()); without it prime() sends the compile only */
  tracePreset?(seq: number, pick: PresetPick): Promise<PresetTraceAnswer>;
  observe(seq: number, command: string, on: string | null): Promise<ObserveAnswer>;
  suggest?(seq: number, hop: number): Promise<SuggestAnswer>;
  views?(seq: number): Promise<ViewsAnswer>;
}

export interface Spawned {
  api: EngineLike;
  terminate(): void;
  onCrash(cb: (detail: string) => void): void;
}

export type RestartReason = 'timeout' | 'crash';

export interface EngineClientOptions {
  spawn: () => Spawned;
  /** how long an answer may take before the worker is replaced (default 5000 ms) */
  timeoutMs?: number;
  /** the first answer of a fresh worker also pays for loading its code (default 30000 ms) */
  startupTimeoutMs?: number;
  onRestart?: (reason: RestartReason, detail: string) => void;
}

/** User-timing mark for the browser harness (bench/browser): an edit's compile starts (its debounce is over). */
function markEngine(name: 'compile-start' | 'compile-answer' | 'trace-answer' | 'prime-start' | 'prime-answer'): void {
  try {
    if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(`hopscope:${name}`);
  } catch {
    /* marks are optional */
  }
}

class Restarted extends Error {
  constructor(
    readonly reason: RestartReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** A compile and the trace of its first request, sent before anyone asked: see prime(). */
interface Primed {
  generation: number;
  input: CompileInput;
  compile: Promise<CompileAnswer>;
  trace: Promise<PresetTraceAnswer> | null;
  /** the compile seq that took the primed answer (null: not taken yet) */
  takenAt: number | null;
}

export class EngineClient {
  private current: Spawned;
  private generation = 0;
  private compileSeq = 0;
  private traceSeq = 0;
  private observeSeq = 0;
  private viewsSeq = 0;
  private lastGood: CompileInput | null = null;
  /** the current worker has not compiled anything yet (fresh after a restart) */
  private fresh = true;
  private readonly timeoutMs: number;
  private readonly startupTimeoutMs: number;
  /** the current worker has answered once (its code is loaded) */
  private warm = false;
  private rejectors = new Set<(e: Restarted) => void>();
  private primed: Primed | null = null;
  restarts = 0;

  constructor(private readonly options: EngineClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.startupTimeoutMs = Math.max(this.timeoutMs, options.startupTimeoutMs ?? 30000);
    this.current = this.start();
  }

  private start(): Spawned {
    const s = this.options.spawn();
    const gen = ++this.generation;
    s.onCrash((detail) => {
      if (gen === this.generation) this.restart('crash', detail);
    });
    this.fresh = true;
    this.warm = false;
    return s;
  }

  private restart(reason: RestartReason, detail: string): void {
    this.restarts++;
    this.primed = null;
    this.current.terminate();
    const waiting = [...this.rejectors];
    this.rejectors.clear();
    this.current = this.start();
    for (const reject of waiting) reject(new Restarted(reason, detail));
    this.options.onRestart?.(reason, detail);
  }

  /** Run one call against the current worker, with the watchdog. */
  private call<T>(run: (api: EngineLike) => Promise<T>): Promise<T> {
    const gen = this.generation;
    const api = this.current.api;
    const limit = this.warm ? this.timeoutMs : this.startupTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.rejectors.delete(fail);
        if (gen === this.generation) this.restart('timeout', `no answer within ${limit} ms`);
        reject(new Restarted('timeout', `no answer within ${limit} ms`));
      }, limit);
      const fail = (e: Restarted) => {
        clearTimeout(timer);
        reject(e);
      };
      this.rejectors.add(fail);
      run(api).then(
        (v) => {
          clearTimeout(timer);
          this.rejectors.delete(fail);
          if (gen === this.generation) this.warm = true;
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          this.rejectors.delete(fail);
          reject(e instanceof Restarted ? e : new Restarted('crash', e instanceof Error ? e.message : String(e)));
        },
      );
    });
  }

  /**
   * Start the first compile before the app asks for it (the page's entry calls this while
   * the app's code still loads): the worker compiles `input`, then at once traces the request
   * `pick` names (it picks it from its state, so no round trip through the busy main thread).
   * The first compile() with an identical input takes that answer, and the trace() that
   * follows with the same request takes the primed trace; anything else (another input,
   * another request, any other call) drops the prime. The engine is deterministic, so a
   * taken answer is the one the app's own call would have got; a wrong guess costs a compile.
   */
  prime(input: CompileInput, pick: PresetPick | null): void {
    if (this.compileSeq !== 0 || this.traceSeq !== 0 || this.observeSeq !== 0 || this.primed) return;
    markEngine('prime-start');
    const compile = this.call((api) => api.compile(0, input));
    compile.then(
      () => markEngine('prime-answer'),
      () => {},
    );
    let trace: Promise<PresetTraceAnswer> | null = null;
    if (pick && this.current.api.tracePreset) {
      trace = this.call((api) => api.tracePreset!(0, pick));
      trace.catch(() => {}); // the trace() that takes it sees the failure
    }
    this.primed = { generation: this.generation, input, compile, trace, takenAt: null };
  }

  /** The primed compile when it is this very input on this worker (else the prime is dropped). */
  private takePrimedCompile(input: CompileInput, seq: number): Promise<CompileAnswer> | null {
    const p = this.primed;
    if (p && p.takenAt === null && p.generation === this.generation && p.input.manifests === input.manifests && p.input.lab === input.lab) {
      p.takenAt = seq;
      return p.compile;
    }
    this.primed = null;
    return null;
  }

  /** The primed trace when it answers this very request right after the primed compile was taken. */
  private async takePrimedTrace(request: TraceRequest): Promise<TraceAnswer | null> {
    const p = this.primed;
    this.primed = null;
    if (!p || !p.trace || p.takenAt === null || p.takenAt !== this.compileSeq || p.generation !== this.generation) return null;
    const answer = await p.trace;
    if (!answer.request || answer.request.from !== request.from || answer.request.curl !== request.curl) return null;
    return { seq: answer.seq, trace: answer.trace, commands: answer.commands, crash: answer.crash };
  }

  /**
   * Compile; resolves to null when a newer compile was asked for meanwhile
   * (the caller drops it). A timed-out or crashed run resolves to an answer
   * with `crash` set.
   */
  async compile(input: CompileInput): Promise<CompileAnswer | null> {
    const seq = ++this.compileSeq;
    markEngine('compile-start');
    let answer: CompileAnswer;
    try {
      const primed = this.takePrimedCompile(input, seq);
      answer = primed ? { ...(await primed), seq } : await this.call((api) => api.compile(seq, input));
      markEngine('compile-answer');
      if (answer.state) {
        this.lastGood = input;
        this.fresh = false;
      }
    } catch (e) {
      answer = { seq, state: null, diagnostics: [], views: null, crash: e instanceof Error ? e.message : String(e) };
    }
    return seq === this.compileSeq ? answer : null;
  }

  /** Trace with the last compiled state; null when superseded by a newer trace or compile. */
  async trace(request: TraceRequest): Promise<TraceAnswer | null> {
    const seq = ++this.traceSeq;
    const compileAt = this.compileSeq;
    let answer: TraceAnswer;
    try {
      const primed = await this.takePrimedTrace(request);
      if (primed) answer = { ...primed, seq };
      else {
        if (this.fresh && this.lastGood) {
          const good = this.lastGood;
          await this.call((api) => api.compile(0, good));
          this.fresh = false;
        }
        answer = await this.call((api) => api.trace(seq, request));
      }
      markEngine('trace-answer');
    } catch (e) {
      answer = { seq, trace: null, crash: e instanceof Error ? e.message : String(e) };
    }
    return seq === this.traceSeq && compileAt === this.compileSeq ? answer : null;
  }

  /**
   * A learner's command against the worker's last trace; null when superseded
   * (a newer command, trace or compile). A fresh worker has no trace: the
   * caller re-traces first (the store does: it runs commands after traces).
   */
  async observe(command: string, on: string | null): Promise<ObserveAnswer | null> {
    const seq = ++this.observeSeq;
    const at = `${this.compileSeq}/${this.traceSeq}`;
    this.primed = null;
    let answer: ObserveAnswer;
    try {
      answer = await this.call((api) => api.observe(seq, command, on));
    } catch (e) {
      answer = { seq, result: null, crash: e instanceof Error ? e.message : String(e) };
    }
    return seq === this.observeSeq && at === `${this.compileSeq}/${this.traceSeq}` ? answer : null;
  }

  /** "Which command would catch this hop?" against the last trace; null when superseded. */
  async suggest(hop: number): Promise<SuggestAnswer | null> {
    const seq = ++this.observeSeq;
    const at = `${this.compileSeq}/${this.traceSeq}`;
    this.primed = null;
    let answer: SuggestAnswer;
    try {
      answer = await this.call((api) => (api.suggest ? api.suggest(seq, hop) : Promise.resolve({ seq, result: null, crash: 'not supported' })));
    } catch (e) {
      answer = { seq, result: null, crash: e instanceof Error ? e.message : String(e) };
    }
    return seq === this.observeSeq && at === `${this.compileSeq}/${this.traceSeq}` ? answer : null;
  }

  /**
   * The text views of the last compiled state (the compile answer leaves them out); null when a
   * newer compile was asked for meanwhile. A fresh worker gets the last good input first.
   */
  async views(): Promise<ViewsAnswer | null> {
    const seq = ++this.viewsSeq;
    const at = this.compileSeq;
    this.primed = null;
    let answer: ViewsAnswer;
    try {
      if (this.fresh && this.lastGood) {
        const good = this.lastGood;
        await this.call((api) => api.compile(0, good));
        this.fresh = false;
      }
      answer = await this.call((api) => (api.views ? api.views(seq) : Promise.resolve({ seq, views: null, crash: 'not supported' })));
    } catch (e) {
      answer = { seq, views: null, crash: e instanceof Error ? e.message : String(e) };
    }
    return at === this.compileSeq ? answer : null;
  }

  dispose(): void {
    this.generation++;
    this.current.terminate();
  }
}
