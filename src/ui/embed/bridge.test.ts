import { describe, expect, it } from 'vitest';
import { encodeShare, emptyShareState } from '../../share';
import { fakeStore } from '../share/fake-engine';
import { startEmbedBridge, type BridgeWindow } from './bridge';

type Handler = (e: { source: unknown; origin: string; data: unknown }) => void;

function fakeWindow() {
  const posted: { msg: unknown; origin: string }[] = [];
  const handlers = new Set<Handler>();
  const parent = { postMessage: (msg: unknown, origin: string) => void posted.push({ msg, origin }) };
  const win: BridgeWindow & { send(data: unknown, source?: unknown, origin?: string): void } = {
    parent,
    addEventListener: (_t, fn) => void handlers.add(fn),
    removeEventListener: (_t, fn) => void handlers.delete(fn),
    send(data, source = parent, origin = 'https://slides.example') {
      for (const h of handlers) h({ data, source, origin });
    },
  };
  return { win, posted, parent, handlers };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('embed bridge', () => {
  it('posts ready with the current outcome and step, then step-changed as the step moves', async () => {
    const { store, hops } = fakeStore();
    await store.getState().init('03-basic.yaml');
    const w = fakeWindow();
    const b = startEmbedBridge(store, w.win, { origin: null });
    b.ready();
    expect(w.posted.map((p) => (p.msg as { type: string }).type)).toEqual(['hopscope:ready', 'hopscope:outcome', 'hopscope:step-changed']);
    expect(w.posted[0]).toEqual({ msg: { type: 'hopscope:ready', protocol: 1 }, origin: '*' });
    w.win.send({ type: 'hopscope:step', step: 2 });
    await flush();
    expect(store.getState().step).toBe(Math.min(2, hops - 1));
    expect(w.posted.at(-1)?.msg).toEqual({ type: 'hopscope:step-changed', step: Math.min(2, hops - 1), total: hops });
    b.stop();
    expect(w.handlers.size).toBe(0);
  });

  it('obeys lens, play and pause; ignores malformed messages and other sources', async () => {
    const { store } = fakeStore();
    await store.getState().init('03-basic.yaml');
    const w = fakeWindow();
    startEmbedBridge(store, w.win, { origin: null }).ready();
    w.win.send({ type: 'hopscope:lens', lens: 'pwru' });
    expect(store.getState().lens).toBe('pwru');
    w.win.send({ type: 'hopscope:lens', lens: 'wireshark' });
    w.win.send({ type: 'hopscope:lens', lens: 'hubble', extra: 1 });
    w.win.send('hopscope:lens');
    w.win.send({ type: 'hopscope:lens', lens: 'hubble' }, { other: true });
    expect(store.getState().lens).toBe('pwru');
    w.win.send({ type: 'hopscope:play' });
    expect(store.getState().playing).toBe(true);
    w.win.send({ type: 'hopscope:pause' });
    expect(store.getState().playing).toBe(false);
  });

  it('with ?origin= only that origin is obeyed, and events go to it', async () => {
    const { store } = fakeStore();
    await store.getState().init('03-basic.yaml');
    const w = fakeWindow();
    startEmbedBridge(store, w.win, { origin: 'https://slides.example' }).ready();
    w.win.send({ type: 'hopscope:lens', lens: 'tcpdump' }, w.parent, 'https://evil.example');
    expect(store.getState().lens).toBe('all');
    w.win.send({ type: 'hopscope:lens', lens: 'tcpdump' }, w.parent, 'https://slides.example');
    expect(store.getState().lens).toBe('tcpdump');
    expect(w.posted.every((p) => p.origin === 'https://slides.example')).toBe(true);
  });

  it('loads a share link or a scenario; a bad one posts load-failed and changes nothing', async () => {
    const { store } = fakeStore();
    await store.getState().init('03-basic.yaml');
    const w = fakeWindow();
    startEmbedBridge(store, w.win, { origin: null }).ready();
    w.win.send({ type: 'hopscope:load', share: encodeShare({ ...emptyShareState(), manifests: 'kind: Pod # loaded' }) });
    await flush();
    expect(store.getState().manifests).toBe('kind: Pod # loaded');
    w.win.send({ type: 'hopscope:load', share: '#s=v1.!!!' });
    w.win.send({ type: 'hopscope:load', scenario: 'nope' });
    await flush();
    expect(store.getState().manifests).toBe('kind: Pod # loaded');
    const failed = w.posted.filter((p) => (p.msg as { type: string }).type === 'hopscope:load-failed').map((p) => (p.msg as { code: string }).code);
    expect(failed).toEqual(['bad-base64', 'unknown-scenario']);
    w.win.send({ type: 'hopscope:load', scenario: '10-tls' });
    await flush();
    expect(store.getState().scenarioId).toBe('10-tls.yaml');
  });

  it('a step asked for before the first trace is applied when it arrives', async () => {
    const { store, hops } = fakeStore();
    const w = fakeWindow();
    const b = startEmbedBridge(store, w.win, { origin: null });
    w.win.send({ type: 'hopscope:step', step: 1 });
    await store.getState().init('03-basic.yaml');
    b.ready();
    expect(store.getState().step).toBe(Math.min(1, hops - 1));
  });

  it('posts nothing when not framed', () => {
    const { store } = fakeStore();
    const w = fakeWindow();
    const self = { ...w.win } as BridgeWindow & { parent: unknown };
    (self as { parent: unknown }).parent = self;
    startEmbedBridge(store, self as BridgeWindow, { origin: null }).ready();
    expect(w.posted).toHaveLength(0);
  });
});
