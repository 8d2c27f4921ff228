// Starts the engine worker (Vite bundles it as an ES module worker) and wraps it with comlink.
import * as Comlink from 'comlink';
import type { Spawned } from './engine-client';
import type { EngineWorkerApi } from './protocol';

export function spawnEngineWorker(): Spawned {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<EngineWorkerApi>(worker);
  let crashed: ((detail: string) => void) | null = null;
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    crashed?.(e.message || 'worker error');
  });
  worker.addEventListener('messageerror', () => crashed?.('message could not be decoded'));
  return {
    api: { compile: (seq, input) => api.compile(seq, input), trace: (seq, request) => api.trace(seq, request), observe: (seq, command, on) => api.observe(seq, command, on), suggest: (seq, hop) => api.suggest(seq, hop) },
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
    },
  };
}
