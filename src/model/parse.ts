// STUB: replaced by the model implementation.
import type { Manifest, SourceText } from './types';
export function parseSources(_sources: SourceText[], _options: { set?: string[]; lang?: string; useDefaultLab?: boolean; labText?: string } = {}): Manifest {
  throw new Error('not implemented');
}
