// The scenario files (scenarios/*.yaml), bundled as raw text and loaded on
// demand. Only the title is read here, for the picker; everything else is the engine's.
import type { ScenarioInfo } from './store';

/** The Lab document's spec.title, found without a YAML parser (display only). */
export function titleOf(id: string, text: string): string {
  const m = /^kind:\s*Lab\b[\s\S]*?^\s+title:\s*(.+)$/m.exec(text);
  if (!m) return id;
  return m[1].trim().replace(/^(['"])(.*)\1$/, '$2');
}

export function scenarioId(path: string): string {
  return path.split('/').pop() ?? path;
}

/** From an import.meta.glob map of loaders, sorted by file name. */
export async function scenarioList(glob: Record<string, () => Promise<unknown>>): Promise<ScenarioInfo[]> {
  const entries = Object.entries(glob).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    entries.map(async ([path, load]) => {
      const text = String(await load());
      const id = scenarioId(path);
      return { id, title: titleOf(id, text), load: async () => text };
    }),
  );
}

/** The same list without reading any file (titles are the file names until scenarioList() answers). */
export function quickScenarioList(glob: Record<string, () => Promise<unknown>>): ScenarioInfo[] {
  return Object.keys(glob)
    .sort()
    .map((path) => {
      const id = scenarioId(path);
      return { id, title: id, load: async () => String(await glob[path]()) };
    });
}

/** The scenario shown on a first visit: lab 3 (basic-ingress) when present, else the first. */
export function defaultScenario(list: ScenarioInfo[]): string | null {
  return (list.find((s) => /^03[-_]/.test(s.id)) ?? list[0])?.id ?? null;
}
