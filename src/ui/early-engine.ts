// The engine client, made before the rest of the app's modules evaluate (src/main.tsx imports
// this first): it adopts the engine worker index.html started (the build's inline script) and
// primes it with the page's likely first compile and trace (first-run.ts, EngineClient.prime),
// so the worker compiles while the app's code evaluates and React renders the first frame; the
// app then finds the answers waiting. The default scenario's text is part of the main chunk, so
// its compile needs no other file. (bench/browser: first interactive)
import { DEFAULT_LAB_TEXT } from '../worker/defaults';
import { EngineClient, type RestartReason } from '../worker/engine-client';
import { spawnEngineWorker } from '../worker/spawn';
import { DEFAULT_SCENARIO_ID, DEFAULT_SCENARIO_TEXT as defaultScenarioText } from '../worker/default-scenario';
import { guessFirstCompile } from './first-run';

export type RestartListener = (reason: RestartReason, detail: string) => void;

export interface EarlyEngine {
  /** null in `vite dev` with ?fixture (the app makes that client) */
  engine: EngineClient | null;
  /** subscribe to worker restarts (one that happened before the app was up is replayed) */
  onRestart(listener: RestartListener): void;
  /** the default scenario's text, already here (no chunk to wait for) */
  defaultScenario: { id: string; text: string };
}

function startEngine(): EarlyEngine {
  const params = new URLSearchParams(window.location.search);
  let listener: RestartListener | null = null;
  let missed: [RestartReason, string] | null = null;
  let engine: EngineClient | null = null;
  if (!(import.meta.env.DEV && params.has('fixture'))) {
    engine = new EngineClient({
      spawn: spawnEngineWorker,
      timeoutMs: Number(params.get('engineTimeout')) || 5000,
      onRestart: (reason, detail) => {
        if (listener) listener(reason, detail);
        else missed = [reason, detail];
      },
    });
    let storage: Storage | null;
    try {
      storage = window.localStorage;
    } catch {
      storage = null; // storage denied (sandboxed iframe)
    }
    const first = guessFirstCompile({ search: window.location.search, hash: window.location.hash, storage }, defaultScenarioText, DEFAULT_LAB_TEXT);
    if (first) engine.prime(first.input, first.pick);
  }
  return {
    engine,
    onRestart(l) {
      listener = l;
      if (missed) l(...missed);
      missed = null;
    },
    defaultScenario: { id: DEFAULT_SCENARIO_ID, text: defaultScenarioText },
  };
}

export const earlyEngine: EarlyEngine = startEngine();
