// The scenario as a share link carries it: version-independent, always the current shape.
// Everything that arrives from outside (a link, an imported file, an embed message) goes
// through normaliseShareState before anyone uses it: types checked, numbers clamped, strings
// capped, unknown keys dropped, and `__proto__`-style keys never copied. It never throws.

export type ShareLens = 'all' | 'tcpdump' | 'pwru' | 'hubble';
export const SHARE_LENSES: readonly ShareLens[] = ['all', 'tcpdump', 'pwru', 'hubble'];

export type ShareTheme = 'light' | 'dark';

export interface ShareRequest {
  /** a client name (router) or a pod name (curlpod) */
  from: string;
  /** the curl command line as typed */
  curl: string;
}

export interface ShareView {
  zoom?: number;
  x?: number;
  y?: number;
  theme?: ShareTheme;
}

export interface ShareState {
  /** the "Your manifests" text */
  manifests: string;
  /** the lab text; null = the default lab (src/model/default-lab.ts) */
  lab: string | null;
  requests: ShareRequest[];
  /** index into requests */
  selected: number;
  /** the hop shown (-1 = none yet) */
  step: number;
  lens: ShareLens;
  view: ShareView;
  /** id of the seed scenario the text started from (e.g. "10-tls"), or null */
  scenario: string | null;
}

/** Caps on what a shared state may hold. The 1 MB decompression cap (codec.ts) bounds the total. */
export const SHARE_LIMITS = {
  /** characters of the manifests text (1 MiB, the decompression cap) */
  manifests: 1_048_576,
  /** characters of the lab text */
  lab: 1_048_576,
  requests: 200,
  from: 253,
  curl: 8192,
  scenario: 128,
  /** largest hop index */
  step: 100_000,
  zoomMin: 0.05,
  zoomMax: 40,
  /** largest |x| and |y| of the pan */
  pan: 1_000_000,
} as const;

export function emptyShareState(): ShareState {
  return { manifests: '', lab: null, requests: [], selected: 0, step: 0, lens: 'all', view: {}, scenario: null };
}

/** A problem found (and repaired) while normalising. `path` names the field, e.g. "requests[2].curl". */
export interface ShareIssue {
  path: string;
  problem: 'type' | 'range' | 'length' | 'dropped' | 'unknown-key';
}

export type ShareStateResult =
  | { ok: true; state: ShareState; issues: ShareIssue[] }
  | { ok: false; issues: ShareIssue[] };

/** A plain data object (what JSON.parse or structured clone gives), not an array, class or proxy-ish thing. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An own data property (no getters run, nothing inherited, `__proto__` only as an own key). */
export function ownValue(o: Record<string, unknown>, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d && 'value' in d ? d.value : undefined;
}

const KNOWN_KEYS = ['manifests', 'lab', 'requests', 'selected', 'step', 'lens', 'view', 'scenario'];
const VIEW_KEYS = ['zoom', 'x', 'y', 'theme'];
/** scenario ids: file names of scenarios/ without the extension */
const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function clampInt(v: unknown, min: number, max: number, fallback: number, path: string, issues: ShareIssue[]): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push({ path, problem: 'type' });
    return fallback;
  }
  const n = Math.trunc(v);
  if (n < min || n > max || n !== v) issues.push({ path, problem: 'range' });
  return Math.min(max, Math.max(min, n));
}

function clampNum(v: unknown, min: number, max: number, path: string, issues: ShareIssue[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push({ path, problem: 'type' });
    return undefined;
  }
  if (v < min || v > max) issues.push({ path, problem: 'range' });
  return Math.min(max, Math.max(min, v));
}

/**
 * Check and repair an untrusted value into a ShareState. Refuses (ok: false) only when there is
 * nothing to keep: not an object, `manifests` not a string, or a text over its cap (cutting YAML
 * would silently change the scenario). Everything else is repaired and listed in `issues`.
 */
