import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { model } from '../i18n/en/model';

// Every diagnostic code the model emits has a message and a hint in the catalogue, and the
// catalogue holds no stale ids.
const dir = __dirname;
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(join(dir, f), 'utf8'))
  .join('\n');
const used = new Set([...sources.matchAll(/'(model\.[A-Za-z0-9_.]+)'/g)].map((m) => m[1]!).filter((c) => !c.endsWith('.hint')));

describe('model catalogue', () => {
  it('finds the codes in the sources', () => {
    expect(used.size).toBeGreaterThan(50);
    expect(used.has('model.yaml.syntax')).toBe(true);
  });
  it('every code used has a message and a hint', () => {
    const missing = [...used].filter((c) => !(c in model) || !(`${c}.hint` in model));
    expect(missing).toEqual([]);
  });
  it('every message in the catalogue is used', () => {
    const stale = Object.keys(model).filter((k) => !k.endsWith('.hint') && !used.has(k));
    expect(stale).toEqual([]);
  });
});
