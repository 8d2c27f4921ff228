// RE2 patterns compiled once. RE2JS.compile is pure and slow (0.1-1 ms a pattern) while labs
// repeat the same few patterns (Ingress regex paths, L2 interface regexes) and every edit
// re-parses them. A compiled RE2JS holds no lab data and matching does not change it, so a
// bounded memo from pattern text to result is safe to share between compiles and states.
import { RE2JS } from 're2js';

export interface CompiledRE2 {
  re: RE2JS | null;
  /** the compile error's message when the pattern does not compile */
  error: string | null;
}

const MEMO = new Map<string, CompiledRE2>();
const MEMO_MAX = 1024;

export function compileRE2(pattern: string): CompiledRE2 {
  const known = MEMO.get(pattern);
  if (known) return known;
  let out: CompiledRE2;
  try {
    out = { re: RE2JS.compile(pattern), error: null };
  } catch (err) {
    out = { re: null, error: (err as Error).message };
  }
  if (MEMO.size >= MEMO_MAX) MEMO.clear();
  MEMO.set(pattern, out);
  return out;
}
