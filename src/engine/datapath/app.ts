// What the application in a backend pod answers. Deliberately simple: every
// path is 200 (an app's own 404s are not modelled); whoami echoes the request,
// bookinfo's productpage returns its HTML page, details returns JSON.
import type { PodState } from '../types';

export interface HttpRequestView {
  method: string;
  path: string;
  host: string;
  /** header name/value pairs as the app receives them (after any proxy) */
  headers: [string, string][];
  remoteIP: string;
  remotePort: number;
}

export interface HttpResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string[];
  bytes: number;
  /** short summary for the trace outcome */
  summary: string;
  /** what kind of app answered: whoami, productpage, details, generic, envoy, nginx */
  app: string;
}

export const REASONS: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  308: 'Permanent Redirect',
  403: 'Forbidden',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function sized(lines: string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

function canonical(name: string): string {
  return name
    .split('-')
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p))
    .join('-');
}

export function appKind(pod: PodState): string {
  const images = pod.containers.map((c) => c.image).join(' ');
  if (/whoami/.test(images)) return 'whoami';
  if (/productpage/.test(images)) return 'productpage';
  if (/details/.test(images)) return 'details';
  if (/reviews/.test(images)) return 'reviews';
  if (/ratings/.test(images)) return 'ratings';
  return 'generic';
}

export function appRespond(pod: PodState, req: HttpRequestView): HttpResponse {
  const kind = appKind(pod);
  if (kind === 'whoami') {
    // traefik/whoami: Go's Header.Write prints the headers sorted by canonical name.
    const headers = [...req.headers].map(([n, v]) => [canonical(n), v] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const body = [
      `Hostname: ${pod.name}`,
      'IP: 127.0.0.1',
      `IP: ${pod.ip}`,
      `RemoteAddr: ${req.remoteIP}:${req.remotePort}`,
      `${req.method} ${req.path} HTTP/1.1`,
      `Host: ${req.host}`,
      ...headers.filter(([n]) => n !== 'Host').map(([n, v]) => `${n}: ${v}`),
      '',
    ];
    const bytes = sized(body);
    return {
      status: 200,
      reason: 'OK',
      headers: [['content-type', 'text/plain; charset=utf-8'], ['content-length', String(bytes)]],
      body,
      bytes,
      summary: `whoami ${pod.name}: ${req.method} ${req.path} from ${req.remoteIP}`,
      app: kind,
    };
  }
  if (kind === 'productpage') {
    const body = ['<!DOCTYPE html>', '<html>', '  <head>', '    <title>Simple Bookstore App</title>', '  ...', '</html>'];
    return {
      status: 200,
      reason: 'OK',
      headers: [['content-type', 'text/html; charset=utf-8'], ['content-length', '1683']],
      body,
      bytes: 1683,
      summary: 'productpage HTML (Simple Bookstore App)',
      app: kind,
    };
  }
  if (kind === 'details') {
    const body = [
      '{"id":1,"author":"William Shakespeare","year":1595,"type":"paperback","pages":200,"publisher":"PublisherA","language":"English","ISBN-10":"1234567890","ISBN-13":"123-1234567890"}',
    ];
    return {
      status: 200,
      reason: 'OK',
      headers: [['content-type', 'application/json'], ['content-length', '178']],
      body,
      bytes: 178,
      summary: 'details JSON (book 1)',
      app: kind,
    };
  }
  const body = [`${kind === 'generic' ? pod.name : kind} says hello`];
  return {
    status: 200,
    reason: 'OK',
    headers: [['content-type', 'text/plain'], ['content-length', String(sized(body))]],
    body,
    bytes: sized(body),
    summary: `200 from ${pod.name}`,
    app: kind,
  };
}

/** A response Envoy makes itself (404, 301, 403, 503). */
export function envoyResponse(status: number, body: string[], extra: [string, string][] = []): HttpResponse {
  const bytes = body.length === 0 ? 0 : sized(body) + 1;
  const headers: [string, string][] = [...extra, ['content-length', String(bytes)]];
  if (body.length > 0) headers.push(['content-type', 'text/plain']);
  return {
    status,
    reason: REASONS[status] ?? '',
    headers,
    body,
    bytes,
    summary: `${status} ${REASONS[status] ?? ''} from Envoy${body.length ? `: ${body[0]}` : ''}`,
    app: 'envoy',
  };
}
