// The certificate reader on demand (src/engine/index.ts compileLoading, which the worker uses): it is
// loaded before a text that names kubernetes.io/tls, and a compile that needed it anyway (the type
// spelled with YAML escapes) says so, and compiles right once it is loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setCertificateReader } from '../model/secret';
import { readCertificate } from '../model/x509';
import { compile, compileLoading, compileNeedsCertificateReader, loadCertificateReader, mayNeedCertificateReader } from './index';

const TLS_LAB = readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', '10-tls.yaml'), 'utf8');

describe('certificate reader on demand', () => {
  it('a TLS lab compiled without the reader asks for it; with it, the same state as always', async () => {
    // the type written with a YAML escape (and the notes without the words) escapes the cheap guess, not the check after compile
    const escaped = TLS_LAB.replace(/type: kubernetes\.io\/tls/g, 'type: "kubernetes\\x2eio/tls"').replaceAll('kubernetes.io/tls', 'TLS');
    const reference = JSON.stringify(compile(TLS_LAB).state);
    const referenceEscaped = JSON.stringify(compile(escaped).state);
    expect(compile(escaped).state.ingresses.length).toBeGreaterThan(0);
    setCertificateReader(null);
    try {
      expect(mayNeedCertificateReader([TLS_LAB, ''])).toBe(true);
      expect(mayNeedCertificateReader(['kind: Service', ''])).toBe(false);
      const without = compile(TLS_LAB);
      expect(compileNeedsCertificateReader(without)).toBe(true);
      expect(escaped).not.toContain('kubernetes.io/tls');
      expect(mayNeedCertificateReader([escaped])).toBe(false);
      expect(compileNeedsCertificateReader(compile(escaped))).toBe(true);
      await loadCertificateReader();
      expect(mayNeedCertificateReader([TLS_LAB])).toBe(false);
      const withReader = compile(TLS_LAB);
      expect(compileNeedsCertificateReader(withReader)).toBe(false);
      expect(JSON.stringify(withReader.state)).toBe(reference);
      expect(JSON.stringify(compile(escaped).state)).toBe(referenceEscaped);
    } finally {
      setCertificateReader(readCertificate);
    }
  });
  it('the default lab and lab 3 need no reader', () => {
    const lab3 = readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', '03-basic-ingress.yaml'), 'utf8');
    setCertificateReader(null);
    try {
      expect(compileNeedsCertificateReader(compile(lab3))).toBe(false);
      expect(compileNeedsCertificateReader(compile(''))).toBe(false);
    } finally {
      setCertificateReader(readCertificate);
    }
  });
  it('compileLoading loads the reader when the text names a TLS Secret, and after a compile that needed it', async () => {
    const reference = JSON.stringify(compile(TLS_LAB).state);
    const escaped = TLS_LAB.replace(/type: kubernetes\.io\/tls/g, 'type: "kubernetes\\x2eio/tls"').replaceAll('kubernetes.io/tls', 'TLS');
    setCertificateReader(null);
    try {
      let loads = 0;
      const load = async () => {
        loads++;
        await loadCertificateReader();
      };
      // the cheap guess sees it: loaded before the one compile
      expect(JSON.stringify((await compileLoading([{ file: 'editor', text: TLS_LAB }], {}, load)).state)).toBe(reference);
      expect(loads).toBe(1);
      // the guess misses it (escaped): compiled, found missing, loaded, compiled again
      setCertificateReader(null);
      const again = await compileLoading([{ file: 'editor', text: escaped }], {}, load);
      expect(loads).toBe(2);
      expect(compileNeedsCertificateReader(again)).toBe(false);
      // nothing to read: no load
      await compileLoading([{ file: 'editor', text: 'kind: Service' }], {}, load);
      expect(loads).toBe(2);
    } finally {
      setCertificateReader(readCertificate);
    }
  });
  it('compileLoading with a reader that cannot be loaded: no rejection, an error at each tls.crt line', async () => {
    setCertificateReader(null);
    try {
      const r = await compileLoading([{ file: 'editor', text: TLS_LAB }], {}, () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
      const missing = r.state.diagnostics.filter((d) => d.code === 'model.secret.cert.reader');
      const crtLines = TLS_LAB.split('\n').flatMap((l, i) => (/^\s*tls\.crt:/.test(l) ? [i + 1] : []));
      expect(crtLines.length).toBeGreaterThan(0);
      expect(missing.map((d) => d.line)).toEqual(crtLines);
    } finally {
      setCertificateReader(readCertificate);
    }
  });
});
