// v1 Secret. For kubernetes.io/tls the certificate is decoded and read by the certificate reader
// (x509.ts, @peculiar/x509), which is registered, not imported: it is ~200 KB of code the
// browser's engine worker loads only for a text with a TLS Secret. Without a registered reader a
// TLS Secret is never read as if it had no certificate: it gets CERT_READER_MISSING as its
// certError and an error diagnostic, and certificateReaderMissing() tells the caller to load the
// reader and compile again. Node entry points register it at start (import './x509').
import type { Ctx } from './context';
import type { CertificateInfo, Manifest, Secret } from './types';
import { get, type YMap } from './yaml';

function decodeBase64(s: string): string {
  // atob exists in browsers, workers and Node >= 16.
  return atob(s.replace(/\s+/g, ''));
}

/** Reads the first certificate of a PEM bundle; throws on bad input. */
export type CertificateReader = (pem: string) => CertificateInfo;

let reader: CertificateReader | null = null;

/** Register (or, with null, forget) the certificate reader; x509.ts registers itself when imported. */
export function setCertificateReader(r: CertificateReader | null): void {
  reader = r;
}

export function hasCertificateReader(): boolean {
  return reader !== null;
}

/** certError of a TLS Secret parsed while no certificate reader was registered. */
export const CERT_READER_MISSING = 'the certificate reader is not loaded';

/** Whether this manifest was parsed without the certificate reader it needed (compile again once it is registered). */
export function certificateReaderMissing(manifest: Pick<Manifest, 'secrets'>): boolean {
  return manifest.secrets.some((s) => s.certError === CERT_READER_MISSING);
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
  if (!reader) {
    secret.certError = CERT_READER_MISSING;
    ctx.error('model.secret.cert.reader', crt.off, { name: meta.name });
    return secret;
  }
  try {
    secret.certificate = reader(crt.text);
  } catch (err) {
    secret.certError = (err as Error).message || String(err);
    ctx.error('model.secret.cert.invalid', crt.off, { name: meta.name, error: secret.certError });
  }
  return secret;
}
