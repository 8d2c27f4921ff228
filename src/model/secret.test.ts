import { describe, expect, it } from 'vitest';
import { DEMO_CA_CERT_PEM, DEMO_CERT_B64, DEMO_CERT_PEM, DEMO_KEY_B64, DEMO_KEY_PEM } from './fixtures/demo-cert';
import { CERT_READER_MISSING, certificateReaderMissing, setCertificateReader } from './secret';
import { readCertificate } from './x509';
import { diagsWith, parseAlone, problems } from './test-util';

/** The blog's demo-cert as a kubernetes.io/tls Secret (data, base64). */
const TLS_SECRET = `apiVersion: v1
kind: Secret
metadata: {name: demo-cert, namespace: default}
type: kubernetes.io/tls
data:
  tls.crt: ${DEMO_CERT_B64}
  tls.key: ${DEMO_KEY_B64}
`;

describe('TLS fixture', () => {
  it('the leaf is *.cilium.rocks, issued by the mkcert-like CA, valid 2025-01-01..2035-01-01', () => {
    const c = readCertificate(DEMO_CERT_PEM);
    expect(c.dnsNames).toEqual(['*.cilium.rocks']);
    expect(c.notBefore).toBe('2025-01-01T00:00:00.000Z');
    expect(c.notAfter).toBe('2035-01-01T00:00:00.000Z');
    expect(c.issuerOrg).toBe('mkcert development CA');
    expect(c.selfSigned).toBe(false);
    expect(c.isCA).toBe(false);
  });
  it('the CA is self-signed and a CA', () => {
    const c = readCertificate(DEMO_CA_CERT_PEM);
    expect(c.selfSigned).toBe(true);
    expect(c.isCA).toBe(true);
    expect(c.subjectCN).toBe(c.issuerCN);
  });
});

describe('Secret', () => {
  it('decodes a kubernetes.io/tls Secret from data (base64)', () => {
    const text = TLS_SECRET;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    const s = m.secrets[0]!;
    expect(s.type).toBe('kubernetes.io/tls');
    expect(s.hasKey).toBe(true);
    expect(s.certError).toBeNull();
    expect(s.certificate).toMatchObject({ dnsNames: ['*.cilium.rocks'], subjectCN: '*.cilium.rocks', issuerOrg: 'mkcert development CA', ipAddresses: [] });
  });

  it('accepts stringData with PEM text', () => {
    const indent = (s: string): string => s.trim().split('\n').map((l) => `    ${l}`).join('\n');
    const text = `apiVersion: v1
kind: Secret
metadata: {name: demo-cert}
type: kubernetes.io/tls
stringData:
  tls.crt: |
${indent(DEMO_CERT_PEM)}
  tls.key: |
${indent(DEMO_KEY_PEM)}
`;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    expect(m.secrets[0]!.certificate?.notAfter).toBe('2035-01-01T00:00:00.000Z');
  });

  it('a broken certificate gives certificate null, certError and a diagnostic at tls.crt', () => {
    const text = `apiVersion: v1
kind: Secret
metadata: {name: broken}
type: kubernetes.io/tls
stringData:
  tls.key: "x"
  tls.crt: |
    -----BEGIN CERTIFICATE-----
    AAAA
    -----END CERTIFICATE-----
`;
    const m = parseAlone(text);
    const s = m.secrets[0]!;
    expect(s.certificate).toBeNull();
    expect(s.certError).toBeTruthy();
    expect(diagsWith(m, 'model.secret.cert.invalid').map((d) => [d.severity, d.line, d.column])).toEqual([['error', 8, 5]]);
  });

  it('bad base64 and a missing key are reported', () => {
    const m = parseAlone('apiVersion: v1\nkind: Secret\nmetadata: {name: b}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: "%%%not base64"\n');
    expect(m.secrets[0]!.certError).toBe('invalid base64');
    expect(diagsWith(m, 'model.secret.base64').map((d) => [d.line, d.column])).toEqual([[6, 12]]);
    expect(diagsWith(m, 'model.secret.key.missing')).toHaveLength(1);
  });
});

describe('Secret without the certificate reader registered', () => {
  const tls = TLS_SECRET;
  it('is never read as a secret without a certificate: certError says the reader is missing, with an error', () => {
    setCertificateReader(null);
    try {
      const m = parseAlone(tls);
      expect(m.secrets[0]!.certificate).toBeNull();
      expect(m.secrets[0]!.certError).toBe(CERT_READER_MISSING);
      expect(certificateReaderMissing(m)).toBe(true);
      // its own message at the tls.crt line (line 6 of TLS_SECRET), not an "internal error"
      expect(diagsWith(m, 'model.secret.cert.reader').map((d) => [d.severity, d.line])).toEqual([['error', 6]]);
    } finally {
      setCertificateReader(readCertificate);
    }
    const again = parseAlone(tls);
    expect(certificateReaderMissing(again)).toBe(false);
    expect(again.secrets[0]!.certificate?.dnsNames).toEqual(['*.cilium.rocks']);
  });
  it('an Opaque Secret needs no reader', () => {
    setCertificateReader(null);
    try {
      const m = parseAlone(`apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ntype: Opaque\nstringData: {a: b}\n`);
      expect(certificateReaderMissing(m)).toBe(false);
      expect(problems(m)).toEqual([]);
    } finally {
      setCertificateReader(readCertificate);
    }
  });
});
