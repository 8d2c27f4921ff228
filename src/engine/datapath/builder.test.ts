import { describe, expect, it } from 'vitest';
import { pkt, withPkt } from './builder';

describe('withPkt', () => {
  const base = withPkt(pkt({ src: '192.168.10.200', sport: 40000, dst: '192.168.10.211', dport: 80, flags: 'S', srcMac: 'aa:aa:aa:aa:aa:aa', l7: 'GET / HTTP/1.1 Host: x' }), { mark: 'b370200' });
  it('replaces the fields the patch sets, null included, and keeps the others', () => {
    const p = withPkt(base, { dst: '172.20.0.7', dport: 9080, mark: null, tls: { sni: 'a.b' } });
    expect(p).toEqual({ ...base, dst: '172.20.0.7', dport: 9080, mark: null, tls: { sni: 'a.b' } });
  });
  it('keeps every field for an empty patch or one that leaves a field undefined, and never changes its inputs', () => {
    const before = JSON.stringify(base);
    expect(withPkt(base, {})).toEqual(base);
    expect(withPkt(base, { src: undefined })).toEqual(base);
    expect(withPkt(base, {})).not.toBe(base);
    expect(JSON.stringify(base)).toBe(before);
  });
});
