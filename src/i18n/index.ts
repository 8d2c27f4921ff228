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
}

/**
 * Format message `id` with `{name}` placeholders filled from params.
 * An unknown id returns the id itself (tests catch those: see i18n.test.ts).
 */
export function t(id: string, params: Params = {}, lang: Lang = 'en'): string {
  const template = catalogues[lang]?.[id] ?? en[id] ?? id;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = params[key];
    return v === undefined || v === null ? whole : String(v);
  });
}

export function hasMessage(id: string): boolean {
  return id in en;
}
