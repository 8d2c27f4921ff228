import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileRE2 } from './re2';

describe('compileRE2', () => {
  it('a plain name matches as RE2 would, without RE2JS (find and full match)', () => {
    const alphabet = fc.constantFrom('e', 't', 'h', '0', '1', '_', '-', 'E', 'x');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 6 }), fc.string({ unit: fc.constantFrom('e', 't', 'h', '0', '1', '_', '-', 'E', '.', ' ', 'x'), maxLength: 10 }), (pattern, text) => {
        const ours = compileRE2(pattern);
        const re = RE2JS.compile(pattern);
        expect(ours.error).toBeNull();
        expect(ours.re!.test(text)).toBe(re.test(text));
        expect(ours.re!.matches(text)).toBe(re.matches(text));
      }),
    );
    expect(compileRE2('eth1').re).not.toBeInstanceOf(RE2JS);
  });
  it('a pattern with a metacharacter goes to RE2JS, errors included', () => {
    expect(compileRE2('^eth[0-9]+$').re).toBeInstanceOf(RE2JS);
    expect(compileRE2('^eth[0-9]+$').re!.test('eth12')).toBe(true);
    expect(compileRE2('eth.').re!.test('eth1')).toBe(true);
    expect(compileRE2('eth(').error).toMatch(/missing|paren/i);
  });
});
