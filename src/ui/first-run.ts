// The first compile the app will ask for, guessed by the page's entry (src/main.tsx) before the
// app's code has loaded, so the engine worker compiles and traces it meanwhile
// (EngineClient.prime). It mirrors what the store's boot does (src/ui/share/boot.ts, init()):
// the saved work with its request on a return visit, else the default scenario with its first
// request; a share link in the fragment decides for itself (no guess). A wrong guess costs one
// compile, never a wrong picture: the client reuses an answer only for the identical input.
import type { CompileInput } from './engine-types';
import type { PresetPick } from '../worker/protocol';

/** localStorage key of the autosaved work (the store's). vite.config.ts imports it: keep this module's imports type-only. */
export const STORAGE_KEY = 'hopscope.ui.v1';


export interface FirstCompile {
  input: CompileInput;
  /** the request the app will trace first (the worker picks a scenario's first from its state) */
  pick: PresetPick;
}

export interface FirstRunEnv {
  /** location.search */
  search: string;
  /** location.hash */
  hash: string;
  storage: Pick<Storage, 'getItem'> | null;
}

export function guessFirstCompile(env: FirstRunEnv, defaultScenarioText: string, defaultLab: string): FirstCompile | null {
  if (env.hash.replace(/^#/, '') !== '') return null;
  // an embed neither reads nor writes the visitor's storage
  const embed = new URLSearchParams(env.search).has('embed');
  let raw: string | null = null;
  if (!embed) {
    try {
      raw = env.storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      raw = null;
    }
  }
  if (raw) {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      return null;
    }
    if (!v || typeof v !== 'object') return null;
    const saved = v as Record<string, unknown>;
    const text = (k: string, fallback: string) => (typeof saved[k] === 'string' ? (saved[k] as string) : fallback);
    const request = { from: text('from', 'router'), curl: text('curl', '') };
    return { input: { manifests: text('manifests', ''), lab: text('lab', defaultLab) }, pick: { request } };
  }
  return { input: { manifests: defaultScenarioText, lab: defaultLab }, pick: { firstPreset: true } };
}
