import { describe, expect, it } from 'vitest';
import { parseCurl } from './curl';

describe('parseCurl', () => {
  it('a bare IP URL: http, port 80, path /', () => {
    const { request, diagnostics } = parseCurl('curl http://192.168.10.211');
    expect(diagnostics).toEqual([]);
    expect(request).toMatchObject({ method: 'GET', scheme: 'http', host: '192.168.10.211', port: 80, path: '/', raw: 'curl http://192.168.10.211' });
  });

  it('leading curl is optional; a URL without scheme is http; names keep their path and query', () => {
    const { request } = parseCurl('webpod/details/1?x=1&y=2');
    expect(request).toMatchObject({ scheme: 'http', host: 'webpod', port: 80, path: '/details/1?x=1&y=2' });
    expect(parseCurl('curl -s webpod').request).toMatchObject({ host: 'webpod', path: '/', silent: true });
  });

  it('https defaults to 443; an explicit port wins', () => {
    expect(parseCurl('curl https://webpod.cilium.rocks/').request).toMatchObject({ scheme: 'https', port: 443 });
    expect(parseCurl('curl http://192.168.10.211:30080/x').request).toMatchObject({ port: 30080, path: '/x' });
    expect(parseCurl('curl "http://[fd00::1]:8080/"').request).toMatchObject({ host: 'fd00::1', port: 8080 });
  });

  it('the TLS lab line: --resolve, -k, --cacert, headers with quotes', () => {
    const line = `curl -sk --cacert ~/ca.pem -H 'Host: bookinfo.cilium.rocks' -H "X-Test: a b" https://webpod.cilium.rocks/ --resolve webpod.cilium.rocks:443:192.168.10.211`;
    const { request, diagnostics } = parseCurl(line);
    expect(diagnostics).toEqual([]);
    expect(request).toMatchObject({
      insecure: true,
      silent: true,
      cacert: '~/ca.pem',
      headers: [
        { name: 'Host', value: 'bookinfo.cilium.rocks' },
        { name: 'X-Test', value: 'a b' },
      ],
      resolve: [{ host: 'webpod.cilium.rocks', port: 443, address: '192.168.10.211' }],
    });
  });

  it('combined short flags and options with values', () => {
    const { request, diagnostics } = parseCurl('curl -sIL -m 2 --connect-timeout=1.5 -vSf -o /dev/null -XPOST http://a/');
    expect(diagnostics).toEqual([]);
    expect(request).toMatchObject({ silent: true, headOnly: true, followRedirects: true, maxTime: 2, connectTimeout: 1.5, verbose: true, showError: true, fail: true, method: 'POST' });
    expect(parseCurl('curl -I http://a/').request!.method).toBe('HEAD');
    expect(parseCurl('curl -m5 http://a/').request!.maxTime).toBe(5);
    expect(parseCurl('curl -X delete http://a/').request!.method).toBe('DELETE');
  });

  it('backslash continuations and escapes', () => {
    const { request } = parseCurl('curl -s \\\n  -H Host:\\ x \\\n  http://a/');
    expect(request).toMatchObject({ host: 'a', headers: [{ name: 'Host', value: 'x' }] });
  });

  it('an unknown option is a diagnostic at its column; the rest is still read', () => {
    const { request, diagnostics } = parseCurl('curl --http3 -sz http://a/');
    expect(diagnostics.map((d) => [d.code, d.file, d.doc, d.line, d.column])).toEqual([
      ['model.curl.unsupported', 'curl', 0, 1, 6],
      ['model.curl.unsupported', 'curl', 0, 1, 16],
    ]);
    expect(diagnostics[0]!.message).toContain('--http3');
    expect(diagnostics[1]!.message).toContain('-z');
    expect(request).toMatchObject({ host: 'a', silent: true });
  });

  it('no URL: request null and a diagnostic', () => {
    const { request, diagnostics } = parseCurl('curl -sv');
    expect(request).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.column])).toEqual([['model.curl.nourl', 9]]);
    expect(diagnostics[0]!.hint).toBeTruthy();
  });

  it('bad --resolve, bad scheme, bad port, unterminated quote', () => {
    expect(parseCurl('curl --resolve nope http://a/').diagnostics.map((d) => [d.code, d.column])).toEqual([['model.curl.resolve', 6]]);
    expect(parseCurl('curl ftp://a/').request).toBeNull();
    expect(parseCurl('curl http://a:99999/').diagnostics.map((d) => d.code)).toEqual(['model.curl.port']);
    expect(parseCurl("curl 'http://a/").diagnostics.map((d) => [d.code, d.column])).toEqual([['model.curl.quote', 6]]);
  });
});
