import { describe, expect, it } from 'vitest';
import { decodeShare } from '../../share';
import { appBase, conflictsWithSaved, currentShareState, currentShareUrl, hasShareFragment, readFragment, shareScenarioId } from './share-state';

const base = {
  manifests: 'apiVersion: v1\nkind: Service\n',
  lab: 'LAB',
  from: 'router',
  curl: 'curl -s http://192.168.10.211/',
  history: [
    { from: 'curlpod', curl: 'curl -s webpod' },
    { from: 'router', curl: 'curl -s http://192.168.10.211/' },
  ],
  step: 4,
  lens: 'pwru' as const,
  theme: 'dark' as const,
  scenarioId: '03-basic-ingress.yaml',
};

describe('currentShareState', () => {
  it('selects the current request in the history, drops the default lab, strips .yaml', () => {
    const s = currentShareState(base, 'LAB');
    expect(s.lab).toBeNull();
    expect(s.requests).toHaveLength(2);
    expect(s.selected).toBe(1);
    expect(s.step).toBe(4);
    expect(s.lens).toBe('pwru');
    expect(s.view.theme).toBe('dark');
    expect(s.scenario).toBe('03-basic-ingress');
    // no zoom of the user's own: the receiver fits the picture to its pane
    expect(s.view.zoom).toBeUndefined();
  });

  it("carries the user's zoom and pan (the view)", () => {
    const s = currentShareState({ ...base, viewport: { zoom: 1.5, x: -120, y: 40 } }, 'LAB');
    expect(s.view).toEqual({ theme: 'dark', zoom: 1.5, x: -120, y: 40 });
  });
  it('adds a typed request that is not in the history, keeps a custom lab', () => {
    const s = currentShareState({ ...base, curl: ' curl -v http://x/ ', lab: 'kind: Lab\n' }, 'LAB');
    expect(s.lab).toBe('kind: Lab\n');
    expect(s.requests[s.selected]).toEqual({ from: 'router', curl: 'curl -v http://x/' });
  });
  it('keeps at most 20 requests, the selected one among them', () => {
    const history = Array.from({ length: 50 }, (_, i) => ({ from: 'router', curl: `curl http://h/${i}` }));
    const s = currentShareState({ ...base, history, curl: 'curl http://h/3' }, 'LAB');
    expect(s.requests.length).toBeLessThanOrEqual(20);
    expect(s.requests[s.selected].curl).toBe('curl http://h/3');
  });
  it('round-trips through a link', () => {
    const url = currentShareUrl(base, 'LAB', 'https://h.example/sub/?x=1#old');
    expect(url.startsWith('https://h.example/sub/?x=1#s=v1.')).toBe(true);
    const d = decodeShare(url);
    expect(d.ok && d.state).toEqual(currentShareState(base, 'LAB'));
  });
});

describe('fragments', () => {
  it('tells hopscope fragments from others', () => {
    expect(hasShareFragment('')).toBe(false);
    expect(hasShareFragment('#')).toBe(false);
    expect(hasShareFragment('#section-2')).toBe(false);
    expect(hasShareFragment('#s=v1.abc')).toBe(true);
    expect(hasShareFragment('#a=b&s=v1.abc')).toBe(true);
    expect(readFragment('#intro')).toBeNull();
    const bad = readFragment('#s=v1.@@@');
    expect(bad?.ok).toBe(false);
  });
  it('appBase drops the fragment only', () => {
    expect(appBase('http://h/p/?embed#s=v1.x')).toBe('http://h/p/?embed');
    expect(shareScenarioId('10-tls.yaml')).toBe('10-tls');
    expect(shareScenarioId(null)).toBeNull();
  });
});

describe('conflictsWithSaved', () => {
  const share = { manifests: 'A', lab: null, requests: [], selected: 0, step: 0, lens: 'all' as const, view: {}, scenario: null };
  const saved = { manifests: 'A', lab: 'LAB', scenarioId: null, from: 'router', curl: '', history: [] };
  it('no saved work, the same texts, or empty work: no conflict', () => {
    expect(conflictsWithSaved(null, share, 'LAB')).toBe(false);
    expect(conflictsWithSaved(saved, share, 'LAB')).toBe(false);
    expect(conflictsWithSaved({ ...saved, manifests: '  \n' }, share, 'LAB')).toBe(false);
  });
  it('different manifests or lab: conflict', () => {
    expect(conflictsWithSaved({ ...saved, manifests: 'B' }, share, 'LAB')).toBe(true);
    expect(conflictsWithSaved({ ...saved, lab: 'OTHER' }, share, 'LAB')).toBe(true);
    expect(conflictsWithSaved({ ...saved, manifests: '', lab: 'OTHER' }, share, 'LAB')).toBe(true);
  });
});
