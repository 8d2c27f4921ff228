import { describe, expect, it } from 'vitest';
import { parseEmbedOptions } from '../share/embed-api';
import { AHEAD_WORKER_NAME } from '../worker/protocol';
import { earlyWorkerScript } from './early-worker-script';
import { guessFirstCompile, isEmbedPage, STORAGE_KEY } from './first-run';
import { parseSaved } from './saved';
import { boot } from './share/boot';
import { fakeStore, memoryStorage } from './share/fake-engine';
import { hasShareFragment } from './share/fragment';

const env = (over: Partial<{ search: string; hash: string; saved: string | null }> = {}) => ({
  search: over.search ?? '',
  hash: over.hash ?? '',
  storage: { getItem: (k: string) => (k === STORAGE_KEY ? (over.saved ?? null) : null) },
});

describe('guessFirstCompile (what the page primes the engine worker with)', () => {
  it('a first visit: the default scenario on the default lab, its first request picked by the worker', () => {
    expect(guessFirstCompile(env(), 'SCENARIO', 'LAB')).toEqual({ input: { manifests: 'SCENARIO', lab: 'LAB' }, pick: { firstPreset: true } });
  });
  it('a return visit: the saved texts and request, as the store restores them', () => {
    const saved = JSON.stringify({ manifests: 'mine', lab: 'my lab', from: 'curlpod', curl: 'curl webpod' });
    expect(guessFirstCompile(env({ saved }), 'SCENARIO', 'LAB')).toEqual({ input: { manifests: 'mine', lab: 'my lab' }, pick: { request: { from: 'curlpod', curl: 'curl webpod' } } });
    const partial = JSON.stringify({ manifests: 'mine' });
    expect(guessFirstCompile(env({ saved: partial }), 'SCENARIO', 'LAB')).toEqual({ input: { manifests: 'mine', lab: 'LAB' }, pick: { request: { from: 'router', curl: '' } } });
  });
  it('storage that throws: as without saved work', () => {
    const storage = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(guessFirstCompile({ search: '', hash: '', storage }, 'SCENARIO', 'LAB')?.input.manifests).toBe('SCENARIO');
    expect(guessFirstCompile({ search: '', hash: '', storage: null }, 'SCENARIO', 'LAB')?.input.manifests).toBe('SCENARIO');
  });

  const mine = JSON.stringify({ manifests: 'mine', lab: 'my lab', scenarioId: null, from: 'curlpod', curl: 'curl webpod', history: [] });
  const DEFAULT = 'default';
  const SAVED = 'saved';
  // [search, hash, saved, expected guess: the default scenario, the saved work, or none (a share link)]
  const table: [string, string, string | null, typeof DEFAULT | typeof SAVED | null][] = [
    ['', '', null, DEFAULT],
    ['', '', mine, SAVED],
    ['', '', '{not json', DEFAULT], // the store drops unreadable saved work and starts on the default
    ['', '', 'null', DEFAULT],
    ['', '', '"text"', DEFAULT],
    ['', '', '{}', DEFAULT], // no manifests text: not saved work (savedWork() says null too)
    ['', '', JSON.stringify({ manifests: 42 }), DEFAULT],
    ['', '', '', DEFAULT],
    ['?embed', '', mine, DEFAULT],
    ['?embed=1', '', mine, DEFAULT],
    ['?embed=true', '', mine, DEFAULT],
    ['?embed=YES', '', mine, DEFAULT],
    ['?embed=on&step=2', '', mine, DEFAULT],
    ['?lens=hubble&embed', '', mine, DEFAULT],
    ['?embed=0', '', mine, SAVED], // not an embed: the app restores the saved work
    ['?embed=0', '', null, DEFAULT],
    ['?embed=false', '', mine, SAVED],
    ['?embed=off', '', mine, SAVED],
    ['?embed=no', '', mine, SAVED],
    ['?embed=maybe', '', mine, SAVED], // unknown value: parseEmbedOptions falls back to no embed
    ['?embed=0&embed=1', '', mine, SAVED], // the first value counts
    ['?embedded', '', mine, SAVED],
    ['?%65mbed', '', mine, DEFAULT],
    ['', '#s=v1.abc', null, null],
    ['', '#s=v1.abc', mine, null],
    ['?embed', '#s=v1.abc', null, null],
    ['', '#x=1&s=v1.abc', null, null],
    ['', '#top', null, DEFAULT], // not a share link: the app ignores the fragment
    ['', '#top', mine, SAVED],
    ['?embed', '#top', mine, DEFAULT],
    ['', '#', mine, SAVED],
    ['', '#as=1', null, DEFAULT],
  ];

  it.each(table)('search %j, hash %j, saved %j: %s', (search, hash, saved, expected) => {
    const guess = guessFirstCompile(env({ search, hash, saved }), 'SCENARIO', 'LAB');
    if (expected === null) expect(guess).toBeNull();
    else if (expected === DEFAULT) expect(guess).toEqual({ input: { manifests: 'SCENARIO', lab: 'LAB' }, pick: { firstPreset: true } });
    else expect(guess).toEqual({ input: { manifests: 'mine', lab: 'my lab' }, pick: { request: { from: 'curlpod', curl: 'curl webpod' } } });
  });

  it.each(table.filter(([, hash]) => !hasShareFragment(hash)))('the store boots as guessed: search %j, hash %j, saved %j', async (search, hash, saved) => {
    // as src/ui/start.tsx starts the app: an embed has no storage
    const embed = parseEmbedOptions(search);
    const storage = embed.embed ? null : memoryStorage(saved === null ? {} : { [STORAGE_KEY]: saved });
    const { store, compiled, traced } = fakeStore(storage);
    expect(await boot(store, '03-basic.yaml', 'LAB', embed, { hash, clearFragment: () => {} })).toBe('plain');
    const scenarioText = await store.getState().scenarios[0]!.load();
    const guess = guessFirstCompile(env({ search, hash, saved }), scenarioText, 'LAB');
    expect(guess?.input).toEqual(compiled[0]);
    if (guess && 'request' in guess.pick) {
      if (guess.pick.request.curl) expect(traced[0]).toEqual(guess.pick.request);
    } else {
      expect(store.getState().scenarioId).toBe('03-basic.yaml');
    }
  });
});

