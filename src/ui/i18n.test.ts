// Every message id the UI formats exists in the English catalogue.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMessage } from '../i18n';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('ui messages', () => {
  it('every tr() id with a literal key is in the catalogue', () => {
    const missing: string[] = [];
    for (const f of [...files(__dirname), join(__dirname, '../main.tsx')]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\btr\('([^']+)'/g)) if (!hasMessage(`ui.${m[1]}`)) missing.push(`${f}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
  it('the computed ids exist too', () => {
    const ids = [
      ...['send', 'forward', 'redirect', 'hand-to-proxy', 'terminate', 'route', 'deliver', 'drop', 'reply', 'rewrite', 'connect', 'receive'].map((a) => `action.${a}`),
      ...['all', 'tcpdump', 'pwru', 'hubble'].flatMap((l) => [`lens.${l}`, `lens.${l}.title`, `tool.title.${l}`]),
      ...['error', 'warning', 'info'].map((s) => `severity.${s}`),
      'banner.timeout',
      'banner.crash',
    ];
    expect(ids.filter((id) => !hasMessage(`ui.${id}`))).toEqual([]);
  });
});
