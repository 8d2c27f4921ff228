import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from './codec';
import { acceptEmbedEvent, embedEvents, embedSnippets, embedUrl, parseEmbedMessage, parseEmbedOptions } from './embed-api';
import { emptyShareState } from './state';

describe('parseEmbedMessage', () => {
  it('accepts each well-formed command', () => {
    expect(parseEmbedMessage({ type: 'hopscope:step', step: 3 })).toEqual({ type: 'hopscope:step', step: 3 });
    expect(parseEmbedMessage({ type: 'hopscope:play' })).toEqual({ type: 'hopscope:play' });
    expect(parseEmbedMessage({ type: 'hopscope:pause' })).toEqual({ type: 'hopscope:pause' });
    expect(parseEmbedMessage({ type: 'hopscope:lens', lens: 'hubble' })).toEqual({ type: 'hopscope:lens', lens: 'hubble' });
    expect(parseEmbedMessage({ type: 'hopscope:load', share: '#s=v1.abc' })).toEqual({ type: 'hopscope:load', share: '#s=v1.abc' });
    expect(parseEmbedMessage({ type: 'hopscope:load', scenario: '10-tls' })).toEqual({ type: 'hopscope:load', scenario: '10-tls' });
    expect(parseEmbedMessage(JSON.parse('{"type":"hopscope:play"}'))).toEqual({ type: 'hopscope:play' });
    expect(parseEmbedMessage(Object.assign(Object.create(null), { type: 'hopscope:pause' }))).toEqual({ type: 'hopscope:pause' });
  });

  it('ignores everything else', () => {
    const getter = { type: 'hopscope:step' } as Record<string, unknown>;
    Object.defineProperty(getter, 'step', { enumerable: true, get: () => 1 });
    class Cmd {
      type = 'hopscope:play';
    }
    const inherited = Object.create({ step: 2 }) as Record<string, unknown>;
    inherited.type = 'hopscope:step';
    for (const bad of [
      null,
      undefined,
      'hopscope:play',
      42,
      ['hopscope:play'],
      {},
      { type: 'hopscope:PLAY' },
      { type: 'hopscope:play', extra: 1 },
      { type: 'hopscope:step' },
      { type: 'hopscope:step', step: -1 },
      { type: 'hopscope:step', step: 1.5 },
      { type: 'hopscope:step', step: '3' },
      { type: 'hopscope:step', step: Number.NaN },
      { type: 'hopscope:step', step: 1e9 },
      { type: 'hopscope:lens', lens: 'wireshark' },
      { type: 'hopscope:lens', lens: 'hubble', x: 1 },
      { type: 'hopscope:load' },
      { type: 'hopscope:load', share: '' },
      { type: 'hopscope:load', share: 7 },
      { type: 'hopscope:load', share: '#s=v1.a', scenario: 'x' },
      { type: 'hopscope:load', scenario: '../../etc/passwd' },
      { type: 'hopscope:load', scenario: '<img src=x onerror=alert(1)>' },
      { type: 'hopscope:load', share: 'x'.repeat(2_000_000) },
      JSON.parse('{"type":"hopscope:play","__proto__":{"x":1}}'),
      getter,
      new Cmd(),
      inherited,
      { type: 'hopscope:play', [Symbol('s')]: 1 },
      new Map([['type', 'hopscope:play']]),
    ]) {
      expect(parseEmbedMessage(bad)).toBeNull();
    }
  });

  it('never throws on arbitrary data (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (v) => {
        const r = parseEmbedMessage(v);
        expect(r === null || typeof r.type === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a hostile proxy does not make it throw', () => {
    const p = new Proxy({}, {
      getPrototypeOf: () => {
        throw new Error('boom');
      },
    });
    expect(parseEmbedMessage(p)).toBeNull();
  });
});

describe('acceptEmbedEvent', () => {
  const self = { name: 'embed' };
  const parent = { name: 'host' };
  it('accepts only the parent (and its origin when pinned)', () => {
    expect(acceptEmbedEvent({ source: parent, origin: 'https://slides.example' }, self, parent, null)).toBe(true);
    expect(acceptEmbedEvent({ source: parent, origin: 'https://slides.example' }, self, parent, 'https://slides.example')).toBe(true);
    expect(acceptEmbedEvent({ source: parent, origin: 'https://evil.example' }, self, parent, 'https://slides.example')).toBe(false);
    expect(acceptEmbedEvent({ source: { other: true }, origin: 'https://slides.example' }, self, parent, null)).toBe(false);
    // not embedded: window.parent === window
    expect(acceptEmbedEvent({ source: self, origin: '' }, self, self, null)).toBe(false);
  });
});

