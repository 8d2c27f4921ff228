// A scenario as one multi-document YAML file (export / import), for scenarios too large for a link
// or to keep in a repository. Layout:
//
//   # hopscope scenario file …
//   apiVersion: hopscope.dev/v1alpha1
//   kind: Lab
//   metadata:
//     name: shared-scenario
//     annotations:
//       hopscope.dev/share: '{"selected":0,"step":3,"lens":"hubble","view":{},"scenario":"10-tls"}'
//   spec:
//     extends: default          # lab = null; a custom lab's own spec otherwise
//     requests: [{from, curl}, …]
//   ---
//   <the manifests text, verbatim>
//
// The annotation marks the file as an export and carries the view state. A file without it (any
// scenario file, any pasted YAML) imports as manifests with the default lab.
import { dump, load, loadAll } from 'js-yaml';
import { t } from '../i18n';
import { emptyShareState, isPlainObject, normaliseShareState, ownValue, type ShareRequest, type ShareState } from './state';

export const LAB_API_VERSION = 'hopscope.dev/v1alpha1';
export const SHARE_ANNOTATION = 'hopscope.dev/share';
/** Refuse scenario files larger than this (characters). */
export const MAX_FILE_CHARS = 2 * 1024 * 1024;

export interface ScenarioFileError {
  code: 'empty' | 'too-large' | 'syntax' | 'lab' | 'requests' | 'bad-shape';
  message: string;
  /** 1-based; 0 when the problem has no place in the text */
  line: number;
  column: number;
}

export type ImportResult =
  | { ok: true; state: ShareState; /** false: a plain YAML file, read as manifests */ exported: boolean }
  | { ok: false; error: ScenarioFileError };

const DOC_SEPARATOR = /^---(?:[ \t].*)?$/;

/** Export `state` as one scenario file. Deterministic; never throws. */
export function exportScenarioFile(input: ShareState): string {
  const checked = normaliseShareState(input);
  const state = checked.ok ? checked.state : { ...emptyShareState(), manifests: typeof input?.manifests === 'string' ? input.manifests : '' };
  const requests = state.requests.map((r) => ({ from: r.from, curl: r.curl }));

  // A custom lab is a multi-document text: a Lab mapping, then its own objects. The Lab document
  // is re-written (it carries the requests and the annotation; its comments are not kept); the
  // documents after it are copied verbatim and the annotation says how many there are.
  let lab: Record<string, unknown> | null = null;
  let labRest = '';
  let labParts = 0;
  if (state.lab !== null) {
    const { start, sepStart, end } = firstDocument(state.lab);
    try {
      const loaded = load(end < 0 ? state.lab.slice(start) : state.lab.slice(start, sepStart));
      if (isPlainObject(loaded) && loaded.kind === 'Lab') lab = structuredClone(loaded);
    } catch {
      lab = null;
    }
    if (end >= 0) {
      labRest = state.lab.slice(end);
      if (labRest !== '' && !labRest.endsWith('\n')) labRest += '\n';
      labParts = labRest === '' ? 0 : separators(labRest, 0).length + 1;
    }
  }
  const view = JSON.stringify({ selected: state.selected, step: state.step, lens: state.lens, view: state.view, scenario: state.scenario, ...(labParts ? { labParts } : {}) });
  let doc: Record<string, unknown>;
  if (lab) {
    const meta = isPlainObject(lab.metadata) ? lab.metadata : {};
    const annotations = isPlainObject(meta.annotations) ? meta.annotations : {};
    const spec = isPlainObject(lab.spec) ? lab.spec : {};
    doc = { ...lab, metadata: { ...meta, annotations: { ...annotations, [SHARE_ANNOTATION]: view } }, spec: { ...spec, requests } };
  } else {
    doc = {
      apiVersion: LAB_API_VERSION,
      kind: 'Lab',
      metadata: { name: 'shared-scenario', annotations: { [SHARE_ANNOTATION]: view } },
      spec: { extends: 'default', requests },
    };
  }
  let head: string;
  try {
    head = dump(doc, { noRefs: true, skipInvalid: true });
  } catch {
    head = '';
  }
  const header = `# ${t('share.file.header')}\n`;
  if (state.lab !== null && (!lab || head === '')) {
    // A lab text whose first document is not a Lab mapping cannot carry the requests and the view:
    // the file keeps the texts only (the requests and view are lost). Only a broken lab does this.
    return `${header}${state.lab.endsWith('\n') ? state.lab : `${state.lab}\n`}---\n${state.manifests}`;
  }
  const labPart = labParts ? `---\n${labRest}` : '';
  return state.manifests === '' && !labParts ? `${header}${head}` : `${header}${head}${labPart}---\n${state.manifests}`;
}

/** Separator lines (`---` at column 0) from `from` on: where each starts and the offset after it. */
function separators(text: string, from: number): { sepStart: number; end: number }[] {
  const out: { sepStart: number; end: number }[] = [];
  let offset = from;
  for (const line of text.slice(from).split('\n')) {
    const next = offset + line.length + 1;
    if (DOC_SEPARATOR.test(line.replace(/\r$/, ''))) out.push({ sepStart: offset, end: Math.min(next, text.length) });
    offset = next;
  }
  return out;
}

