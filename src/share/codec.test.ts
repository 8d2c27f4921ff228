import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_TEXT } from '../model/default-lab';
import { toBase64Url, fromBase64Url } from './base64url';
import {
  createShareCodec,
  decodeShare,
  dictionaryV1,
  encodeShare,
  inflateBounded,
  MAX_DECOMPRESSED_BYTES,
  SHARE_REGISTRY,
  shareUrl,
  type ShareRegistry,
} from './codec';
import fixtures from './fixtures/v1-links.json';
import { emptyShareState, type ShareState } from './state';

const scenariosDir = join(__dirname, '../../scenarios');

function sample(over: Partial<ShareState> = {}): ShareState {
  return { ...emptyShareState(), manifests: 'apiVersion: v1\nkind: Service\nmetadata: { name: webpod }\n', ...over };
}

/** A v1 fragment around arbitrary bytes (already-"JSON" or not), compressed with the v1 dictionary. */
function v1Fragment(bytes: Uint8Array): string {
  return `#s=v1.${toBase64Url(deflateSync(bytes, { level: 9, dictionary: dictionaryV1() }))}`;
}

describe('old links keep opening (guards links already pasted into chats and slides)', () => {
  // These strings were made by format v1 and stored once. If one of these tests fails, a change
  // broke every link of that shape that people have already shared: undo it, or add a new format
  // version with a migration instead of changing v1.
  for (const f of fixtures.links) {
    it(`decodes the stored v1 link "${f.name}" (${f.note})`, () => {
      const r = decodeShare(f.link);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.version).toBe(1);
      expect(r.migrated).toBe(false);
      expect(r.state).toEqual(f.state);
    });
  }

  it('keeps the v1 dictionary byte for byte (every v1 link was compressed against it)', () => {
    const d = dictionaryV1();
    let h = 0x811c9dc5;
    for (const b of d) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    expect(d.length).toBe(26487);
    expect(h.toString(16)).toBe('578d531');
  });
});

describe('encodeShare / decodeShare', () => {
  it('round-trips a state and says which version it read', () => {
    const s = sample({ lab: 'kind: Lab\n', requests: [{ from: 'router', curl: 'curl -s http://192.168.10.211/' }], step: 4, lens: 'pwru', view: { zoom: 2, x: 1, y: -2, theme: 'light' }, scenario: '03-basic-ingress' });
    const frag = encodeShare(s);
    expect(frag).toMatch(/^#s=v1\.[A-Za-z0-9_-]+$/);
    expect(decodeShare(frag)).toEqual({ ok: true, state: s, version: 1, migrated: false });
  });

  it('reads a whole URL, a fragment without #, and a fragment with other parameters', () => {
    const s = sample();
    const frag = encodeShare(s);
    for (const input of [`https://hopscope.example/app/?embed&step=2${frag}`, frag.slice(1), `#theme=dark&${frag.slice(1)}`, `  ${frag}\n`]) {
      const r = decodeShare(input);
      expect(r.ok, input).toBe(true);
      if (r.ok) expect(r.state).toEqual(s);
    }
  });

  it('is deterministic', () => {
    const s = sample({ requests: [{ from: 'a', curl: 'b' }] });
    expect(encodeShare(s)).toBe(encodeShare(structuredClone(s)));
  });

  it('round-trips any valid state (property)', () => {
    const req = fc.record({ from: fc.string({ maxLength: 20 }), curl: fc.string({ maxLength: 200 }) });
    const arb = fc.record({
      manifests: fc.string({ maxLength: 2000, unit: 'binary' }),
      lab: fc.option(fc.string({ maxLength: 500, unit: 'binary' })),
      requests: fc.array(req, { maxLength: 5 }),
      step: fc.integer({ min: -1, max: 500 }),
      lens: fc.constantFrom('all', 'tcpdump', 'pwru', 'hubble' as const),
      theme: fc.option(fc.constantFrom('light', 'dark' as const)),
      scenario: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/)),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const s: ShareState = {
          manifests: a.manifests,
          lab: a.lab,
          requests: a.requests,
          selected: a.requests.length ? a.requests.length - 1 : 0,
          step: a.step,
          lens: a.lens as ShareState['lens'],
          view: a.theme ? { theme: a.theme as 'light' | 'dark' } : {},
          scenario: a.scenario,
        };
        const r = decodeShare(encodeShare(s));
        expect(r).toEqual({ ok: true, state: s, version: 1, migrated: false });
      }),
      { numRuns: 60 },
    );
  });

  it('builds links with ?embed and without an old fragment', () => {
    const s = sample();
    const url = shareUrl('https://h.example/app/?lang=ko&embed=1#s=v1.old', s, { embed: true });
    expect(url.startsWith('https://h.example/app/?embed&lang=ko#s=v1.')).toBe(true);
    expect(decodeShare(url).ok).toBe(true);
    expect(shareUrl('https://h.example/', s)).toBe(`https://h.example/${encodeShare(s)}`);
  });
});