describe('embed events', () => {
  it('have fixed shapes', () => {
    expect(embedEvents.ready()).toEqual({ type: 'hopscope:ready', protocol: 1 });
    expect(embedEvents.stepChanged(2, 9)).toEqual({ type: 'hopscope:step-changed', step: 2, total: 9 });
    expect(embedEvents.outcome(null, 7, 'No route to host')).toEqual({ type: 'hopscope:outcome', status: null, exitCode: 7, error: 'No route to host' });
    expect(embedEvents.loadFailed('corrupt', 'm')).toEqual({ type: 'hopscope:load-failed', code: 'corrupt', message: 'm' });
  });
});

describe('parseEmbedOptions', () => {
  it('reads every option', () => {
    expect(parseEmbedOptions('?embed&autoplay=1&step=3&lens=hubble&theme=dark&editor=0&size=large')).toEqual({
      embed: true,
      autoplay: true,
      step: 3,
      lens: 'hubble',
      theme: 'dark',
      editor: false,
      size: 'large',
      origin: null,
    });
  });

  it('defaults and ignores junk', () => {
    expect(parseEmbedOptions('')).toEqual({ embed: false, autoplay: false, step: null, lens: null, theme: null, editor: false, size: 'medium', origin: null });
    const o = parseEmbedOptions('embed=1&step=-2&lens=<b>&theme=neon&size=huge&editor=yes&origin=javascript:alert(1)');
    expect(o).toMatchObject({ embed: true, step: null, lens: null, theme: null, size: 'medium', editor: true, origin: null });
    expect(parseEmbedOptions('?embed=0').embed).toBe(false);
    expect(parseEmbedOptions('?step=99999999').step).toBeNull();
    expect(parseEmbedOptions('?embed&origin=https://slides.example/deck/1').origin).toBe('https://slides.example');
    expect(parseEmbedOptions('?embed#s=v1.x&step=4').step).toBeNull();
  });
});

describe('embedSnippets', () => {
  const link = `https://hopscope.example/app/?lang=ko${encodeShare({ ...emptyShareState(), manifests: 'kind: Service\n' })}`;

  it('puts ?embed and the options in the query and keeps the fragment', () => {
    const url = embedUrl(link, { autoplay: true, step: 2, lens: 'pwru', theme: 'light', size: 'large' });
    expect(url).toMatch(/^https:\/\/hopscope\.example\/app\/\?embed&autoplay=1&step=2&lens=pwru&theme=light&size=large&lang=ko#s=v1\./);
    expect(parseEmbedOptions(new URL(url).search)).toMatchObject({ embed: true, autoplay: true, step: 2, lens: 'pwru', theme: 'light', size: 'large' });
    expect(decodeShare(url).ok).toBe(true);
    // an embed URL made from an embed URL does not repeat options
    expect(embedUrl(url, {})).toMatch(/\?embed&lang=ko#s=v1\./);
  });

  it('makes an iframe, a reveal.js section and a Slidev slide', () => {
    const s = embedSnippets(link, { size: 'small', title: 'Lab 3' });
    expect(s.iframe).toContain('<iframe src="https://hopscope.example/app/?embed&amp;size=small&amp;lang=ko#s=v1.');
    expect(s.iframe).toContain('title="Lab 3"');
    expect(s.iframe).toContain('width="640" height="400"');
    expect(s.iframe).toContain('loading="lazy"');
    expect(s.iframe).toMatch(/sandbox="[^"]*allow-scripts[^"]*"/);
    expect(s.revealjs).toMatch(/^<section data-background-iframe="https:\/\/hopscope\.example\/app\/\?embed&amp;size=small&amp;lang=ko#s=v1\.[^"]+" data-background-interactive><\/section>$/);
    expect(s.slidev).toBe(`---\nlayout: iframe\nurl: "${s.url}"\n---\n`);
    expect(s.slidevInline).toContain('<iframe');
  });

  it('escapes hostile text in attributes', () => {
    const s = embedSnippets('https://h.example/"><script>alert(1)</script>#s=v1.x', { title: '"><img src=x onerror=alert(1)>' });
    expect(s.iframe).not.toContain('<script>');
    expect(s.iframe).not.toContain('<img');
    expect(s.iframe).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(s.revealjs).not.toContain('<script>');
    expect(s.iframe.match(/<iframe /g)).toHaveLength(1);
  });
});
