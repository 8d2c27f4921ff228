// The embed's side of the postMessage API (docs/share.md "The postMessage API"): commands from
// the parent frame, checked with acceptEmbedEvent + parseEmbedMessage (everything else is ignored,
// silently), and the events it posts back: ready, step-changed, outcome, load-failed.
// The window is injected, so the bridge is unit-tested with a fake one.
import { acceptEmbedEvent, decodeShare, embedEvents, parseEmbedMessage, type EmbedCommand, type EmbedEvent, type EmbedOptions } from '../../share';
import { tr } from '../i18n';
import type { AppStore } from '../store';

export interface BridgeWindow {
  addEventListener(type: 'message', fn: (e: { source: unknown; origin: string; data: unknown }) => void): void;
  removeEventListener(type: 'message', fn: (e: { source: unknown; origin: string; data: unknown }) => void): void;
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
}

export interface EmbedBridge {
  /** post hopscope:ready (after the first scenario is on screen) */
  ready(): void;
  stop(): void;
}

export function startEmbedBridge(store: AppStore, win: BridgeWindow, opts: Pick<EmbedOptions, 'origin'>): EmbedBridge {
  const parent = win.parent && win.parent !== (win as unknown) ? win.parent : null;
  let isReady = false;
  /** a step asked for before the trace arrived */
  let pendingStep: number | null = null;
  const post = (ev: EmbedEvent) => {
    if (!parent) return;
    try {
      parent.postMessage(ev, opts.origin ?? '*');
    } catch {
      /* the parent went away */
    }
  };

  const run = async (cmd: EmbedCommand) => {
    const s = store.getState();
    switch (cmd.type) {
      case 'hopscope:step':
        s.pause();
        if (!s.trace) pendingStep = cmd.step;
        else s.goTo(cmd.step);
        return;
      case 'hopscope:play':
        s.play();
        return;
      case 'hopscope:pause':
        s.pause();
        return;
      case 'hopscope:lens':
        s.setLens(cmd.lens);
        return;
      case 'hopscope:load': {
        if ('share' in cmd) {
          const d = decodeShare(cmd.share);
          if (!d.ok) {
            post(embedEvents.loadFailed(d.error.code, d.error.message));
            return;
          }
          await s.openShare(d.state);
          return;
        }
        const id = s.scenarios.find((x) => x.id === cmd.scenario || x.id === `${cmd.scenario}.yaml`)?.id;
        if (!id) {
          post(embedEvents.loadFailed('unknown-scenario', tr('embed.unknownScenario', { id: cmd.scenario })));
          return;
        }
        await s.loadScenario(id);
        return;
      }
    }
  };

  const onMessage = (e: { source: unknown; origin: string; data: unknown }) => {
    if (!acceptEmbedEvent(e, win, win.parent, opts.origin)) return;
    const cmd = parseEmbedMessage(e.data);
    if (!cmd) return;
    void run(cmd);
  };
  win.addEventListener('message', onMessage);

  const unsubscribe = store.subscribe((s, prev) => {
    const newTrace = s.trace !== prev.trace && s.trace !== null;
    if (isReady && newTrace && s.trace) {
      const o = s.trace.outcome;
      post(embedEvents.outcome(o.status, o.exitCode, o.error));
    }
    if (newTrace && pendingStep !== null) {
      const step = pendingStep;
      pendingStep = null;
      store.getState().goTo(step); // re-enters this listener with the new step
      return;
    }
    if (isReady && (s.step !== prev.step || s.trace !== prev.trace)) post(embedEvents.stepChanged(s.step, s.trace?.hops.length ?? 0));
  });

  return {
    ready() {
      if (isReady) return;
      isReady = true;
      post(embedEvents.ready());
      const s = store.getState();
      if (s.trace) {
        const o = s.trace.outcome;
        post(embedEvents.outcome(o.status, o.exitCode, o.error));
        post(embedEvents.stepChanged(s.step, s.trace.hops.length));
      }
    },
    stop() {
      win.removeEventListener('message', onMessage);
      unsubscribe();
    },
  };
}
