// A small stand-in for src/model/curl.ts's parseCurl, used only while that
// one is missing or throws: the options the datapath needs, curl's own usage
// errors (exit 2) for the rest.
import type { CurlRequest } from '../../model/types';

export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      const n = line[++i];
      if (n !== '\n') cur += n;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

export type FallbackResult = { request: CurlRequest } | { error: string[] };

export function parseUrl(url: string): { scheme: 'http' | 'https'; host: string; port: number; path: string } | null {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]+)(?::(\d+))?([/?][^#]*)?/.exec(url);
  if (!m) return null;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return null;
  const path = m[4] ? (m[4].startsWith('?') ? `/${m[4]}` : m[4]) : '/';
  return { scheme, host: m[2].toLowerCase(), port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path };
}

export function fallbackParseCurl(line: string): FallbackResult {
  const toks = tokenize(line.trim());
  if (toks[0] === 'curl') toks.shift();
  const r: CurlRequest = {
    raw: line,
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
  let url: string | null = null;
  let explicitMethod = false;
  const need = (i: number, opt: string): string | null => (i < toks.length ? toks[i] : ((): null => { throw new Error(opt); })());
  try {
    for (let i = 0; i < toks.length; i++) {
      const a = toks[i];
      if (!a.startsWith('-') || a === '-') {
        url = a;
        continue;
      }
      if (/^-[a-zA-Z]{2,}$/.test(a)) {
        // bundled short flags: -sSL, -kv
        const letters = a.slice(1).split('');
        if (letters.every((l) => 'sSLkvIfi'.includes(l))) {
          for (const l of letters) applyFlag(`-${l}`);
          continue;
        }
      }
      if (applyFlag(a)) continue;
      switch (a) {
        case '-H':
        case '--header': {
          const v = need(++i, a) ?? '';
          const idx = v.indexOf(':');
          if (idx > 0) r.headers.push({ name: v.slice(0, idx).trim(), value: v.slice(idx + 1).trim() });
          break;
        }
        case '--resolve': {
          const v = need(++i, a) ?? '';
          const m = /^([^:]+):(\d+):(.+)$/.exec(v);
          if (m) r.resolve.push({ host: m[1].toLowerCase(), port: Number(m[2]), address: m[3].replace(/^\[|\]$/g, '') });
          break;
        }
        case '-m':
        case '--max-time':
          r.maxTime = Number(need(++i, a));
          break;
        case '--connect-timeout':
          r.connectTimeout = Number(need(++i, a));
          break;
        case '--cacert':
          r.cacert = need(++i, a);
          break;
        case '-X':
        case '--request':
          r.method = (need(++i, a) ?? 'GET').toUpperCase();
          explicitMethod = true;
          break;
        case '-o':
        case '--output':
        case '-w':
        case '--write-out':
        case '-A':
        case '--user-agent':
        case '-d':
        case '--data':
          i++;
          if (a === '-d' || a === '--data') {
            if (!explicitMethod) r.method = 'POST';
          }
          break;
        default:
          return { error: [`curl: option ${a}: is unknown`, "curl: try 'curl --help' or 'curl --manual' for more information"] };
      }
    }
  } catch (e) {
    const opt = e instanceof Error ? e.message : '?';
    return { error: [`curl: option ${opt}: requires parameter`, "curl: try 'curl --help' or 'curl --manual' for more information"] };
  }
  if (!url) return { error: ['curl: no URL specified!', "curl: try 'curl --help' or 'curl --manual' for more information"] };
  const u = parseUrl(url);
  if (!u) return { error: [`curl: (3) URL using bad/illegal format or missing URL`] };
  r.scheme = u.scheme;
  r.host = u.host;
  r.port = u.port;
  r.path = u.path;
  if (r.headOnly && !explicitMethod) r.method = 'HEAD';
  return { request: r };

  function applyFlag(a: string): boolean {
    switch (a) {
      case '-s':
      case '--silent':
        r.silent = true;
        return true;
      case '-S':
      case '--show-error':
        r.showError = true;
        return true;
      case '-L':
      case '--location':
        r.followRedirects = true;
        return true;
      case '-k':
      case '--insecure':
        r.insecure = true;
        return true;
      case '-v':
      case '--verbose':
        r.verbose = true;
        return true;
      case '-I':
      case '--head':
        r.headOnly = true;
        return true;
      case '-f':
      case '--fail':
        r.fail = true;
        return true;
      case '-i':
      case '--include':
        return true;
      default:
        return false;
    }
  }
}
