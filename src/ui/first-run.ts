// The first compile the app will ask for, guessed by the page's entry (src/main.tsx) before the
// app's code has loaded, so the engine worker compiles and traces it meanwhile
// (EngineClient.prime). It follows the store's boot (src/ui/share/boot.ts, init()) with the
// app's own rules: a share link in the fragment (hasShareFragment) decides for itself (no
// guess); else an embed (`?embed`, not `?embed=0`) or a visit without saved work (parseSaved,
// the store's parser) opens the default scenario with its first request; else the saved work
// with its request. A wrong guess costs one compile, never a wrong picture: the client reuses an
// answer only for the identical input. The build's inline script (early-worker-script.ts)
// decides the same before any module has loaded.
//
// This module is evaluated before the rest of the app: its imports are types or tiny modules
// with type-only imports themselves (vite.config.ts imports them too).
import type { CompileInput } from './engine-types';
import type { PresetPick } from '../worker/protocol';
import { parseSaved, STORAGE_KEY } from './saved';
import { hasShareFragment } from './share/fragment';

export { STORAGE_KEY };

/** The values of `?embed=` that make the page an embed (compared lower-cased); `?embed` alone is ''. */
export const EMBED_ON: readonly string[] = ['', '1', 'true', 'yes', 'on'];

/**
 * Whether the page is an embed: `parseEmbedOptions(search).embed` (src/share/embed-api.ts), the
 * store's rule, without that module's imports (the i18n catalogue). first-run.test.ts pins the two.
 */
export function isEmbedPage(search: string): boolean {
  const v = new URLSearchParams(search.split('#')[0]).get('embed');
  return v !== null && EMBED_ON.includes(v.toLowerCase());
}

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
  if (hasShareFragment(env.hash)) return null;
  // an embed neither reads nor writes the visitor's storage (src/ui/start.tsx)
  let raw: string | null = null;
  if (!isEmbedPage(env.search)) {
    try {
      raw = env.storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      raw = null; // storage denied: the store starts without saved work too
    }
  }
  const saved = parseSaved(raw, defaultLab);
  if (saved) return { input: { manifests: saved.manifests, lab: saved.lab }, pick: { request: { from: saved.from, curl: saved.curl } } };
  return { input: { manifests: defaultScenarioText, lab: defaultLab }, pick: { firstPreset: true } };
}
