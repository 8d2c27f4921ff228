import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineClient, type EngineLike, type Spawned } from './engine-client';
import type { CompileAnswer, CompileInput, ObserveAnswer, TraceAnswer } from './protocol';
import type { ClusterState, Trace } from '../engine/index';

const STATE = { title: 'x' } as unknown as ClusterState;
const TRACE = { hops: [] } as unknown as Trace;

/** A fake worker whose answers the test releases by hand. */
class FakeWorker implements Spawned {
  calls: { kind: 'compile' | 'trace' | 'observe'; seq: number; arg: unknown; resolve: (v: unknown) => void }[] = [];
  terminated = false;
  crash: ((d: string) => void) | null = null;
  api: EngineLike = {
    compile: (seq: number, input: CompileInput) => new Promise<CompileAnswer>((resolve) => this.calls.push({ kind: 'compile', seq, arg: input, resolve: resolve as (v: unknown) => void })),
    trace: (seq, request) => new Promise<TraceAnswer>((resolve) => this.calls.push({ kind: 'trace', seq, arg: request, resolve: resolve as (v: unknown) => void })),
    observe: (seq, command) => new Promise<ObserveAnswer>((resolve) => this.calls.push({ kind: 'observe', seq, arg: command, resolve: resolve as (v: unknown) => void })),
  };
  terminate() {
    this.terminated = true;
  }
  onCrash(cb: (d: string) => void) {
    this.crash = cb;
  }
  answerCompile(i: number, state: ClusterState | null = STATE) {
    const c = this.calls[i];
    c.resolve({ seq: c.seq, state, diagnostics: [], views: null, crash: null });
  }
  answerTrace(i: number) {
    const c = this.calls[i];
    c.resolve({ seq: c.seq, trace: TRACE, crash: null });
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('EngineClient', () => {
  let workers: FakeWorker[];
  let restarts: string[];
  const make = (timeoutMs = 5000) =>
    new EngineClient({
      spawn: () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      timeoutMs,
      startupTimeoutMs: timeoutMs,
      onRestart: (reason) => restarts.push(reason),
    });
  beforeEach(() => {
    workers = [];
    restarts = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops the answer of an older compile when a newer one was asked for', async () => {
    const c = make();
    const first = c.compile({ manifests: 'a', lab: 'l' });
    const second = c.compile({ manifests: 'b', lab: 'l' });
    workers[0].answerCompile(1);
    workers[0].answerCompile(0);
    expect(await first).toBeNull();
    expect((await second)?.state).toBe(STATE);
  });

  it('drops a trace that a newer compile overtook', async () => {
    const c = make();
    const comp = c.compile({ manifests: 'a', lab: 'l' });
    workers[0].answerCompile(0);
    await comp;
    const t = c.trace({ from: 'router', curl: 'curl x' });
    await flush();
    const comp2 = c.compile({ manifests: 'b', lab: 'l' });
    workers[0].answerTrace(1);
    workers[0].answerCompile(2);
    expect(await t).toBeNull();
    expect(await comp2).not.toBeNull();
  });

  it('replaces a worker that does not answer in time, says so, and answers with crash set', async () => {
    vi.useFakeTimers();
    const c = make(5000);
    const p = c.compile({ manifests: 'loop forever', lab: 'l' });
    await vi.advanceTimersByTimeAsync(5001);
    const a = await p;
    expect(a?.state).toBeNull();
    expect(a?.crash).toMatch(/timeout/);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(restarts).toEqual(['timeout']);
    expect(c.restarts).toBe(1);
  });

  it('does not restart a worker that answers in time', async () => {
    vi.useFakeTimers();
    const c = make(5000);
    const p = c.compile({ manifests: 'a', lab: 'l' });
    await vi.advanceTimersByTimeAsync(4000);
    workers[0].answerCompile(0);
    expect((await p)?.state).toBe(STATE);
    await vi.advanceTimersByTimeAsync(10000);
    expect(workers).toHaveLength(1);
    expect(restarts).toEqual([]);
  });

  it('drops a command answer that a newer trace overtook', async () => {
    const c = make();
    const comp = c.compile({ manifests: 'a', lab: 'l' });
    workers[0].answerCompile(0);
    await comp;
    const o = c.observe('tcpdump -i eth1', 'k8s-ctr');
    await flush();
    const t = c.trace({ from: 'router', curl: 'curl x' });
    await flush();
    workers[0].calls[1].resolve({ seq: workers[0].calls[1].seq, result: { lines: [], caught: [], missed: [], error: null, errorColumn: null }, crash: null });
    workers[0].answerTrace(2);
    expect(await o).toBeNull();
    expect((await t)?.trace).toBe(TRACE);
  });

  it('replaces a crashed worker and replays the last good text before the next trace', async () => {
    const c = make();
    const comp = c.compile({ manifests: 'good', lab: 'l' });
    workers[0].answerCompile(0);
    await comp;
    const pending = c.trace({ from: 'router', curl: 'curl x' });
    await flush();
    workers[0].crash!('boom');
    const a = await pending;
    expect(a?.trace).toBeNull();
    expect(a?.crash).toMatch(/boom/);
    expect(restarts).toEqual(['crash']);
    // the fresh worker gets the last good input first, then the trace
    const t = c.trace({ from: 'router', curl: 'curl y' });
    await flush();
    expect(workers[1].calls[0].kind).toBe('compile');
    expect((workers[1].calls[0].arg as CompileInput).manifests).toBe('good');
    workers[1].answerCompile(0);
    await flush();
    expect(workers[1].calls[1].kind).toBe('trace');
    workers[1].answerTrace(1);
    expect((await t)?.trace).toBe(TRACE);
  });

  it('asks the text views of the last state, and drops them when a newer compile was asked', async () => {
    const c = make();
    const comp = c.compile({ manifests: 'a', lab: 'l' });
    workers[0].answerCompile(0);
    await comp;
    const asked: number[] = [];
    workers[0].api.views = async (seq) => {
      asked.push(seq);
      return { seq, views: { 'kubectl get svc': 'NAME' }, crash: null };
    };
    expect((await c.views())?.views).toEqual({ 'kubectl get svc': 'NAME' });
    const v = c.views();
    void c.compile({ manifests: 'b', lab: 'l' });
    expect(await v).toBeNull();
    expect(asked).toEqual([1, 2]);
  });

  describe('prime (the first compile and trace, sent before the app asks)', () => {
    const input = { manifests: 'scenario', lab: 'lab' };
    const pick = { firstPreset: true } as const;
    const REQ = { from: 'router', curl: 'curl http://x/' };
    /** the worker's answer to tracePreset: it picked REQ */
    const answerPreset = (w: FakeWorker, i: number, request: typeof REQ | null = REQ) => {
      const c = w.calls[i];
      c.resolve({ seq: c.seq, trace: request ? TRACE : null, crash: null, request });
    };
    const withPreset = (w: FakeWorker) => {
      w.api.tracePreset = (seq, p) => new Promise((resolve) => w.calls.push({ kind: 'trace', seq, arg: p, resolve: resolve as (v: unknown) => void }));
      return w;
    };
    const makeP = (timeoutMs = 5000) =>
      new EngineClient({
        spawn: () => {
          const w = withPreset(new FakeWorker());
          workers.push(w);
          return w;
        },
        timeoutMs,
        startupTimeoutMs: timeoutMs,
        onRestart: (reason) => restarts.push(reason),
      });

    it('the same first compile and trace take the primed answers: one compile and one trace reach the worker', async () => {
      const c = makeP();
      c.prime(input, pick);
      // both go out at once: the worker picks the request from its state
      expect(workers[0].calls.map((x) => x.kind)).toEqual(['compile', 'trace']);
      expect(workers[0].calls[1].arg).toEqual(pick);
      workers[0].answerCompile(0);
      const comp = await c.compile({ ...input });
      expect(comp?.state).toBe(STATE);
      expect(comp?.seq).toBe(1);
      const t = c.trace({ ...REQ });
      answerPreset(workers[0], 1);
      const ta = await t;
      expect(ta?.trace).toBe(TRACE);
      expect(ta?.seq).toBe(1);
      expect(workers[0].calls).toHaveLength(2);
      // later calls go to the worker as usual
      const t2 = c.trace({ ...REQ });
      await flush();
      expect(workers[0].calls).toHaveLength(3);
      workers[0].answerTrace(2);
      expect((await t2)?.trace).toBe(TRACE);
    });

    it('a compile asked while the primed one runs takes it when the input is the same', async () => {
      const c = makeP();
      c.prime(input, pick);
      const comp = c.compile({ ...input });
      await flush();
      expect(workers[0].calls).toHaveLength(2);
      workers[0].answerCompile(0);
      expect((await comp)?.state).toBe(STATE);
    });

    it('another input is compiled as usual, and its trace is not the primed one', async () => {
      const c = makeP();
      c.prime(input, pick);
      const comp = c.compile({ manifests: 'saved work', lab: 'lab' });
      await flush();
      expect(workers[0].calls.map((x) => x.kind)).toEqual(['compile', 'trace', 'compile']);
      workers[0].answerCompile(0);
      answerPreset(workers[0], 1);
      workers[0].answerCompile(2);
      expect((await comp)?.state).toBe(STATE);
      const t = c.trace({ ...REQ });
      await flush();
      expect(workers[0].calls).toHaveLength(4);
      workers[0].answerTrace(3);
      expect((await t)?.trace).toBe(TRACE);
    });

    it('another request is traced as usual', async () => {
      const c = makeP();
      c.prime(input, pick);
      workers[0].answerCompile(0);
      await c.compile({ ...input });
      const t = c.trace({ from: 'curlpod', curl: 'curl webpod' });
      answerPreset(workers[0], 1);
      await flush();
      expect(workers[0].calls.map((x) => x.kind)).toEqual(['compile', 'trace', 'trace']);
      expect(workers[0].calls[2].arg).toEqual({ from: 'curlpod', curl: 'curl webpod' });
      workers[0].answerTrace(2);
      expect((await t)?.trace).toBe(TRACE);
    });

    it('a worker without tracePreset gets the compile only', async () => {
      const c = make();
      c.prime(input, pick);
      expect(workers[0].calls.map((x) => x.kind)).toEqual(['compile']);
      workers[0].answerCompile(0);
      expect((await c.compile({ ...input }))?.state).toBe(STATE);
      const t = c.trace({ ...REQ });
      await flush();
      expect(workers[0].calls.map((x) => x.kind)).toEqual(['compile', 'trace']);
      workers[0].answerTrace(1);
      expect((await t)?.trace).toBe(TRACE);
    });

    it('a primed compile that never answers is replaced by the watchdog like any call', async () => {
      vi.useFakeTimers();
      const c = makeP(1000);
      c.prime(input, pick);
      const comp = c.compile({ ...input });
      await vi.advanceTimersByTimeAsync(1001);
      const a = await comp;
      expect(a?.state).toBeNull();
      expect(a?.crash).toMatch(/timeout/);
      expect(restarts).toEqual(['timeout']);
      // the next compile goes to the fresh worker
      const again = c.compile({ ...input });
      await vi.advanceTimersByTimeAsync(0);
      expect(workers[1].calls.map((x) => x.kind)).toEqual(['compile']);
      workers[1].answerCompile(0);
      expect((await again)?.state).toBe(STATE);
    });
  });
});
