// Every string a user reads lives in a catalogue keyed by id, so a second
// language is a file, not a rewrite. Engine, CLI and UI all format through t().
import { en } from './en';

export type Params = Record<string, string | number | boolean | null | undefined>;
export type Catalogue = Record<string, string>;

const catalogues: Record<string, Catalogue> = { en };

export type Lang = 'en' | (string & {});

/** Register another language (e.g. 'ko') at start-up. Missing ids fall back to English. */
export function registerCatalogue(lang: string, catalogue: Catalogue): void {
  catalogues[lang] = { ...(catalogues[lang] ?? {}), ...catalogue };
  compiledByLang.delete(lang);
}

/**
 * A template split once into its literal text and placeholders: parts[0], then pairs
 * (placeholder name, literal text after it). The engine formats a few hundred messages per
 * trace, so each template is split once per (language, id) instead of a regex pass per call.
 */
type Compiled = string[];
const compiledByLang = new Map<string, Map<string, Compiled>>();
const PLACEHOLDER = /\{(\w+)\}/g;

function compileTemplate(template: string): Compiled {
  const parts: Compiled = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, m.index), m[1]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

function compiled(lang: string, id: string): Compiled {
  let cache = compiledByLang.get(lang);
  if (!cache) compiledByLang.set(lang, (cache = new Map()));
  let parts = cache.get(id);
  if (parts === undefined) {
    parts = compileTemplate(catalogues[lang]?.[id] ?? en[id] ?? id);
    cache.set(id, parts);
  }
  return parts;
}

/**
 * Format message `id` with `{name}` placeholders filled from params; a placeholder without a
 * value stays as written. An unknown id returns the id itself (tests catch those: see i18n.test.ts).
 */
export function t(id: string, params?: Params, lang: Lang = 'en'): string {
  const parts = compiled(lang, id);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    const v = params?.[key];
    out += (v === undefined || v === null ? `{${key}}` : String(v)) + parts[i + 1];
  }
  return out;
}

export function hasMessage(id: string): boolean {
  return id in en;
}
