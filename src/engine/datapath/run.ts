// curl's run: one attempt per request (name resolution, then the connect from
// an outside client or from a pod), and the redirects it follows with -L, up to
// --max-redirs (curl/curl lib/transfer.c Curl_follow).
import type { CurlRequest } from '../../model/types';
import { pkt } from './builder';
import { httpDateFor, requestHeaders, type Ctx, type Exchange } from './context';
import type { Attempt } from './curl-output';
import { fromClient } from './client';
import { parseUrl } from './curl-parse';
import { fromPod } from './from-pod';
import { resolveHost } from './origin';
import { ephemeralPort, isIPv4 } from './util';

/** curl's default --max-redirs */
export const MAX_REDIRS = 50;

/** The attempts of one curl command line, the last exchange, and how the redirects ended. */
export interface Run {
  attempts: Attempt[];
  last: Exchange;
  redirects: number;
  maxHit: boolean;
}

/** Run `req` and follow its redirects, as curl does; stops when the hop cap is reached. */
export function follow(ctx: Ctx, req: CurlRequest): Run {
  const w = ctx.w;
  let current = req;
  const attempts: Attempt[] = [];
  let redirects = 0;
  let maxHit = false;
  let last: Exchange;
  for (;;) {
    const { attempt, exchange } = runAttempt(ctx, current, attempts.length);
    attempts.push(attempt);
    last = exchange;
    if (w.capped) break;
    const r = attempt.response;
    const loc = r?.headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
    if (current.followRedirects && r && [301, 302, 303, 307, 308].includes(r.status) && loc) {
      if (redirects >= MAX_REDIRS) {
        maxHit = true;
        break;
      }
      const next = nextRequest(current, loc, r.status);
      if (!next) break;
      redirects += 1;
      current = next;
      continue;
    }
    break;
  }
  return { attempts, last, redirects, maxHit };
}

/** The request curl makes for a Location (absolute or relative). curl/curl lib/transfer.c Curl_follow */
function nextRequest(req: CurlRequest, location: string, status: number): CurlRequest | null {
  let url = location;
  if (location.startsWith('/')) url = `${req.scheme}://${req.host}${req.port === (req.scheme === 'https' ? 443 : 80) ? '' : `:${req.port}`}${location}`;
  const u = parseUrl(url);
  if (!u) return null;
  const method = status === 303 || ((status === 301 || status === 302) && req.method === 'POST') ? 'GET' : req.method;
  return { ...req, scheme: u.scheme, host: u.host, port: u.port, path: u.path, method };
}

/** One request of the run: resolve the name, then connect from the origin. */
function runAttempt(ctx: Ctx, req: CurlRequest, n: number): { attempt: Attempt; exchange: Exchange } {
  ctx.n = n;
  const o = ctx.origin;
  const a: Attempt = {
    host: req.host,
    ip: null,
    port: req.port,
    scheme: req.scheme,
    path: req.path,
    srcIP: o.ip,
    sport: null,
    fail: null,
    connected: false,
    tls: null,
    requestHeaders: requestHeaders(req),
    response: null,
    date: httpDateFor(ctx.state),
  };
  const none: Exchange = { response: null, backend: null, envoyNode: null };
  const ip = resolveHost(ctx.state, ctx.origin, req);
  if (!ip) {
    const conn = ctx.w.conn('tcp', 'dns', { ip: o.ip, port: null, host: o.host }, { ip: '', port: null, host: req.host });
    ctx.w.hop({
      conn,
      direction: 'request',
      node: o.pod?.node ?? o.host,
      where: o.kind === 'pod' ? `pod:${o.host}` : 'curl',
      stage: 'client',
      packet: pkt({ src: o.ip, dst: '0.0.0.0', proto: 'udp', dport: 53 }),
      action: 'drop',
      skb: null,
      id: o.kind === 'pod' ? 'datapath.curl.resolveFailPod' : 'datapath.curl.resolveFail',
      params: { host: req.host },
      refs: o.kind === 'pod' ? ['curlResolve', 'coreDns'] : ['curlResolve'],
    });
    a.fail = { exit: 6, message: `Could not resolve host: ${req.host}`, verbose: [`* Could not resolve host: ${req.host}`, '* Closing connection'] };
    return { attempt: a, exchange: none };
  }
  a.ip = ip;
  a.sport = ephemeralPort(ctx.state.seed, `curl:${o.host}:${n}`);
  if (req.scheme === 'https') a.tls = { sni: isIPv4(req.host) ? null : req.host };
  const exchange = o.kind === 'client' ? fromClient(ctx, a, req, ip) : fromPod(ctx, a, req, ip);
  a.response = exchange.response;
  return { attempt: a, exchange };
}
