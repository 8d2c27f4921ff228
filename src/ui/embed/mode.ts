// Whether this page is an embed (`?embed`), read once from the address.
import { parseEmbedOptions, type EmbedOptions } from '../../share';

let cached: EmbedOptions | null = null;

export function pageEmbedOptions(): EmbedOptions {
  if (!cached) cached = parseEmbedOptions(typeof window === 'undefined' ? '' : window.location.search);
  return cached;
}
