// The engine worker's protocol for TLS Secrets (src/worker/engine.worker.ts): the certificate
// reader is loaded before a text that names kubernetes.io/tls, and a compile that needed it
// anyway (the type spelled with YAML escapes) says so, and compiles right once it is loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setCertificateReader } from '../model/secret';
import { readCertificate } from '../model/x509';
import { compile, compileNeedsCertificateReader, loadCertificateReader, mayNeedCertificateReader } from './index';

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
});
