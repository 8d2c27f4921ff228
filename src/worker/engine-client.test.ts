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
});
