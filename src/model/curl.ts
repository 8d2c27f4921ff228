// STUB: replaced by the model implementation.
import type { CurlRequest, Diagnostic } from './types';
export function parseCurl(_line: string): { request: CurlRequest | null; diagnostics: Diagnostic[] } {
  throw new Error('not implemented');
}
