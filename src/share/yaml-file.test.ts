import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_TEXT } from '../model/default-lab';
import { emptyShareState, type ShareState } from './state';
import { exportScenarioFile, importScenarioFile, SHARE_ANNOTATION } from './yaml-file';

const scenariosDir = join(__dirname, '../../scenarios');

function state(over: Partial<ShareState>): ShareState {
  return { ...emptyShareState(), ...over };
}

describe('exportScenarioFile / importScenarioFile', () => {
  it('round-trips a state with the default lab exactly', () => {
    const s = state({
      manifests: '# my ingress\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: basic-ingress\n---\napiVersion: v1\nkind: Service\nmetadata: { name: webpod }\n',
      requests: [
        { from: 'router', curl: 'curl -s http://192.168.10.211/' },
        { from: 'curlpod', curl: "curl -s -H 'Host: a: b' webpod # not a comment" },
      ],
      selected: 1,
      step: 6,
      lens: 'pwru',
      view: { zoom: 1.5, x: -3, y: 4.25, theme: 'dark' },
      scenario: '03-basic-ingress',
    });
    const file = exportScenarioFile(s);
    expect(file.startsWith('# hopscope scenario file.')).toBe(true);
    const docs = loadAll(file) as Record<string, unknown>[];
    expect(docs[0]).toMatchObject({ apiVersion: 'hopscope.dev/v1alpha1', kind: 'Lab', spec: { extends: 'default', requests: s.requests } });
    expect(docs).toHaveLength(3);
    const back = importScenarioFile(file);
    expect(back).toEqual({ ok: true, state: s, exported: true });
  });

  it('round-trips every seed scenario as manifests', () => {
    const files = existsSync(scenariosDir) ? readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml')) : [];
    const texts = files.length ? files.map((f) => readFileSync(join(scenariosDir, f), 'utf8')) : [DEFAULT_LAB_TEXT];
    for (const text of texts) {
      const s = state({ manifests: text, requests: [{ from: 'router', curl: 'curl -sk https://webpod.cilium.rocks/' }], step: 2, lens: 'hubble' });
      expect(importScenarioFile(exportScenarioFile(s))).toEqual({ ok: true, state: s, exported: true });
    }
  });

  it('keeps a custom lab as a Lab document and reaches a fixed point', () => {
    const lab = DEFAULT_LAB_TEXT.replace('Cilium Ingress home lab (2 nodes + router)', '집 실습실 ✨');
    const s = state({ manifests: 'kind: Service\n', lab, requests: [{ from: 'router', curl: 'curl http://192.168.10.211/' }] });
    const file = exportScenarioFile(s);
    const docs = loadAll(file) as Record<string, Record<string, unknown>>[];
    expect(docs[0].kind).toBe('Lab');
    expect((docs[0].spec as Record<string, unknown>).title).toBe('집 실습실 ✨');
    expect((docs[0].spec as Record<string, unknown>).requests).toEqual(s.requests);
    const back = importScenarioFile(file);
    expect(back.ok).toBe(true);
    if (!back.ok || back.state.lab === null) throw new Error('lab lost');
    expect(back.state.requests).toEqual(s.requests);
    expect(back.state.manifests).toBe('kind: Service\n');
    // The lab comes back as the same data (comments and layout of a custom lab are not kept).
    const before = loadAll(lab) as Record<string, Record<string, unknown>>[];
    const after = loadAll(back.state.lab) as Record<string, Record<string, unknown>>[];
    expect(after).toHaveLength(before.length);
    expect(after[0].metadata.annotations).toBeUndefined();
    expect({ ...after[0], spec: { ...after[0].spec, requests: undefined } }).toEqual({ ...before[0], spec: { ...before[0].spec, requests: undefined } });
    expect(after.slice(1)).toEqual(before.slice(1));
    // the documents after the Lab document are kept verbatim, comments included
    expect(back.state.lab.slice(back.state.lab.indexOf('---\n'))).toBe(lab.slice(lab.indexOf('\n---\n') + 1));
    // exporting what was imported gives the same file
    expect(exportScenarioFile(back.state)).toBe(file);
  });

  it('reads a plain YAML file as manifests with the default lab', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: webpod\n';
    expect(importScenarioFile(text)).toEqual({ ok: true, state: state({ manifests: text }), exported: false });
    const labFirst = '# a seed scenario\n' + DEFAULT_LAB_TEXT + '---\n' + text;
    const r = importScenarioFile(labFirst);
    expect(r.ok && r.exported).toBe(false);
    expect(r.ok && r.state.manifests).toBe(labFirst);
  });

  it('reports a YAML syntax error with its line', () => {
    const file = exportScenarioFile(state({ manifests: 'kind: Service\n' }));
    const broken = file.replace('kind: Service', 'kind: Service\n  bad: [unclosed');
    const r = importScenarioFile(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('syntax');
    const expectedLine = broken.split('\n').findIndex((l) => l.includes('[unclosed')) + 1;
    expect(r.error.line).toBeGreaterThanOrEqual(expectedLine);
    expect(r.error.line).toBeLessThanOrEqual(expectedLine + 1);
    expect(r.error.message).toMatch(/not valid YAML/);
  });

  it('reports a request without curl, with a line', () => {
    const file = `apiVersion: hopscope.dev/v1alpha1\nkind: Lab\nmetadata:\n  name: x\n  annotations:\n    ${SHARE_ANNOTATION}: '{}'\nspec:\n  extends: default\n  requests:\n    - from: router\n      curl: curl http://x/\n    - from: router\n---\nkind: Service\n`;
    const r = importScenarioFile(file);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('requests');
      expect(r.error.line).toBeGreaterThan(9);
      expect(r.error.message).toContain('spec.requests[1]');
    }
  });

  it('refuses empty and oversized files and ignores hostile view state', () => {
    expect(importScenarioFile('').ok).toBe(false);
    expect(importScenarioFile('  \n').ok).toBe(false);
    const huge = importScenarioFile('a'.repeat(2 * 1024 * 1024 + 1));
    expect(!huge.ok && huge.error.code).toBe('too-large');
    const file = `apiVersion: hopscope.dev/v1alpha1\nkind: Lab\nmetadata:\n  name: x\n  annotations:\n    ${SHARE_ANNOTATION}: '{"__proto__":{"polluted":1},"lens":"<img src=x onerror=alert(1)>","step":"9","manifests":"injected"}'\nspec:\n  extends: default\n---\nkind: Service\n`;
    const r = importScenarioFile(file);
    expect(r).toEqual({ ok: true, exported: true, state: state({ manifests: 'kind: Service\n' }) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
