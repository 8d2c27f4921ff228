import { describe, expect, it } from 'vitest';
import { encodeShare, parseEmbedOptions, type ShareState } from '../../share';
import { BACKUP_KEY, STORAGE_KEY } from '../store';
import { acceptLink, boot } from './boot';
import { fakeStore, memoryStorage } from './fake-engine';

const share: ShareState = {
  manifests: 'kind: Service # shared',
  lab: null,
  requests: [
    { from: 'curlpod', curl: 'curl -s webpod' },
    { from: 'router', curl: 'curl -s http://192.168.10.211/details' },
  ],
  selected: 1,
  step: 3,
  lens: 'hubble',
  view: { theme: 'dark' },
  scenario: '10-tls',
};
const plain = parseEmbedOptions('');
const saved = (manifests: string) => JSON.stringify({ manifests, lab: 'LAB', scenarioId: null, from: 'router', curl: 'curl mine', history: [] });

function env(hash: string) {
  const calls = { cleared: 0, marks: [] as string[] };
  return { calls, env: { hash, clearFragment: () => void calls.cleared++, mark: (n: string) => void calls.marks.push(n) } };
}

describe('boot with a share link', () => {
  it('opens a link when nothing is saved: texts, request, step, lens, theme, scenario; clears the fragment', async () => {
    const storage = memoryStorage();
    const { store, compiled, traced } = fakeStore(storage);
    const e = env(encodeShare(share));
    expect(await boot(store, '03-basic.yaml', 'LAB', plain, e.env)).toBe('opened');
    const s = store.getState();
    expect(compiled.at(-1)).toEqual({ manifests: share.manifests, lab: 'LAB' });
    expect(traced.at(-1)).toEqual({ from: 'router', curl: 'curl -s http://192.168.10.211/details' });
    expect(s.step).toBe(3);
    expect(s.lens).toBe('hubble');
    expect(s.theme).toBe('dark');
    expect(s.scenarioId).toBe('10-tls.yaml');
    expect(s.history).toHaveLength(2);
    expect(e.calls.cleared).toBe(1);
    expect(e.calls.marks).toEqual(['hopscope:link-start', 'hopscope:link-decoded', 'hopscope:link-opened', 'hopscope:boot-done']);
    expect(JSON.parse(storage.m.get(STORAGE_KEY)!).manifests).toBe(share.manifests);
  });

  it('asks before replacing different saved work, shows the saved work meanwhile; opening keeps a backup that can be swapped back', async () => {
    const storage = memoryStorage({ [STORAGE_KEY]: saved('my work') });
    const { store } = fakeStore(storage);
    const e = env(`#s=${encodeShare(share).slice(3)}`);
    expect(await boot(store, null, 'LAB', plain, e.env)).toBe('conflict');
    expect(store.getState().linkNotice?.kind).toBe('conflict');
    expect(store.getState().manifests).toBe('my work');
    expect(e.calls.cleared).toBe(0);
    await acceptLink(store, e.env);
    expect(store.getState().manifests).toBe(share.manifests);
    expect(store.getState().linkNotice).toEqual({ kind: 'opened', backup: true });
    expect(JSON.parse(storage.m.get(BACKUP_KEY)!).manifests).toBe('my work');
    expect(e.calls.cleared).toBe(1);
    // bring it back: a swap, the link's work goes into the slot
    expect(await store.getState().restoreBackup()).toBe(true);
    expect(store.getState().manifests).toBe('my work');
    expect(JSON.parse(storage.m.get(BACKUP_KEY)!).manifests).toBe(share.manifests);
  });

  it('"keep my work" leaves everything as saved', async () => {
    const storage = memoryStorage({ [STORAGE_KEY]: saved('my work') });
    const { store } = fakeStore(storage);
    await boot(store, null, 'LAB', plain, env(encodeShare(share)).env);
    store.getState().setLinkNotice(null);
    expect(store.getState().manifests).toBe('my work');
    expect(JSON.parse(storage.m.get(STORAGE_KEY)!).manifests).toBe('my work');
    expect(storage.m.has(BACKUP_KEY)).toBe(false);
  });

  it('the same text as saved: opens without asking', async () => {
    const storage = memoryStorage({ [STORAGE_KEY]: saved(share.manifests) });
    const { store } = fakeStore(storage);
    expect(await boot(store, null, 'LAB', plain, env(encodeShare(share)).env)).toBe('opened');
  });

  it('a damaged link: the message, the work untouched', async () => {
    const storage = memoryStorage({ [STORAGE_KEY]: saved('my work') });
    const { store } = fakeStore(storage);
    const link = encodeShare(share);
    const e = env(link.slice(0, link.length - 12));
    expect(await boot(store, null, 'LAB', plain, e.env)).toBe('error');
    const n = store.getState().linkNotice;
    expect(n?.kind).toBe('error');
    expect(n?.kind === 'error' && n.message).toMatch(/damaged|cut short/);
    expect(n?.kind === 'error' && n.message).toMatch(/left as it was/);
    expect(store.getState().manifests).toBe('my work');
    expect(JSON.parse(storage.m.get(STORAGE_KEY)!).manifests).toBe('my work');
    expect(e.calls.cleared).toBe(0);
  });

  it('the link codec chunk fails to load: a banner, the saved work compiled, the link kept', async () => {
    const storage = memoryStorage({ [STORAGE_KEY]: saved('my work') });
    const { store, compiled } = fakeStore(storage);
    const e = env(encodeShare(share));
    const failing = { ...e.env, loadShareState: () => Promise.reject(new Error('Failed to fetch dynamically imported module')) };
    expect(await boot(store, null, 'LAB', plain, failing)).toBe('error');
    expect(store.getState().banner).toMatch(/could not be opened.*Failed to fetch/);
    expect(store.getState().manifests).toBe('my work');
    expect(compiled.at(-1)).toEqual({ manifests: 'my work', lab: 'LAB' });
    expect(e.calls.cleared).toBe(0);
    expect(e.calls.marks.at(-1)).toBe('hopscope:boot-done');
  });

  it('no link: the usual start (default scenario)', async () => {
    const { store } = fakeStore(memoryStorage());
    expect(await boot(store, '03-basic.yaml', 'LAB', plain, env('#intro').env)).toBe('plain');
    expect(store.getState().scenarioId).toBe('03-basic.yaml');
  });

  it('embed: opens without asking, never writes storage nor the address, options win over the link', async () => {
    const { store, hops } = fakeStore(null);
    const e = env(encodeShare(share));
    const opts = parseEmbedOptions('?embed&step=1&lens=tcpdump&theme=light');
    expect(await boot(store, null, 'LAB', opts, e.env)).toBe('opened');
    const s = store.getState();
    expect(s.step).toBe(Math.min(1, hops - 1));
    expect(s.lens).toBe('tcpdump');
    expect(s.theme).toBe('light');
    expect(e.calls.cleared).toBe(0);
  });

  it('embed with autoplay plays after the trace', async () => {
    const { store } = fakeStore(null);
    await boot(store, null, 'LAB', parseEmbedOptions('?embed&autoplay=1'), env(encodeShare(share)).env);
    expect(store.getState().playing).toBe(true);
  });
});
