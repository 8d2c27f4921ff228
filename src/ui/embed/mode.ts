// Whether this page is an embed (`?embed`), read once from the address.
// embed-api.ts itself, not the share face: the codec (fflate, the dictionary) stays out of the page's start
import { parseEmbedOptions, type EmbedOptions } from '../../share/embed-api';

let cached: EmbedOptions | null = null;

export function pageEmbedOptions(): EmbedOptions {
  if (!cached) cached = parseEmbedOptions(typeof window === 'undefined' ? '' : window.location.search);
  return cached;
}