describe('the largest seed lab fits in a link', () => {
  it('stays under 4,000 characters', () => {
    let text: string;
    let name: string;
    const files = existsSync(scenariosDir) ? readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml')) : [];
    if (files.length) {
      const sized = files.map((f) => ({ f, text: readFileSync(join(scenariosDir, f), 'utf8') })).sort((a, b) => b.text.length - a.text.length);
      text = sized[0].text;
      name = sized[0].f;
    } else {
      text = DEFAULT_LAB_TEXT + '\n---\n' + 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n'.repeat(60);
      name = 'default lab + manifests';
    }
    const state = sample({ manifests: text, requests: [{ from: 'router', curl: 'curl -sk https://webpod.cilium.rocks/ --resolve webpod.cilium.rocks:443:192.168.10.211' }], step: 7, lens: 'hubble', view: { zoom: 1.2, x: 30, y: -10, theme: 'dark' }, scenario: name.replace(/\.yaml$/, '') });
    const url = shareUrl('https://hopscope.example/', state);
    console.log(`share link for ${name} (${text.length} chars of YAML): ${url.length} characters`);
    expect(url.length).toBeLessThan(4000);
    const r = decodeShare(url);
    expect(r.ok && r.state.manifests === text).toBe(true);
  });
});

describe('hostile links: a clear error, never an exception', () => {
  const code = (input: string) => {
    const r = decodeShare(input);
    return r.ok ? 'ok' : r.error.code;
  };

  it('names each failure', () => {
    expect(code('')).toBe('empty');
    expect(code('   ')).toBe('empty');
    expect(code('https://hopscope.example/')).toBe('empty');
    expect(code('#')).toBe('empty');
    expect(code('#s=')).toBe('empty');
    expect(code('#section-2')).toBe('not-hopscope');
    expect(code('#s=hello')).toBe('not-hopscope');
    expect(code('#s=v1.abc$def')).toBe('bad-base64');
    expect(code('#s=v1.a')).toBe('bad-base64');
    expect(code('#s=v1.')).toBe('corrupt');
    expect(code('#s=v1.AAAA')).toBe('corrupt');
    expect(code('#s=v2.AAAA')).toBe('unknown-version');
    expect(code('#s=v0.AAAA')).toBe('unknown-version');
    expect(code('#s=v999999.AAAA')).toBe('unknown-version');
    expect(code('#s=v1.' + 'A'.repeat(1_600_000))).toBe('too-large');
  });

  it('gives every error a message from the catalogue', () => {
    const r = decodeShare('#s=v7.AAAA');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain('v7');
      expect(r.error.message).not.toContain('share.error');
    }
  });

  it('refuses a truncated link', () => {
    const frag = encodeShare(sample({ manifests: readFileSync(join(__dirname, '../model/default-lab.ts'), 'utf8') }));
    for (const keep of [10, 50, Math.floor(frag.length / 2), frag.length - 3]) {
      const c = code(frag.slice(0, keep));
      expect(['corrupt', 'bad-base64', 'bad-json', 'empty', 'not-hopscope'], `kept ${keep}`).toContain(c);
    }
  });

  it('refuses a link with a changed character somewhere in the middle', () => {
    const frag = encodeShare(sample({ manifests: 'x'.repeat(10) + DEFAULT_LAB_TEXT }));
    const i = Math.floor(frag.length / 2);
    const flipped = frag.slice(0, i) + (frag[i] === 'A' ? 'B' : 'A') + frag.slice(i + 1);
    const r = decodeShare(flipped);
    // Deflate has no checksum: a flipped bit may still inflate. It must then fail or be a valid state, never throw.
    if (r.ok) expect(typeof r.state.manifests).toBe('string');
    else expect(['corrupt', 'bad-json', 'bad-shape']).toContain(r.error.code);
  });

  it('survives random bytes and random text (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = decodeShare(`#s=v1.${toBase64Url(bytes)}`);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
        expect(typeof decodeShare(s).ok).toBe('boolean');
        expect(typeof decodeShare(`#s=v1.${s}`).ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a deflate bomb without inflating it all', () => {
    // 8 MiB of JSON-looking text compresses to a few KB; the cap is 1 MiB.
    const big = new TextEncoder().encode('{"manifests":"' + 'a'.repeat(8 * 1024 * 1024) + '"}');
    const bomb = deflateSync(big, { level: 9, dictionary: dictionaryV1() });
    expect(bomb.length).toBeLessThan(20_000);
    const frag = `#s=v1.${toBase64Url(bomb)}`;
    expect(decodeShare(frag).ok).toBe(false);
    const r = decodeShare(frag);
    expect(!r.ok && r.error.code).toBe('too-large');
    const bounded = inflateBounded(bomb, dictionaryV1(), MAX_DECOMPRESSED_BYTES);
    expect(bounded.ok).toBe(false);
    // It stopped within one input chunk (≤ 256 bytes ≈ 264 KiB of output) of the cap, far from 8 MiB.
    expect(bounded.produced).toBeGreaterThan(MAX_DECOMPRESSED_BYTES);
    expect(bounded.produced).toBeLessThan(MAX_DECOMPRESSED_BYTES + 300 * 1024);
  });

  it('accepts a payload just under the cap', () => {
    const s = sample({ manifests: 'b'.repeat(MAX_DECOMPRESSED_BYTES - 200) });
    expect(decodeShare(encodeShare(s)).ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8 JSON', () => {
    expect(code(v1Fragment(new TextEncoder().encode('{"manifests": "x"')))).toBe('bad-json');
    expect(code(v1Fragment(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toBe('bad-json');
  });

  it('refuses JSON of the wrong shape', () => {
    const raw = createShareCodec(SHARE_REGISTRY);
    for (const v of [null, 42, 'text', [1, 2], { manifests: 5 }, { lab: 'x' }, { manifests: 'x'.repeat(1_048_577) }]) {
      expect(code(raw.encodeRaw(1, v)), JSON.stringify(v)?.slice(0, 40)).not.toBe('ok');
    }
    expect(code(raw.encodeRaw(1, [1, 2]))).toBe('bad-shape');
  });

  it('repairs fields it can and clamps numbers', () => {
    const raw = createShareCodec(SHARE_REGISTRY);
    const r = decodeShare(raw.encodeRaw(1, { manifests: 'x', lens: 'evil', step: 1e12, selected: -4, view: { zoom: 1e9, theme: 'neon' }, requests: [{ from: 'r', curl: 'c' }, 'junk'], extra: true }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.state).toEqual({ manifests: 'x', lab: null, requests: [{ from: 'r', curl: 'c' }], selected: 0, step: 100_000, lens: 'all', view: { zoom: 40 }, scenario: null });
  });

  it('never lets __proto__ keys reach a prototype', () => {
    const json = '{"manifests":"x","__proto__":{"polluted":1,"lens":"pwru"},"view":{"__proto__":{"theme":"dark"},"constructor":{"prototype":{"bad":1}}},"requests":[{"from":"a","curl":"b","__proto__":{"x":1}}]}';
    const r = decodeShare(v1Fragment(new TextEncoder().encode(json)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.lens).toBe('all');
    expect(r.state.view).toEqual({});
    expect(Object.getPrototypeOf(r.state)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(r.state.view)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).bad).toBeUndefined();
    expect(r.state.requests).toEqual([{ from: 'a', curl: 'b' }]);
  });
});

describe('the version registry migrates step by step', () => {
  // A test-only history: pretend v0 stored {yaml, from, curl} with no compression dictionary,
  // and v1 is today's format. The real registry has no v0 (hopscope's first format is v1).
  interface V0 {
    yaml: string;
    from: string;
    curl: string;
  }
  const calls: number[] = [];
  const registry: ShareRegistry = {
    current: 1,
    formats: { 0: { dictionary: null }, 1: SHARE_REGISTRY.formats[1] },
    migrations: {
      0: (old) => {
        calls.push(0);
        const o = old as V0;
        if (typeof o.yaml !== 'string') throw new Error('not v0');
        return { manifests: o.yaml, lab: null, requests: [{ from: o.from, curl: o.curl }], selected: 0, step: 0, lens: 'all', view: {}, scenario: null };
      },
    },
  };
  const codec = createShareCodec(registry);
  const v0Fixture = codec.encodeRaw(0, { yaml: 'kind: Service\n', from: 'router', curl: 'curl http://192.168.10.211/' });

  it('opens a v0 link as today\'s state and says it migrated', () => {
    expect(v0Fixture.startsWith('#s=v0.')).toBe(true);
    const r = codec.decode(v0Fixture);
    expect(r).toEqual({
      ok: true,
      version: 0,
      migrated: true,
      state: { manifests: 'kind: Service\n', lab: null, requests: [{ from: 'router', curl: 'curl http://192.168.10.211/' }], selected: 0, step: 0, lens: 'all', view: {}, scenario: null },
    });
    expect(calls).toEqual([0]);
  });

  it('chains migrations over several versions', () => {
    const chain = createShareCodec({
      current: 3,
      formats: { 1: { dictionary: null }, 2: { dictionary: null }, 3: { dictionary: null } },
      migrations: { 1: (o) => ({ ...(o as object), b: 1 }), 2: (o) => ({ manifests: JSON.stringify(o) }) },
    });
    const r = chain.decode(chain.encodeRaw(1, { a: 0 }));
    expect(r.ok && r.state.manifests).toBe('{"a":0,"b":1}');
    expect(r.ok && r.migrated).toBe(true);
    expect(chain.decode(chain.encodeRaw(3, { manifests: 'now' }))).toMatchObject({ ok: true, migrated: false, version: 3 });
  });

  it('turns a failing migration into bad-shape and a missing one into unknown-version', () => {
    const r = codec.decode(codec.encodeRaw(0, { nope: true }));
    expect(!r.ok && r.error.code).toBe('bad-shape');
    const gap = createShareCodec({ current: 2, formats: { 0: { dictionary: null }, 2: { dictionary: null } }, migrations: {} });
    const g = gap.decode(gap.encodeRaw(0, {}));
    expect(!g.ok && g.error.code).toBe('unknown-version');
  });
});

describe('base64url', () => {
  it('round-trips every length and refuses bad characters', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(fromBase64Url('ab+/')).toBeNull();
    expect(fromBase64Url('ab=')).toBeNull();
    expect(fromBase64Url('é')).toBeNull();
  });
});
