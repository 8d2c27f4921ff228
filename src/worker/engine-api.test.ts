import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCENARIO_TEXT } from './default-scenario';
import type * as EngineApi from './engine-api';
import { DEFAULT_LAB_TEXT } from './defaults';

/** A fresh worker: the module keeps the last state, so each test imports it (and the engine, without a certificate reader registered) anew. */
async function freshWorker(): Promise<typeof EngineApi> {
  vi.resetModules();
  return import('./engine-api');
}

/** Count the worker's compiles from now on (the engine module of the worker imported last). */
async function countCompiles() {
  const engine = await import('../engine/index');
  return vi.spyOn(engine, 'compileLoading');
}

const DEFAULT = { manifests: DEFAULT_SCENARIO_TEXT, lab: DEFAULT_LAB_TEXT };
const strip = <T extends { seq: number }>(a: T) => JSON.stringify({ ...a, seq: 0 });

describe('engine worker API', () => {
  it('work done ahead answers exactly what the calls would compute', async () => {
    const plain = await freshWorker();
    const c1 = await plain.api.compile(1, DEFAULT);
    const t1 = await plain.api.tracePreset(2, { firstPreset: true });
    expect(c1.state).not.toBeNull();
    expect(t1.trace?.hops.length).toBeGreaterThan(10);
    const o1 = await plain.api.observe(3, 'tcpdump -i eth1 -nn', null);

    const ahead = await freshWorker();
    await ahead.workAhead();
    const compiles = await countCompiles();
    const c2 = await ahead.api.compile(1, { ...DEFAULT });
    const t2 = await ahead.api.tracePreset(2, { firstPreset: true });
    // the answers computed ahead were taken, not computed again
    expect(compiles).not.toHaveBeenCalled();
    expect(strip(c2)).toBe(strip(c1));
    expect(strip(t2)).toBe(strip(t1));
    // the worker's last trace is the one taken: later commands see it
    expect(strip(await ahead.api.observe(3, 'tcpdump -i eth1 -nn', null))).toBe(strip(o1));
    expect(t2.seq).toBe(2);
  });

  it('work done ahead is dropped for another input and never reused', async () => {
    const w = await freshWorker();
    await w.workAhead();
    const compiles = await countCompiles();
    const other = { manifests: '', lab: DEFAULT_LAB_TEXT };
    const c = await w.api.compile(1, other);
    expect(compiles).toHaveBeenCalledTimes(1);
    const plain = await freshWorker();
    expect(strip(c)).toBe(strip(await plain.api.compile(1, other)));
    // the default input compiled later is compiled again (same values)
    const again = await w.api.compile(2, DEFAULT);
    expect(again.state?.requests.length).toBeGreaterThan(0);
    expect(compiles).toHaveBeenCalledTimes(2);
  });

  it('a compile that arrives first makes the work ahead a no-op', async () => {
    const w = await freshWorker();
    await w.api.compile(1, { manifests: '', lab: DEFAULT_LAB_TEXT });
    await w.workAhead();
    const t = await w.api.tracePreset(2, { firstPreset: true });
    // the default lab's own first request, traced on the state compiled last
    expect(t.request?.from).toBe('curlpod');
  });

  it('views() lists the last state; compile answers leave them out', async () => {
    const w = await freshWorker();
    expect((await w.api.views(1)).crash).toMatch(/no compiled state/);
    const c = await w.api.compile(2, DEFAULT);
    expect(c.views).toBeNull();
    const v = await w.api.views(3);
    expect(Object.keys(v.views ?? {}).some((k) => k.startsWith('kubectl'))).toBe(true);
  });

  it('a TLS Secret loads the certificate reader before its compile', async () => {
    const w = await freshWorker();
    const tls = readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', '10-tls.yaml'), 'utf8');
    const c = await w.api.compile(1, { manifests: tls, lab: DEFAULT_LAB_TEXT });
    // only the reader fills a certificate in (without it: null, and a diagnostic); the Lab's notes
    // mention *.cilium.rocks too, so the check is on the parsed certificate's names
    const dnsNames = (c.state?.envoy ?? []).flatMap((l) => l.tlsChains.flatMap((chain) => chain.certificate?.dnsNames ?? []));
    expect(dnsNames).toContain('*.cilium.rocks');
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a certificate reader that cannot be loaded is no crash: the TLS Secret gets an error at its tls.crt line', async () => {
    const w = await freshWorker();
    // the worker's engine (imported anew by freshWorker) with a loader that fails, as a chunk that cannot be fetched
    const engine = await import('../engine/index');
    const compileLoading = engine.compileLoading;
    const failing = vi.spyOn(engine, 'compileLoading').mockImplementation((sources, options) => compileLoading(sources, options, () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))));
    const tls = readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', '10-tls.yaml'), 'utf8');
    const c = await w.api.compile(1, { manifests: tls, lab: DEFAULT_LAB_TEXT });
    expect(c.crash).toBeNull();
    expect(c.state).not.toBeNull();
    const missing = c.diagnostics.filter((d) => d.code === 'model.secret.cert.reader');
    expect(missing.length).toBeGreaterThan(0);
    const crtLine = tls.split('\n').findIndex((l) => /^\s*tls\.crt:/.test(l)) + 1;
    expect(missing[0]!.line).toBe(crtLine);
    expect(missing[0]!.hint).toMatch(/reload the page/);
    expect(failing).toHaveBeenCalledTimes(1);
    failing.mockRestore();
  });
});
