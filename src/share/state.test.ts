import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalShareState, emptyShareState, normaliseShareState, SHARE_LIMITS } from './state';

describe('normaliseShareState', () => {
  it('keeps a valid state as it is', () => {
    const s = { ...emptyShareState(), manifests: 'x', lab: 'y', requests: [{ from: 'router', curl: 'curl a' }, { from: 'curlpod', curl: 'curl b' }], selected: 1, step: -1, lens: 'tcpdump' as const, view: { zoom: 2, x: -5, y: 5, theme: 'light' as const }, scenario: '10-tls' };
    expect(normaliseShareState(s)).toEqual({ ok: true, state: s, issues: [] });
  });

  it('refuses what cannot be repaired', () => {
    expect(normaliseShareState(null).ok).toBe(false);
    expect(normaliseShareState([]).ok).toBe(false);
    expect(normaliseShareState(new Date()).ok).toBe(false);
    expect(normaliseShareState({}).ok).toBe(false);
    expect(normaliseShareState({ manifests: 1 }).ok).toBe(false);
    expect(normaliseShareState({ manifests: 'x'.repeat(SHARE_LIMITS.manifests + 1) }).ok).toBe(false);
    expect(normaliseShareState({ manifests: '', lab: 'x'.repeat(SHARE_LIMITS.lab + 1) }).ok).toBe(false);
  });

  it('repairs and reports the rest', () => {
    const r = normaliseShareState({
      manifests: '',
      lab: 5,
      requests: [{ from: 'a', curl: 'b', extra: 1 }, { from: 'x'.repeat(300), curl: 'c' }, { from: 'a' }, null],
      selected: 7,
      step: 2.7,
      lens: 'HUBBLE',
      view: { zoom: 0, x: Infinity, y: -2e9, theme: 'dark', rotate: 1 },
      scenario: '../secret',
      more: true,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state).toEqual({ manifests: '', lab: null, requests: [{ from: 'a', curl: 'b' }], selected: 0, step: 2, lens: 'all', view: { zoom: SHARE_LIMITS.zoomMin, y: -SHARE_LIMITS.pan, theme: 'dark' }, scenario: null });
    const paths = r.issues.map((i) => i.path);
    for (const p of ['lab', 'requests[0].extra', 'requests[1]', 'requests[2]', 'requests[3]', 'selected', 'step', 'lens', 'view.zoom', 'view.x', 'view.y', 'view.rotate', 'scenario', 'more']) expect(paths).toContain(p);
  });

  it('caps the number of requests', () => {
    const requests = Array.from({ length: SHARE_LIMITS.requests + 5 }, (_, i) => ({ from: 'r', curl: `curl ${i}` }));
    const r = normaliseShareState({ manifests: '', requests, selected: 10_000 });
    expect(r.ok && r.state.requests.length).toBe(SHARE_LIMITS.requests);
    expect(r.ok && r.state.selected).toBe(SHARE_LIMITS.requests - 1);
  });

  it('does not run getters or read inherited values', () => {
    let ran = false;
    const o = Object.create({ lens: 'pwru' }) as Record<string, unknown>;
    o.manifests = 'x';
    Object.defineProperty(o, 'step', { enumerable: true, get: () => ((ran = true), 3) });
    // not a plain object (prototype is not Object.prototype): refused outright
    expect(normaliseShareState(o).ok).toBe(false);
    const plain: Record<string, unknown> = { manifests: 'x' };
    Object.defineProperty(plain, 'step', { enumerable: true, get: () => ((ran = true), 3) });
    const r = normaliseShareState(plain);
    expect(r.ok && r.state.step).toBe(0);
    expect(ran).toBe(false);
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (v) => {
        const r = normaliseShareState(v);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.record({ manifests: fc.string(), requests: fc.anything(), step: fc.anything(), view: fc.anything(), lens: fc.anything(), selected: fc.anything() }), (v) => {
        const r = normaliseShareState(v);
        expect(r.ok).toBe(true);
        if (r.ok) expect(normaliseShareState(r.state)).toEqual({ ok: true, state: r.state, issues: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('puts keys in a fixed order', () => {
    const s = { scenario: null, view: { theme: 'dark' as const, zoom: 1 }, lens: 'all' as const, step: 0, selected: 0, requests: [], lab: null, manifests: '' };
    expect(JSON.stringify(canonicalShareState(s))).toBe('{"manifests":"","lab":null,"requests":[],"selected":0,"step":0,"lens":"all","view":{"zoom":1,"theme":"dark"},"scenario":null}');
  });
});
