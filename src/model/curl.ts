// parseCurl: a pasted curl command line → CurlRequest. Options and defaults follow curl's
// own (curl/curl src/tool_getparam.c for the option table; lib/urlapi.c for scheme guessing:
// a URL without scheme is http, https's default port is 443).
import { t, hasMessage } from '../i18n';
import type { CurlRequest, Diagnostic, Severity } from './types';
import { tokenize } from './shell';

type Opt =
  | 'header'
  | 'resolve'
  | 'insecure'
  | 'cacert'
  | 'request'
  | 'head'
  | 'location'
  | 'max-time'
  | 'connect-timeout'
  | 'verbose'
  | 'silent'
  | 'show-error'
  | 'fail'
  | 'output'
  | 'url'
  | 'data'
  | 'user-agent'
  | 'include'
  | 'http1.1'
  | 'noarg-ignored';

const LONG: Record<string, Opt> = {
  '--header': 'header',
  '--resolve': 'resolve',
  '--insecure': 'insecure',
  '--cacert': 'cacert',
  '--request': 'request',
  '--head': 'head',
  '--location': 'location',
  '--max-time': 'max-time',
  '--connect-timeout': 'connect-timeout',
  '--verbose': 'verbose',
  '--silent': 'silent',
  '--show-error': 'show-error',
  '--fail': 'fail',
  '--output': 'output',
  '--url': 'url',
  '--data': 'data',
  '--data-raw': 'data',
  '--data-binary': 'data',
  '--user-agent': 'user-agent',
  '--include': 'include',
  '--http1.1': 'http1.1',
  '--no-progress-meter': 'noarg-ignored',
  '--compressed': 'noarg-ignored',
};
const SHORT: Record<string, Opt> = {
  H: 'header',
  k: 'insecure',
  X: 'request',
  I: 'head',
  L: 'location',
  m: 'max-time',
  v: 'verbose',
  s: 'silent',
  S: 'show-error',
  f: 'fail',
  o: 'output',
  d: 'data',
  A: 'user-agent',
  i: 'include',
};
const TAKES_ARG = new Set<Opt>(['header', 'resolve', 'cacert', 'request', 'max-time', 'connect-timeout', 'output', 'url', 'data', 'user-agent']);

/** curl's defaults for a command line: GET http://…/ with no option set. */
export function blankCurlRequest(raw: string): CurlRequest {
  return {
    raw,
    method: 'GET',
    scheme: 'http',
    host: '',
    port: 80,
    path: '/',
    headers: [],
    resolve: [],
    insecure: false,
    cacert: null,
    headOnly: false,
    followRedirects: false,
    maxTime: null,
    connectTimeout: null,
    verbose: false,
    silent: false,
    showError: false,
    fail: false,
  };
}

