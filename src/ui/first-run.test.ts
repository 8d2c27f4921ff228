import { describe, expect, it } from 'vitest';
import { guessFirstCompile, STORAGE_KEY } from './first-run';

const env = (over: Partial<{ search: string; hash: string; saved: string | null }> = {}) => ({
  search: over.search ?? '',
  hash: over.hash ?? '',
  storage: { getItem: (k: string) => (k === STORAGE_KEY ? (over.saved ?? null) : null) },
});

describe('guessFirstCompile (what the page primes the engine worker with)', () => {
  it('a first visit: the default scenario on the default lab, its first request picked by the worker', () => {
    expect(guessFirstCompile(env(), 'SCENARIO', 'LAB')).toEqual({ input: { manifests: 'SCENARIO', lab: 'LAB' }, pick: { firstPreset: true } });
  });
  it('a return visit: the saved texts and request, as the store restores them', () => {
    const saved = JSON.stringify({ manifests: 'mine', lab: 'my lab', from: 'curlpod', curl: 'curl webpod' });
    expect(guessFirstCompile(env({ saved }), 'SCENARIO', 'LAB')).toEqual({ input: { manifests: 'mine', lab: 'my lab' }, pick: { request: { from: 'curlpod', curl: 'curl webpod' } } });
    const partial = JSON.stringify({ manifests: 'mine' });
    expect(guessFirstCompile(env({ saved: partial }), 'SCENARIO', 'LAB')).toEqual({ input: { manifests: 'mine', lab: 'LAB' }, pick: { request: { from: 'router', curl: '' } } });
  });
  it('an embed ignores the saved work; a share link or unreadable saved work: no guess', () => {
    const saved = JSON.stringify({ manifests: 'mine' });
    expect(guessFirstCompile(env({ saved, search: '?embed' }), 'SCENARIO', 'LAB')?.input.manifests).toBe('SCENARIO');
    expect(guessFirstCompile(env({ hash: '#s=v1.abc' }), 'SCENARIO', 'LAB')).toBeNull();
    expect(guessFirstCompile(env({ saved: '{not json' }), 'SCENARIO', 'LAB')).toBeNull();
  });
});
