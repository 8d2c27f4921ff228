// curl's own words for a command line it refuses (exit 2), from the model's
// parse (src/model/curl.ts owns the parsing), and the URL split that
// following a redirect needs.
import type { Diagnostic } from '../../model/types';

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";

/** The token of `line` that starts at 1-based `column`. */
function tokenAt(line: string, column: number): string {
  return line.slice(Math.max(0, column - 1)).split(/\s/)[0] ?? '';
}

/**
 * What curl prints when it refuses the line (tool/src/tool_getparam.c and
 * tool_operate.c wordings); lines the model flags that curl itself would not
 * refuse say so as hopscope.
 */
export function curlUsageLines(line: string, diagnostics: Diagnostic[]): string[] {
  const d = diagnostics.find((x) => x.severity === 'error');
  if (!d) return ['curl: no URL specified!', TRY_HELP];
  switch (d.code) {
    case 'model.curl.option.arg':
      return [`curl: option ${tokenAt(line, d.column)}: requires parameter`, TRY_HELP];
    case 'model.curl.unsupported':
      return [`curl: option ${tokenAt(line, d.column)}: is unknown`, TRY_HELP];
    case 'model.curl.nourl':
      return ['curl: no URL specified!', TRY_HELP];
    default:
      return [`hopscope: ${d.message}`];
  }
}

export function parseUrl(url: string): { scheme: 'http' | 'https'; host: string; port: number; path: string } | null {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]+)(?::(\d+))?([/?][^#]*)?/.exec(url);
  if (!m) return null;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return null;
  const path = m[4] ? (m[4].startsWith('?') ? `/${m[4]}` : m[4]) : '/';
  return { scheme, host: m[2].toLowerCase(), port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path };
}
