// The datapath's face: walk(state, request) follows one curl request hop by
// hop through the cluster, both directions, and records at each hop what the
// observers need (taps, kernel functions, tc programs, monitor events, skb ids).
// Pure and deterministic; never throws (bad input becomes an outcome + diagnostics).
import { t } from '../../i18n';
import { blankCurlRequest, parseCurl } from '../../model/curl';
import type { CurlRequest, Diagnostic } from '../../model/types';
import type { ClusterState, PathTrace, TraceOutcome, TraceRequest } from '../types';
import { Walk } from './builder';
import type { Ctx } from './context';
import { curlUsageLines } from './curl-parse';
import { curlOutcome } from './curl-output';
import { Legs } from './legs';
import { resolveOrigin } from './origin';
import { follow } from './run';

export { HOP_CAP } from './builder';
export { chooseFilterChain, certCovers, curlCertVerdict, matchRoute, pathMatches, selectVirtualHost } from './envoy';
export { MAX_REDIRS } from './run';

// ================================================================ entry points

/** Walk one request (curl command line + where it is sent from). Never throws. */
export function walk(state: ClusterState, request: TraceRequest, lang = 'en'): PathTrace {
  const parsed = parseCurlSafe(request.curl);
  if ('error' in parsed) return usageError(state, request, parsed.error, parsed.diagnostics, lang);
  try {
    const trace = walkCurl(state, request.from, parsed.request, lang);
    trace.diagnostics.unshift(...parsed.diagnostics.filter((d) => d.severity !== 'error'));
    return trace;
  } catch (e) {
    return internalError(state, request, parsed.request, e, lang);
  }
}

/** Walk an already parsed curl request. Never throws. */
export function walkCurl(state: ClusterState, from: string, req: CurlRequest, lang = 'en'): PathTrace {
  const w = new Walk(lang);
  const base: PathTrace = {
    request: req,
    from,
    outcome: { status: null, error: null, exitCode: 0, output: [], body: null, location: null },
    backend: null,
    envoyNode: null,
    connections: w.connections,
    hops: w.hops,
    diagnostics: w.diagnostics,
    redirects: 0,
  };
  try {
    const origin = resolveOrigin(state, from);
    if (!origin) {
      w.diag('datapath.from.unknown', { from }, 'error', 'datapath.from.unknown.hint');
      base.outcome = {
        status: null,
        error: t('datapath.from.unknown', { from }, lang),
        exitCode: -1,
        output: [t('datapath.from.unknown', { from }, lang)],
        body: null,
        location: null,
      };
      return base;
    }
    const ctx: Ctx = { state, w, origin, legs: new Legs(state, w), n: 0, proxiedBackend: null };
    const { attempts, last, redirects, maxHit } = follow(ctx, req);
    base.outcome = curlOutcome(req, attempts, maxHit);
    if (w.capped) {
      w.diag('datapath.hopCap', { cap: w.hops.length });
      base.outcome = { ...base.outcome, exitCode: -1, error: t('datapath.hopCap', { cap: w.hops.length }, lang) };
    }
    base.backend = last.backend;
    base.envoyNode = last.envoyNode;
    base.redirects = redirects;
    return base;
  } catch (e) {
    w.diag('datapath.internal', { error: e instanceof Error ? e.message : String(e) });
    base.outcome = { status: null, error: t('datapath.internal', { error: String(e) }, lang), exitCode: -1, output: [], body: null, location: null };
    return base;
  }
}

// ================================================================ parsing helpers

function parseCurlSafe(line: string): { request: CurlRequest; diagnostics: Diagnostic[] } | { error: string[]; diagnostics: Diagnostic[] } {
  const r = parseCurl(line);
  if (r.request) return { request: r.request, diagnostics: r.diagnostics };
  return { error: curlUsageLines(line, r.diagnostics), diagnostics: r.diagnostics };
}

function usageError(state: ClusterState, request: TraceRequest, lines: string[], diags: Diagnostic[], lang: string): PathTrace {
  void state;
  const w = new Walk(lang);
  w.diag('datapath.curl.usage', { curl: request.curl }, 'error', 'datapath.curl.usage.hint');
  const exit = /^curl: \((\d+)\)/.exec(lines[0] ?? '');
  return {
    request: emptyRequest(request.curl),
    from: request.from,
    outcome: { status: null, error: lines[0] ?? null, exitCode: exit ? Number(exit[1]) : 2, output: lines, body: null, location: null },
    backend: null,
    envoyNode: null,
    connections: [],
    hops: [],
    diagnostics: [...diags, ...w.diagnostics],
    redirects: 0,
  };
}

function internalError(state: ClusterState, request: TraceRequest, req: CurlRequest, e: unknown, lang: string): PathTrace {
  const w = new Walk(lang);
  w.diag('datapath.internal', { error: e instanceof Error ? e.message : String(e) });
  void state;
  return {
    request: req,
    from: request.from,
    outcome: { status: null, error: w.diagnostics[0].message, exitCode: -1, output: [], body: null, location: null },
    backend: null,
    envoyNode: null,
    connections: [],
    hops: [],
    diagnostics: w.diagnostics,
    redirects: 0,
  };
}

const emptyRequest = blankCurlRequest;

export type { TraceOutcome };
