import { describe, expect, it } from 'vitest';
import { registerCatalogue, t } from '.';

describe('t()', () => {
  it('fills every placeholder, repeated ones too, and keeps the literal text around them', () => {
    registerCatalogue('xx', { 'test.greet': '{a} and {b}, then {a} again: {c}.' });
    expect(t('test.greet', { a: 'eth1', b: 80, c: false }, 'xx')).toBe('eth1 and 80, then eth1 again: false.');
  });
  it('leaves a placeholder without a value as written', () => {
    registerCatalogue('xx', { 'test.partial': 'on {node} via {iface}' });
    expect(t('test.partial', { node: 'k8s-ctr', iface: null }, 'xx')).toBe('on k8s-ctr via {iface}');
    expect(t('test.partial', undefined, 'xx')).toBe('on {node} via {iface}');
  });
  it('falls back to English, then to the id; a re-registered catalogue replaces the cached template', () => {
    expect(t('no.such.message.id', {}, 'xx')).toBe('no.such.message.id');
    registerCatalogue('yy', { 'test.x': 'one {n}' });
    expect(t('test.x', { n: 1 }, 'yy')).toBe('one 1');
    registerCatalogue('yy', { 'test.x': 'two {n}' });
    expect(t('test.x', { n: 2 }, 'yy')).toBe('two 2');
  });
});