/** Parse a curl command line. `lang` picks the diagnostics' language (default 'en'). */
export function parseCurl(line: string, lang = 'en'): { request: CurlRequest | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const diag = (severity: Severity, code: string, column: number, params: Record<string, string | number> = {}): void => {
    const d: Diagnostic = { severity, code, message: t(code, params, lang), file: 'curl', doc: 0, line: 1, column };
    if (hasMessage(`${code}.hint`)) d.hint = t(`${code}.hint`, params, lang);
    diagnostics.push(d);
  };
  try {
    const text = typeof line === 'string' ? line : '';
    const { tokens, unterminated } = tokenize(text);
    if (unterminated !== null) diag('error', 'model.curl.quote', unterminated + 1);
    const req: CurlRequest = blankCurlRequest(text);
    let explicitMethod: string | null = null;
    let hasData = false;
    let url: { value: string; column: number } | null = null;
    let i = 0;
    if (tokens[0]?.value === 'curl') i = 1;
    const apply = (opt: Opt, arg: string | null, column: number): void => {
      switch (opt) {
        case 'header': {
          const c = (arg ?? '').indexOf(':');
          if (c <= 0) diag('error', 'model.curl.header', column, { header: arg ?? '' });
          else req.headers.push({ name: arg!.slice(0, c).trim(), value: arg!.slice(c + 1).trim() });
          break;
        }
        case 'resolve': {
          // host:port:addr[,addr]; an IPv6 address may be in brackets
          const m = /^(\+?)([^:]+):(\d+):(.+)$/.exec(arg ?? '');
          const addr = m ? m[4]!.split(',')[0]!.replace(/^\[|\]$/g, '') : '';
          if (!m || !addr) diag('error', 'model.curl.resolve', column, { value: arg ?? '' });
          else req.resolve.push({ host: m[2]!, port: Number(m[3]), address: addr });
          break;
        }
        case 'insecure':
          req.insecure = true;
          break;
        case 'cacert':
          req.cacert = arg;
          break;
        case 'request':
          explicitMethod = (arg ?? 'GET').toUpperCase();
          break;
        case 'head':
          req.headOnly = true;
          break;
        case 'location':
          req.followRedirects = true;
          break;
        case 'max-time':
        case 'connect-timeout': {
          const v = Number(arg);
          if (!Number.isFinite(v) || v < 0) diag('error', 'model.curl.number', column, { option: opt, value: arg ?? '' });
          else if (opt === 'max-time') req.maxTime = v;
          else req.connectTimeout = v;
          break;
        }
        case 'verbose':
          req.verbose = true;
          break;
        case 'silent':
          req.silent = true;
          break;
        case 'show-error':
          req.showError = true;
          break;
        case 'fail':
          req.fail = true;
          break;
        case 'url':
          if (url) diag('warning', 'model.curl.url.multiple', column);
          else url = { value: arg ?? '', column };
          break;
        case 'data':
          hasData = true;
          break;
        case 'user-agent':
          req.headers.push({ name: 'User-Agent', value: arg ?? '' });
          break;
        default:
          break; // output, include, http1.1 and friends: accepted, no effect on the trace
      }
    };
    for (; i < tokens.length; i++) {
      const tk = tokens[i]!;
      const col = tk.start + 1;
      const v = tk.value;
      if (v.startsWith('--') && v.length > 2) {
        const eq = v.indexOf('=');
        const name = eq > 0 ? v.slice(0, eq) : v;
        const opt = LONG[name];
        if (!opt) {
          diag('error', 'model.curl.unsupported', col, { option: name });
          continue;
        }
        let arg: string | null = null;
        if (TAKES_ARG.has(opt)) {
          if (eq > 0) arg = v.slice(eq + 1);
          else if (i + 1 < tokens.length) arg = tokens[++i]!.value;
          else {
            diag('error', 'model.curl.option.arg', col, { option: name });
            continue;
          }
        }
        apply(opt, arg, col);
      } else if (v.startsWith('-') && v.length > 1) {
        // combined short flags: -sv, -sIL, -sk; an option with an argument ends the group
        // and takes the rest of the word, or the next word (-H'x: y', -m5, -o /dev/null).
        for (let j = 1; j < v.length; j++) {
          const ch = v[j]!;
          const opt = SHORT[ch];
          if (!opt) {
            diag('error', 'model.curl.unsupported', col + j, { option: `-${ch}` });
            continue;
          }
          if (TAKES_ARG.has(opt)) {
            let arg: string | null = v.slice(j + 1);
            if (arg === '') arg = i + 1 < tokens.length ? tokens[++i]!.value : null;
            if (arg === null) diag('error', 'model.curl.option.arg', col, { option: `-${ch}` });
            else apply(opt, arg, col);
            break;
          }
          apply(opt, null, col);
        }
      } else if (!url) url = { value: v, column: col };
      else diag('warning', 'model.curl.url.multiple', col);
    }
    if (!url) {
      diag('error', 'model.curl.nourl', Math.max(1, text.length + 1));
      return { request: null, diagnostics };
    }
    const u = url as { value: string; column: number };
    const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]*)(?::([^/?#]*))?([^#]*)/.exec(u.value);
    const scheme = (m?.[1] ?? 'http').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
      diag('error', 'model.curl.scheme', u.column, { scheme });
      return { request: null, diagnostics };
    }
    req.scheme = scheme;
    req.host = (m?.[2] ?? '').replace(/^\[|\]$/g, '').toLowerCase();
    if (!req.host) {
      diag('error', 'model.curl.host', u.column, { url: u.value });
      return { request: null, diagnostics };
    }
    const portStr = m?.[3];
    if (portStr !== undefined && portStr !== '') {
      const p = Number(portStr);
      if (!/^\d+$/.test(portStr) || p < 1 || p > 65535) {
        diag('error', 'model.curl.port', u.column, { port: portStr });
        return { request: null, diagnostics };
      }
      req.port = p;
    } else req.port = scheme === 'https' ? 443 : 80;
    let path = m?.[4] ?? '';
    if (path === '' || path.startsWith('?')) path = `/${path}`;
    req.path = path;
    req.method = explicitMethod ?? (req.headOnly ? 'HEAD' : hasData ? 'POST' : 'GET');
    return { request: req, diagnostics };
  } catch (err) {
    diag('error', 'model.internal', 1, { error: err instanceof Error ? err.message : String(err) });
    return { request: null, diagnostics };
  }
}