describe("the app's rules, mirrored", () => {
  const searches = ['', '?', '?embed', 'embed', '?embed=', '?embed=1', '?embed=0', '?embed=true', '?embed=TRUE', '?embed=false', '?embed=False', '?embed=yes', '?embed=no', '?embed=on', '?embed=off', '?embed=2', '?embed=maybe', '?embed=0&embed=1', '?embed=1&embed=0', '?embedded=1', '?x=1&embed', '?x=1&embed=0', '?%65mbed=1', '?embed=%31', '?embed=%20', '?embed=1#s=x', '?embed#x'];

  it.each(searches)('isEmbedPage(%j) is parseEmbedOptions(…).embed', (search) => {
    expect(isEmbedPage(search)).toBe(parseEmbedOptions(search).embed);
  });

  /** Run the build's inline script on a fake page: whether it names the worker AHEAD_WORKER_NAME. */
  function ahead(search: string, hash: string, saved: string | null): boolean {
    const made: { url: string; options: WorkerOptions }[] = [];
    class FakeWorker {
      constructor(url: string, options: WorkerOptions) {
        made.push({ url, options });
      }
      addEventListener() {}
    }
    const win: Record<string, unknown> = {};
    const storage = { getItem: (k: string) => (k === STORAGE_KEY ? saved : null) };
    new Function('location', 'localStorage', 'Worker', 'window', earlyWorkerScript('./assets/engine.worker-x.js'))({ search, hash }, storage, FakeWorker, win);
    expect(made).toHaveLength(1);
    expect(made[0]!.url).toBe('./assets/engine.worker-x.js');
    expect(win.__hopscopeEngine).toBeDefined();
    return made[0]!.options.name === AHEAD_WORKER_NAME;
  }

  it.each(searches)('the inline script takes %j for an embed as parseEmbedOptions does', (search) => {
    // with saved work and no link, the worker works ahead only for an embed
    expect(ahead(search, '', '{"manifests":"mine"}')).toBe(parseEmbedOptions(search).embed);
  });

  const hashes = ['', '#', '#s=v1.abc', 's=v1.abc', '#x=1&s=v1.abc', '#top', '#as=1', '#s', '#S=v1', '#x&s=', '#/s=1'];
  it.each(hashes)('the inline script takes %j for a share link as hasShareFragment does', (hash) => {
    expect(ahead('', hash, null)).toBe(!hasShareFragment(hash));
    expect(ahead('?embed', hash, null)).toBe(!hasShareFragment(hash));
  });

  it('the inline script works ahead exactly when the guess is the default scenario (saved work the store takes, or none)', () => {
    const mine = JSON.stringify({ manifests: 'mine' });
    for (const search of ['', '?embed', '?embed=0', '?embed=1', '?embed=off']) {
      for (const hash of ['', '#top', '#s=v1.abc']) {
        for (const saved of [null, mine]) {
          const guess = guessFirstCompile(env({ search, hash, saved }), 'SCENARIO', 'LAB');
          expect(ahead(search, hash, saved), JSON.stringify({ search, hash, saved })).toBe(!!guess && 'firstPreset' in guess.pick);
        }
      }
    }
  });

  it('saved text the store does not take: the inline script does not work ahead (the client primes the default instead)', () => {
    expect(ahead('', '', '{not json')).toBe(false);
    expect(guessFirstCompile(env({ saved: '{not json' }), 'SCENARIO', 'LAB')?.pick).toEqual({ firstPreset: true });
  });
});

describe('parseSaved (the store and the guess read saved work with it)', () => {
  it('takes what the store saves, fills what is missing, drops what is ill-typed', () => {
    const full = { manifests: 'm', lab: 'l', scenarioId: '03.yaml', from: 'f', curl: 'c', history: [{ from: 'a', curl: 'b' }], theme: 'dark' as const };
    expect(parseSaved(JSON.stringify(full), 'LAB')).toEqual(full);
    expect(parseSaved(JSON.stringify({ manifests: '' }), 'LAB')).toEqual({ manifests: '', lab: 'LAB', scenarioId: null, from: 'router', curl: '', history: [], theme: undefined });
    expect(parseSaved(JSON.stringify({ manifests: 'm', lab: 3, scenarioId: 4, from: null, curl: [], history: [{ from: 'a' }, null, 'x', { from: 'a', curl: 'b' }], theme: 'purple' }), 'LAB')).toEqual({
      manifests: 'm',
      lab: 'LAB',
      scenarioId: null,
      from: 'router',
      curl: '',
      history: [{ from: 'a', curl: 'b' }],
      theme: undefined,
    });
  });
  it.each([null, undefined, '', '{not json', 'null', '0', '"m"', '[]', '{}', '{"manifests":1}', '{"lab":"l"}'])('no saved work in %j', (raw) => {
    expect(parseSaved(raw, 'LAB')).toBeNull();
  });
});
