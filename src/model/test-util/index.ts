// Helpers for the model's tests (not shipped: only *.test.ts import this).
import { parseSources } from '../parse';
import type { Diagnostic, Manifest } from '../types';

/** 1-based line/column of the first occurrence of `needle` (after `after`, when given). */
export function posOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const from = after === undefined ? 0 : text.indexOf(after);
  const off = text.indexOf(needle, Math.max(0, from));
  if (off < 0) throw new Error(`needle not found: ${needle}`);
  const before = text.slice(0, off);
  const line = before.split('\n').length;
  const column = off - before.lastIndexOf('\n');
  return { line, column };
}

/** Parse one text as file 'editor' without the default lab. */
export function parseAlone(text: string): Manifest {
  return parseSources([{ file: 'editor', text }], { useDefaultLab: false });
}

/** The diagnostics of `m` with a code, ignoring the missing-lab warning. */
export function diagsWith(m: Manifest, code: string): Diagnostic[] {
  return m.diagnostics.filter((d) => d.code === code);
}

/** Diagnostics other than the expected "no lab" one. */
export function problems(m: Manifest): Diagnostic[] {
  return m.diagnostics.filter((d) => d.code !== 'model.lab.missing');
}