export function normaliseShareState(input: unknown): ShareStateResult {
  const issues: ShareIssue[] = [];
  try {
    if (!isPlainObject(input)) return { ok: false, issues: [{ path: '', problem: 'type' }] };
    for (const k of Object.getOwnPropertyNames(input)) if (!KNOWN_KEYS.includes(k)) issues.push({ path: k, problem: 'unknown-key' });

    const manifests = ownValue(input, 'manifests');
    if (typeof manifests !== 'string') return { ok: false, issues: [...issues, { path: 'manifests', problem: 'type' }] };
    if (manifests.length > SHARE_LIMITS.manifests) return { ok: false, issues: [...issues, { path: 'manifests', problem: 'length' }] };

    const labRaw = ownValue(input, 'lab');
    let lab: string | null = null;
    if (typeof labRaw === 'string') {
      if (labRaw.length > SHARE_LIMITS.lab) return { ok: false, issues: [...issues, { path: 'lab', problem: 'length' }] };
      lab = labRaw;
    } else if (labRaw !== null && labRaw !== undefined) issues.push({ path: 'lab', problem: 'type' });

    const requests: ShareRequest[] = [];
    const reqRaw = ownValue(input, 'requests');
    if (Array.isArray(reqRaw)) {
      reqRaw.forEach((r: unknown, i) => {
        const path = `requests[${i}]`;
        if (requests.length >= SHARE_LIMITS.requests) {
          issues.push({ path, problem: 'dropped' });
          return;
        }
        if (!isPlainObject(r)) {
          issues.push({ path, problem: 'type' });
          return;
        }
        const from = ownValue(r, 'from');
        const curl = ownValue(r, 'curl');
        if (typeof from !== 'string' || typeof curl !== 'string') {
          issues.push({ path, problem: 'type' });
          return;
        }
        if (from.length > SHARE_LIMITS.from || curl.length > SHARE_LIMITS.curl) {
          issues.push({ path, problem: 'length' });
          return;
        }
        for (const k of Object.getOwnPropertyNames(r)) if (k !== 'from' && k !== 'curl') issues.push({ path: `${path}.${k}`, problem: 'unknown-key' });
        requests.push({ from, curl });
      });
    } else if (reqRaw !== undefined) issues.push({ path: 'requests', problem: 'type' });

    const selected = clampInt(ownValue(input, 'selected'), 0, Math.max(0, requests.length - 1), 0, 'selected', issues);
    const step = clampInt(ownValue(input, 'step'), -1, SHARE_LIMITS.step, 0, 'step', issues);

    const lensRaw = ownValue(input, 'lens');
    let lens: ShareLens = 'all';
    if (typeof lensRaw === 'string' && (SHARE_LENSES as readonly string[]).includes(lensRaw)) lens = lensRaw as ShareLens;
    else if (lensRaw !== undefined) issues.push({ path: 'lens', problem: 'type' });

    const view: ShareView = {};
    const viewRaw = ownValue(input, 'view');
    if (isPlainObject(viewRaw)) {
      for (const k of Object.getOwnPropertyNames(viewRaw)) if (!VIEW_KEYS.includes(k)) issues.push({ path: `view.${k}`, problem: 'unknown-key' });
      const zoom = clampNum(ownValue(viewRaw, 'zoom'), SHARE_LIMITS.zoomMin, SHARE_LIMITS.zoomMax, 'view.zoom', issues);
      const x = clampNum(ownValue(viewRaw, 'x'), -SHARE_LIMITS.pan, SHARE_LIMITS.pan, 'view.x', issues);
      const y = clampNum(ownValue(viewRaw, 'y'), -SHARE_LIMITS.pan, SHARE_LIMITS.pan, 'view.y', issues);
      const theme = ownValue(viewRaw, 'theme');
      if (zoom !== undefined) view.zoom = zoom;
      if (x !== undefined) view.x = x;
      if (y !== undefined) view.y = y;
      if (theme === 'light' || theme === 'dark') view.theme = theme;
      else if (theme !== undefined) issues.push({ path: 'view.theme', problem: 'type' });
    } else if (viewRaw !== undefined) issues.push({ path: 'view', problem: 'type' });

    const scRaw = ownValue(input, 'scenario');
    let scenario: string | null = null;
    if (typeof scRaw === 'string' && scRaw.length <= SHARE_LIMITS.scenario && SCENARIO_ID.test(scRaw)) scenario = scRaw;
    else if (scRaw !== null && scRaw !== undefined) issues.push({ path: 'scenario', problem: 'type' });

    return { ok: true, state: { manifests, lab, requests, selected, step, lens, view, scenario }, issues };
  } catch {
    // Only reachable through exotic objects (revoked proxies); an untrusted value never throws out.
    return { ok: false, issues: [...issues, { path: '', problem: 'type' }] };
  }
}

/** The state in its canonical form: fixed key order, view keys in a fixed order, nothing undefined. */
export function canonicalShareState(s: ShareState): ShareState {
  const view: ShareView = {};
  if (s.view.zoom !== undefined) view.zoom = s.view.zoom;
  if (s.view.x !== undefined) view.x = s.view.x;
  if (s.view.y !== undefined) view.y = s.view.y;
  if (s.view.theme !== undefined) view.theme = s.view.theme;
  return {
    manifests: s.manifests,
    lab: s.lab,
    requests: s.requests.map((r) => ({ from: r.from, curl: r.curl })),
    selected: s.selected,
    step: s.step,
    lens: s.lens,
    view,
    scenario: s.scenario,
  };
}
