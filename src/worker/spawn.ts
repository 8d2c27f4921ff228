// Starts the engine worker (Vite bundles it as an ES module worker) and wraps it with comlink.
import * as Comlink from 'comlink';
import type { Spawned } from './engine-client';
import type { EngineWorkerApi } from './protocol';

/** What index.html's inline script leaves (vite.config.ts earlyEngineWorker): the worker it started early. */
interface EarlyWorker {
  worker: Worker;
  /** an error the worker raised before it was adopted */
  error: string | null;
}

/** The worker the page started before its modules loaded (the build's index.html), taken once. */
function takeEarlyWorker(): EarlyWorker | null {
  const g = globalThis as { __hopscopeEngine?: EarlyWorker };
  const early = g.__hopscopeEngine ?? null;
  delete g.__hopscopeEngine;
  return early && early.worker instanceof Worker ? early : null;
}

export function spawnEngineWorker(): Spawned {
  const early = takeEarlyWorker();
  const worker = early?.worker ?? new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<EngineWorkerApi>(worker);
  let crashed: ((detail: string) => void) | null = null;
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    crashed?.(e.message || 'worker error');
  });
  worker.addEventListener('messageerror', () => crashed?.('message could not be decoded'));
  return {
    api: {
      compile: (seq, input) => api.compile(seq, input),
      trace: (seq, request) => api.trace(seq, request),
      tracePreset: (seq, pick) => api.tracePreset(seq, pick),
      observe: (seq, command, on) => api.observe(seq, command, on),
      suggest: (seq, hop) => api.suggest(seq, hop),
      views: (seq) => api.views(seq),
    },
    terminate() {
      try {
        api[Comlink.releaseProxy]();
      } catch {
        /* already gone */
      }
      worker.terminate();
    },
    onCrash(cb) {
      crashed = cb;
      if (early?.error) cb(early.error);
    },
  };
}
