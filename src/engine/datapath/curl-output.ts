// What curl prints, built from the attempts the walk made. These lines imitate
// curl 8.5 (the lab router's Ubuntu 24.04) byte for byte where tool-formats.md
// §6 knows them; they are tool output, not hopscope prose, so they are not in
// the message catalogue. curl/curl lib/connect.c, lib/transfer.c, lib/vtls/openssl.c
import type { CurlRequest, TraceOutcome } from '../types';
import type { HttpResponse } from './app';

export const CURL_UA = 'curl/8.5.0';

export interface Attempt {
  host: string;
  ip: string | null;
  port: number;
  scheme: 'http' | 'https';
  path: string;
  srcIP: string | null;
  sport: number | null;
  /** set when the attempt failed before an HTTP response */
  fail: { exit: number; message: string; verbose: string[] } | null;
  connected: boolean;
  tls: { sni: string | null } | null;
  requestHeaders: [string, string][];
  response: HttpResponse | null;
  date: string;
}

export const SSL_HELP = [
  'More details here: https://curl.se/docs/sslcerts.html',
  '',
  'curl failed to verify the legitimacy of the server and therefore could not',
  'establish a secure connection to it. To learn more about this situation and',
  'how to fix it, please visit the web page mentioned above.',
];

export function connectFail(
  host: string,
  ip: string,
  port: number,
  src: string | null,
  sport: number | null,
  ms: number,
  errno: string,
  exit = 7,
): Attempt['fail'] {
  const what = exit === 28 ? 'Timeout was reached' : "Couldn't connect to server";
  const message = `Failed to connect to ${host} port ${port} after ${ms} ms: ${what}`;
  const from = src ? ` from ${src} port ${sport ?? 0}` : '';
  return {
    exit,
    message,
    verbose: [
      exit === 28
        ? `* Connection timed out after ${ms} milliseconds`
        : `* connect to ${ip} port ${port}${from} failed: ${errno}`,
      `* Failed to connect to ${host} port ${port} after ${ms} ms: ${what}`,
      '* Closing connection',
    ],
  };
}

function responseHeaderLines(r: HttpResponse, date: string): [string, string][] {
  const h = [...r.headers];
  if (!h.some(([n]) => n.toLowerCase() === 'date')) h.push(['date', date]);
  return h;
}

/** Turn the attempts into curl's exit code and terminal output. */
export function curlOutcome(req: CurlRequest, attempts: Attempt[], maxRedirsHit: boolean): TraceOutcome {
  const out: string[] = [];
  const err: string[] = [];
  const showErr = !req.silent || req.showError;
  const last = attempts[attempts.length - 1];
  let exitCode = 0;
  let error: string | null = null;

  attempts.forEach((a, i) => {
    const isLast = i === attempts.length - 1;
    if (req.verbose && a.ip) {
      out.push(`*   Trying ${a.ip}:${a.port}...`);
    }
    if (a.fail && !a.connected) {
      if (req.verbose) out.push(...a.fail.verbose);
      return;
    }
    if (req.verbose) {
      out.push(`* Connected to ${a.host} (${a.ip}) port ${a.port}`);
      if (a.tls) {
        out.push('* ALPN: curl offers h2,http/1.1', '* TLSv1.3 (OUT), TLS handshake, Client hello (1):');
      }
    }
    if (a.fail) {
      if (req.verbose) out.push(...a.fail.verbose);
      return;
    }
    if (req.verbose) {
      if (a.tls) out.push('* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384', '* ALPN: server accepted http/1.1');
      out.push(`> ${req.headOnly ? 'HEAD' : req.method} ${a.path} HTTP/1.1`);
      for (const [n, v] of a.requestHeaders) out.push(`> ${n}: ${v}`);
      out.push('> ');
    }
    const r = a.response;
    if (!r) return;
    const headers = responseHeaderLines(r, a.date);
    const failHere = req.fail && r.status >= 400;
    if (req.verbose) {
      out.push(`< HTTP/1.1 ${r.status} ${r.reason}`);
      for (const [n, v] of headers) out.push(`< ${n}: ${v}`);
      out.push('< ');
    } else if (req.headOnly && !failHere) {
      out.push(`HTTP/1.1 ${r.status} ${r.reason}`);
      for (const [n, v] of headers) out.push(`${n}: ${v}`);
      out.push('');
    }
    const followed = !isLast || (maxRedirsHit && isLast);
    if (!req.headOnly && !failHere && !(followed && req.followRedirects && r.status >= 300 && r.status < 400)) {
      out.push(...r.body);
    }
    if (req.verbose) {
      if (followed && req.followRedirects && r.status >= 300 && r.status < 400) {
        const loc = headers.find(([n]) => n === 'location')?.[1];
        out.push(`* Connection #${i} to host ${a.host} left intact`);
        if (loc) out.push(`* Issue another request to this URL: '${loc}'`);
      } else if (!failHere) {
        out.push(`* Connection #${i} to host ${a.host} left intact`);
      }
    }
  });

  if (maxRedirsHit) {
    exitCode = 47;
    error = `curl: (47) Maximum (50) redirects followed`;
  } else if (last.fail) {
    exitCode = last.fail.exit;
    error = `curl: (${last.fail.exit}) ${last.fail.message}`;
  } else if (last.response && req.fail && last.response.status >= 400) {
    exitCode = 22;
    error = `curl: (22) The requested URL returned error: ${last.response.status}`;
    if (req.verbose) out.push('* Closing connection');
  }
  if (error && showErr) {
    err.push(error);
    if (exitCode === 60) err.push(...SSL_HELP);
  }
  const resp = last.response;
  const location = resp?.headers.find(([n]) => n.toLowerCase() === 'location')?.[1] ?? null;
  return {
    status: resp ? resp.status : null,
    error,
    exitCode,
    output: [...out, ...err],
    body: resp ? resp.summary : null,
    location,
  };
}
