// Between the store and src/share: the ShareState of what is on screen, the link for it, and
// whether a link would replace different autosaved work. Pure (no DOM): unit-tested in Node.
import { decodeShare, normaliseShareState, shareUrl, type DecodeResult, type ShareLens, type ShareState } from '../../share';
import type { AppState } from '../store';
import { hasShareFragment } from './fragment';

export { conflictsWithSaved, hasShareFragment } from './fragment';

type Source = Pick<AppState, 'manifests' | 'lab' | 'from' | 'curl' | 'history' | 'step' | 'lens' | 'theme' | 'scenarioId'> & Partial<Pick<AppState, 'viewport'>>;

/** The seed scenario id a link carries: the file name without `.yaml`. */
export function shareScenarioId(id: string | null): string | null {
  if (id === null) return null;
  return id.replace(/\.ya?ml$/i, '');
}

/**
 * The share state of the app: the texts (the lab as null when it is the default lab), the
 * request history with the current request selected (added at the end when it is not in it),
 * the step, lens, theme and seed scenario.
 */
export function currentShareState(s: Source, defaultLab: string): ShareState {
  const requests = s.history.map((h) => ({ from: h.from, curl: h.curl }));
  const curl = s.curl.trim();
  let selected = curl ? requests.findIndex((r) => r.from === s.from && r.curl === curl) : requests.length - 1;
  if (curl && selected < 0) {
    requests.push({ from: s.from, curl });
    selected = requests.length - 1;
  }
  // keep the link small: the last 20 requests, the selected one among them
  const keepFrom = Math.max(0, Math.min(selected, requests.length - 20));
  const kept = requests.slice(keepFrom, keepFrom + 20);
  const raw: ShareState = {
    manifests: s.manifests,
    lab: s.lab === defaultLab ? null : s.lab,
    requests: kept,
    selected: Math.max(0, selected - keepFrom),
    step: s.step,
    lens: s.lens as ShareLens,
    view: { theme: s.theme, ...(s.viewport ? { zoom: s.viewport.zoom, x: s.viewport.x, y: s.viewport.y } : {}) },
    scenario: shareScenarioId(s.scenarioId),
  };
  const n = normaliseShareState(raw);
  return n.ok ? n.state : raw;
}

/** The page's address without query-string embed options and without the fragment. */
export function appBase(href: string): string {
  return href.split('#')[0];
}

/** The share link of the app's state, on this page's address (the `embed` flag dropped). */
export function currentShareUrl(s: Source, defaultLab: string, href: string): string {
  return shareUrl(appBase(href), currentShareState(s, defaultLab));
}


/** Decode the page's fragment (null when it holds no share link at all). */
export function readFragment(hash: string): DecodeResult | null {
  if (!hasShareFragment(hash)) return null;
  return decodeShare(hash);
}

