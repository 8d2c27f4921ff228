// The certificate reader of kubernetes.io/tls Secrets, with @peculiar/x509 (and the Reflect
// shim tsyringe needs): ~200 KB of code that only a TLS Secret needs, so it lives apart from
// secret.ts. Importing this module registers the reader with the model (setCertificateReader):
// Node entry points (CLI, tests, benches) import it at start; the engine worker loads it with
// import() before compiling a text that has a TLS Secret (src/engine/index.ts loadCertificateReader).
import './reflect-shim';
import { X509Certificate, SubjectAlternativeNameExtension, BasicConstraintsExtension } from '@peculiar/x509';
import { setCertificateReader } from './secret';
import type { CertificateInfo } from './types';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;

/** Read the first certificate of a PEM bundle. Throws on bad input (callers catch). */
export function readCertificate(pem: string): CertificateInfo {
  const m = PEM_CERT.exec(pem);
  if (!m) throw new Error('no "-----BEGIN CERTIFICATE-----" block');
  const cert = new X509Certificate(m[0]);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const san = cert.getExtension(SubjectAlternativeNameExtension);
  if (san) {
    for (const n of san.names.items) {
      if (n.type === 'dns') dnsNames.push(n.value);
      else if (n.type === 'ip') ipAddresses.push(n.value);
    }
  }
  const bc = cert.getExtension(BasicConstraintsExtension);
  const first = (v: string[]): string | null => (v.length > 0 ? v[0]! : null);
  return {
    subjectCN: first(cert.subjectName.getField('CN')),
    issuerCN: first(cert.issuerName.getField('CN')),
    issuerOrg: first(cert.issuerName.getField('O')),
    dnsNames,
    ipAddresses,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    selfSigned: cert.subject === cert.issuer,
    isCA: bc?.ca ?? false,
  };
}

setCertificateReader(readCertificate);
