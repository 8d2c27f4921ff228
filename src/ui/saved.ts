// The autosaved work as the store reads it back: one pure parser for the store's start
// (createAppStore), its savedWork / restoreBackup, and the page's first-compile guess
// (first-run.ts), so they cannot disagree on what counts as saved work. No imports but types:
// first-run.ts (evaluated before the rest of the app) and vite.config.ts import this module.
import type { Theme } from './store';

/** localStorage key of the autosaved work (the store's). */
export const STORAGE_KEY = 'hopscope.ui.v1';

/** The work as the store saves it (persist) and restores it. */
export interface SavedWork {
  manifests: string;
  lab: string;
  scenarioId: string | null;
  from: string;
  curl: string;
  history: { from: string; curl: string }[];
  theme?: Theme;
}

/**
 * The saved work in `raw` (a storage value), or null when there is none: nothing stored, text
 * that is not JSON, or JSON without the manifests text (the store then starts as on a first
 * visit). Missing or ill-typed fields take the store's defaults.
 */
export function parseSaved(raw: string | null | undefined, defaultLab: string): SavedWork | null {
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Partial<Record<keyof SavedWork, unknown>>;
  if (typeof o.manifests !== 'string') return null;
  const text = (x: unknown, fallback: string): string => (typeof x === 'string' ? x : fallback);
  return {
    manifests: o.manifests,
    lab: text(o.lab, defaultLab),
    scenarioId: typeof o.scenarioId === 'string' ? o.scenarioId : null,
    from: text(o.from, 'router'),
    curl: text(o.curl, ''),
    history: Array.isArray(o.history)
      ? (o.history as unknown[]).filter((h): h is { from: string; curl: string } => {
          const e = h as { from?: unknown; curl?: unknown } | null;
          return !!e && typeof e === 'object' && typeof e.from === 'string' && typeof e.curl === 'string';
        })
      : [],
    theme: o.theme === 'dark' || o.theme === 'light' ? o.theme : undefined,
  };
}