function fileError(code: ScenarioFileError['code'], id: string, params: Record<string, string | number>, line = 0, column = 0): ImportResult {
  return { ok: false, error: { code, message: t(id, params), line, column } };
}

/**
 * The first document: where its text starts (after leading `---` lines), where its closing `---`
 * line starts, and the offset just after that line (-1 for both when it is the only document).
 */
function firstDocument(text: string): { start: number; sepStart: number; end: number } {
  let offset = 0;
  let seenContent = false;
  let start = 0;
  for (const line of text.split('\n')) {
    const next = offset + line.length + 1;
    const bare = line.replace(/\r$/, '');
    if (DOC_SEPARATOR.test(bare)) {
      if (seenContent) return { start, sepStart: offset, end: Math.min(next, text.length) };
      start = next;
    } else if (bare.trim() !== '' && !bare.trimStart().startsWith('#')) {
      seenContent = true;
    }
    offset = next;
  }
  return { start, sepStart: -1, end: -1 };
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Read a scenario file back into a ShareState. Never throws. */
export function importScenarioFile(text: string): ImportResult {
  if (typeof text !== 'string' || text.trim() === '') return fileError('empty', 'share.file.error.empty', {});
  if (text.length > MAX_FILE_CHARS) return fileError('too-large', 'share.file.error.tooLarge', { limit: '2 MB' });
  try {
    loadAll(text);
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line?: number; column?: number } };
    const reason = err.reason ?? err.message ?? String(e);
    return fileError('syntax', 'share.file.error.syntax', { reason }, (err.mark?.line ?? -1) + 1, (err.mark?.column ?? -1) + 1);
  }
  const { start, sepStart, end } = firstDocument(text);
  const firstText = end < 0 ? text.slice(start) : text.slice(start, sepStart);
  let first: unknown;
  try {
    first = load(firstText);
  } catch {
    first = null;
  }
  const plain = (): ImportResult => {
    const r = normaliseShareState({ ...emptyShareState(), manifests: text });
    return r.ok ? { ok: true, state: r.state, exported: false } : fileError('too-large', 'share.file.error.tooLarge', { limit: '1 MB' });
  };
  if (!isPlainObject(first) || first.kind !== 'Lab') return plain();
  const meta = isPlainObject(first.metadata) ? first.metadata : null;
  const annotations = meta && isPlainObject(meta.annotations) ? meta.annotations : null;
  const marker = annotations ? ownValue(annotations, SHARE_ANNOTATION) : undefined;
  if (typeof marker !== 'string') return plain();

  const docLine = lineOf(text, start);
  let viewState: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(marker) as unknown;
    if (isPlainObject(parsed)) viewState = parsed;
  } catch {
    viewState = {};
  }
  const spec = isPlainObject(first.spec) ? first.spec : {};
  const requests: ShareRequest[] = [];
  const reqRaw = ownValue(spec, 'requests');
  if (reqRaw !== undefined && reqRaw !== null && !Array.isArray(reqRaw)) return fileError('requests', 'share.file.error.requests', { index: 0 }, docLine, 1);
  if (Array.isArray(reqRaw)) {
    for (let i = 0; i < reqRaw.length; i++) {
      const r: unknown = reqRaw[i];
      const from = isPlainObject(r) ? ownValue(r, 'from') : undefined;
      const curl = isPlainObject(r) ? ownValue(r, 'curl') : undefined;
      if (typeof from !== 'string' || typeof curl !== 'string') {
        const at = text.indexOf('requests:', start);
        return fileError('requests', 'share.file.error.requests', { index: i }, at >= 0 ? lineOf(text, at) + 1 + i : docLine, 1);
      }
      requests.push({ from, curl });
    }
  }

  const partsRaw = viewState.labParts;
  const labParts = typeof partsRaw === 'number' && Number.isInteger(partsRaw) && partsRaw > 0 && partsRaw < 10_000 ? partsRaw : 0;
  let manifestsFrom = end;
  let labRest = '';
  if (labParts && end >= 0) {
    const seps = separators(text, end);
    if (seps.length >= labParts) {
      labRest = text.slice(end, seps[labParts - 1].sepStart);
      manifestsFrom = seps[labParts - 1].end;
    } else {
      labRest = text.slice(end);
      manifestsFrom = -1;
    }
  }
  delete viewState.labParts;

  let lab: string | null = null;
  if (ownValue(spec, 'extends') !== 'default' || labParts) {
    const rest: Record<string, unknown> = { ...first };
    const restAnnotations = { ...(annotations ?? {}) };
    delete restAnnotations[SHARE_ANNOTATION];
    const restMeta: Record<string, unknown> = { ...(meta ?? {}) };
    if (Object.keys(restAnnotations).length) restMeta.annotations = restAnnotations;
    else delete restMeta.annotations;
    rest.metadata = restMeta;
    try {
      lab = dump(rest, { noRefs: true, skipInvalid: true }) + (labParts ? `---\n${labRest}` : '');
    } catch {
      return fileError('lab', 'share.file.error.lab', {}, docLine, 1);
    }
  }

  const manifests = manifestsFrom < 0 ? '' : text.slice(manifestsFrom);
  const r = normaliseShareState({ ...viewState, manifests, lab, requests });
  if (!r.ok) return fileError('bad-shape', 'share.file.error.tooLarge', { limit: '1 MB' });
  return { ok: true, state: r.state, exported: true };
}
