// v1 Secret; for kubernetes.io/tls the certificate is decoded and read with @peculiar/x509.
import './reflect-shim';
import { X509Certificate, SubjectAlternativeNameExtension, BasicConstraintsExtension } from '@peculiar/x509';
import type { Ctx } from './context';
import type { CertificateInfo, Secret } from './types';
import { get, type YMap } from './yaml';

function decodeBase64(s: string): string {
  // atob exists in browsers, workers and Node >= 16.
  return atob(s.replace(/\s+/g, ''));
}

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

export function parseSecret(root: YMap, ctx: Ctx, apiVersion: string): Secret | null {
  const meta = ctx.meta(root, 'Secret', true);
  if (!meta) return null;
  const type = ctx.str(root, 'type') ?? 'Opaque';
  const data = ctx.map(root, 'data') ?? undefined;
  const stringData = ctx.map(root, 'stringData') ?? undefined;
  const secret: Secret = { kind: 'Secret', apiVersion, meta, loc: ctx.loc(root.off), type, certificate: null, certError: null, hasKey: false };

  // stringData wins over data for the same key (the API server merges it that way).
  const read = (key: string): { text: string | null; off: number; error: string | null } => {
    const sd = ctx.str(stringData, key, `stringData.${key}`);
    if (sd !== null) return { text: sd, off: get(stringData, key)!.off, error: null };
    const d = ctx.str(data, key, `data.${key}`);
    if (d === null) return { text: null, off: root.off, error: null };
    const off = get(data, key)!.off;
    try {
      return { text: decodeBase64(d), off, error: null };
    } catch {
      return { text: null, off, error: 'invalid base64' };
    }
  };

  const crt = read('tls.crt');
  const key = read('tls.key');
  secret.hasKey = !!key.text && key.text.trim() !== '';
  if (type !== 'kubernetes.io/tls') return secret;

  if (!secret.hasKey) ctx.error('model.secret.key.missing', key.error ? key.off : (data ?? stringData ?? root).off, { name: meta.name });
  if (crt.text === null) {
    secret.certError = crt.error ?? 'tls.crt missing';
    ctx.error(crt.error ? 'model.secret.base64' : 'model.secret.crt.missing', crt.error ? crt.off : (data ?? stringData ?? root).off, { name: meta.name, key: 'tls.crt' });
    return secret;
  }
  try {
    secret.certificate = readCertificate(crt.text);
  } catch (err) {
    secret.certError = (err as Error).message || String(err);
    ctx.error('model.secret.cert.invalid', crt.off, { name: meta.name, error: secret.certError });
  }
  return secret;
}
