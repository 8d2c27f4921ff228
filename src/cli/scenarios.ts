// The scenario files (scenarios/*.yaml): finding them, reading their Lab document's
// title and requests without the engine, and checking a trace against a request's
// `expect`. Shared by the CLI (`hopscope scenarios`), scenarios/scenarios.test.ts,
// the benchmark and the fuzz tests. Node only (reads the file system).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import type { Trace } from '../engine';

/** The repository's scenarios/ folder (this file lives in src/cli). */
export const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

export interface ScenarioExpect {
  status?: number;
  exitCode?: number;
  error?: string;
  backend?: string;
  envoyNode?: string;
}

export interface ScenarioRequest {
  name: string;
  from: string;
  curl: string;
  expect: ScenarioExpect | null;
  note: string | null;
}

export interface ScenarioFile {
  /** file name inside scenarios/, e.g. 03-basic-ingress.yaml */
  name: string;
  /** absolute path */
  path: string;
  text: string;
  title: string | null;
  extendsDefault: boolean;
  requests: ScenarioRequest[];
  /** problems reading the Lab document itself (not the engine's diagnostics) */
  problems: string[];
}

/** Every scenarios/*.yaml, sorted by name. */
export function listScenarioFiles(dir: string = SCENARIO_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function readExpect(v: unknown, problems: string[], where: string): ScenarioExpect | null {
  if (!isRecord(v)) return null;
  const out: ScenarioExpect = {};
  for (const [k, val] of Object.entries(v)) {
    switch (k) {
      case 'status':
      case 'exitCode':
        if (typeof val === 'number') out[k] = val;
        else problems.push(`${where}: expect.${k} must be a number`);
        break;
      case 'error':
      case 'backend':
      case 'envoyNode':
        if (typeof val === 'string') out[k] = val;
        else problems.push(`${where}: expect.${k} must be a string`);
        break;
      default:
        problems.push(`${where}: unknown expect field ${k}`);
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Read one scenario text: the Lab document's title and requests. Never throws. */
export function parseScenarioText(name: string, path: string, text: string): ScenarioFile {
  const problems: string[] = [];
  let docs: unknown[] = [];
  try {
    docs = loadAll(text);
  } catch (e) {
    problems.push(`YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const lab = docs.find((d) => isRecord(d) && d.kind === 'Lab' && String(d.apiVersion ?? '').startsWith('hopscope.dev/'));
  const spec = isRecord(lab) && isRecord(lab.spec) ? lab.spec : {};
  const requests: ScenarioRequest[] = [];
  if (!lab) problems.push('no `kind: Lab` document (apiVersion hopscope.dev/v1alpha1)');
  const raw = Array.isArray(spec.requests) ? spec.requests : [];
  raw.forEach((r, i) => {
    const where = `requests[${i}]`;
    if (!isRecord(r)) {
      problems.push(`${where}: not a mapping`);
      return;
    }
    const req: ScenarioRequest = {
      name: str(r.name) ?? `request ${i + 1}`,
      from: str(r.from) ?? '',
      curl: str(r.curl) ?? '',
      expect: readExpect(r.expect, problems, where),
      note: str(r.note),
    };
    if (!req.from) problems.push(`${where}: no from`);
    if (!req.curl) problems.push(`${where}: no curl`);
    requests.push(req);
  });
  return {
    name,
    path,
    text,
    title: str(spec.title),
    extendsDefault: spec.extends === 'default',
    requests,
    problems,
  };
}

export function readScenario(path: string): ScenarioFile {
  const text = readFileSync(path, 'utf8');
  return parseScenarioText(path.split(/[\\/]/).pop() ?? path, path, text);
}

export function readAllScenarios(dir: string = SCENARIO_DIR): ScenarioFile[] {
  return listScenarioFiles(dir).map(readScenario);
}

/** Does the trace's backend match `expect.backend` (a pod-name prefix, or namespace/service)? */
export function backendMatches(backend: Trace['backend'], want: string): boolean {
  if (!backend) return false;
  if (want.includes('/')) return `${backend.namespace}/${backend.service}` === want;
  return backend.pod.startsWith(want);
}

/** Compare a trace with an expectation: one line per mismatch, empty when it holds. */
export function checkExpect(t: Trace, want: ScenarioExpect): string[] {
  const out: string[] = [];
  const o = t.outcome;
  if (want.status !== undefined && o.status !== want.status) out.push(`status: want ${want.status}, got ${o.status}`);
  if (want.exitCode !== undefined && o.exitCode !== want.exitCode) out.push(`exitCode: want ${want.exitCode}, got ${o.exitCode}`);
  if (want.error !== undefined && !(o.error ?? '').includes(want.error)) out.push(`error: want a line containing ${JSON.stringify(want.error)}, got ${JSON.stringify(o.error)}`);
  if (want.backend !== undefined && !backendMatches(t.backend, want.backend)) {
    const b = t.backend;
    out.push(`backend: want ${want.backend}, got ${b ? `${b.namespace}/${b.service} pod ${b.pod} on ${b.node}` : 'none'}`);
  }
  if (want.envoyNode !== undefined && t.envoyNode !== want.envoyNode) out.push(`envoyNode: want ${want.envoyNode}, got ${t.envoyNode}`);
  return out;
}
