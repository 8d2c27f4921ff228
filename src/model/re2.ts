// RE2 patterns compiled once. RE2JS.compile is pure and slow (0.1-1 ms a pattern, and tens of
// ms for the first one in a cold worker) while labs repeat the same few patterns (Ingress regex
// paths, L2 interface regexes) and every edit re-parses them. A compiled RE2JS holds no lab data
// and matching does not change it, so a bounded memo from pattern text to result is safe to
// share between compiles and states.
//
// Most L2 interface patterns are plain names (`eth1`): a pattern made only of letters, digits,
// `_` and `-` has no RE2 metacharacter, so it matches exactly the strings that contain it (find)
// or equal it (full match). Those get a literal matcher and never start RE2JS.
import { RE2JS } from 're2js';
import { boundedMemo } from './bounded-memo';

/** What callers use of a compiled pattern (RE2JS has both). */
export interface RE2Matcher {
  /** Go's regexp.MatchString: the pattern matches somewhere in text */
  test(text: string): boolean;
  /** the pattern matches the whole text */
  matches(text: string): boolean;
}

export interface CompiledRE2 {
  re: RE2Matcher | null;
  /** the compile error's message when the pattern does not compile */
  error: string | null;
}


/** Letters, digits, `_` and `-` only: no RE2 metacharacter, the pattern is its own text. */
const LITERAL = /^[A-Za-z0-9_-]*$/;

function literal(pattern: string): CompiledRE2 {
  return { re: { test: (text) => text.includes(pattern), matches: (text) => text === pattern }, error: null };
}

export const compileRE2: (pattern: string) => CompiledRE2 = boundedMemo(1024, (pattern: string): CompiledRE2 => {
  if (LITERAL.test(pattern)) return literal(pattern);
  try {
    return { re: RE2JS.compile(pattern), error: null };
  } catch (err) {
    return { re: null, error: (err as Error).message };
  }
});
