// The first run with a share link: open it, or ask first when it would replace different
// autosaved work, or say why it cannot be read. In embed mode (`?embed`) the link is opened
// without asking (an embed has no saved work: it never writes storage) and the URL is never
// rewritten. Pure apart from what `env` gives, so the flow is unit-tested with a fake store.
import { t } from '../../i18n';
import { tr } from '../i18n';
import type { DecodeResult, EmbedOptions } from '../../share';
import type { AppStore } from '../store';
import { conflictsWithSaved, hasShareFragment } from './fragment';

export interface BootEnv {
  /** location.hash */
  hash: string;
  /** drop the fragment from the address bar (history.replaceState); never called in embed mode */
  clearFragment(): void;
  /** performance.mark, for the figures */
  mark?(name: string): void;
  /** the link codec's chunk (tests inject a failing one) */
  loadShareState?(): Promise<{ readFragment(hash: string): DecodeResult | null }>;
}

export type BootResult = 'plain' | 'opened' | 'conflict' | 'error';

export function linkErrorMessage(message: string): string {
  return `${message} ${t('share.error.kept')}`;
}

/** Apply the embed's own options (after a plain start; an opened link takes them in openShare). */
async function applyEmbedOptions(store: AppStore, embed: EmbedOptions): Promise<void> {
  const s = store.getState();
  if (embed.theme) s.setTheme(embed.theme);
  if (embed.lens) s.setLens(embed.lens);
  if (embed.step !== null) s.goTo(embed.step);
  if (embed.autoplay) s.play();
}

export async function boot(store: AppStore, defaultScenario: string | null, defaultLab: string, embed: EmbedOptions, env: BootEnv): Promise<BootResult> {
  const result = await bootSteps(store, defaultScenario, defaultLab, embed, env);
  env.mark?.('hopscope:boot-done');
  return result;
}

async function bootSteps(store: AppStore, defaultScenario: string | null, defaultLab: string, embed: EmbedOptions, env: BootEnv): Promise<BootResult> {
  env.mark?.('hopscope:link-start');
  // the link codec (fflate, the dictionary) is loaded only when there is a link to decode
  let decoded: DecodeResult | null = null;
  if (hasShareFragment(env.hash)) {
    try {
      decoded = (await (env.loadShareState ?? (() => import('./share-state')))()).readFragment(env.hash);
    } catch (e) {
      // the chunk did not load (offline, a redeploy): start as without a link; the link stays in
      // the address bar (the fragment is not cleared), so a reload can try again
      const s = store.getState();
      s.setBanner(tr('banner.load.link', { detail: e instanceof Error ? e.message : String(e) }));
      await s.init(defaultScenario);
      if (embed.embed) await applyEmbedOptions(store, embed);
      return 'error';
    }
  }
  env.mark?.('hopscope:link-decoded');
  const s = store.getState();
  if (decoded && !decoded.ok) {
    s.setLinkNotice({ kind: 'error', message: linkErrorMessage(decoded.error.message) });
  }
  if (!decoded || !decoded.ok) {
    await s.init(defaultScenario);
    if (embed.embed) await applyEmbedOptions(store, embed);
    return decoded ? 'error' : 'plain';
  }
  if (embed.embed) {
    await s.openShare(decoded.state, { step: embed.step, lens: embed.lens, theme: embed.theme, autoplay: embed.autoplay });
    env.mark?.('hopscope:link-opened');
    return 'opened';
  }
  if (conflictsWithSaved(s.savedWork(), decoded.state, defaultLab)) {
    // show the saved work meanwhile; the dialog decides
    s.setLinkNotice({ kind: 'conflict', share: decoded.state });
    await s.init(defaultScenario);
    return 'conflict';
  }
  await s.openShare(decoded.state);
  env.mark?.('hopscope:link-opened');
  env.clearFragment();
  return 'opened';
}

/** "Open the link" in the conflict dialog: keep the old work aside, then open. */
export async function acceptLink(store: AppStore, env: Pick<BootEnv, 'clearFragment' | 'mark'>): Promise<void> {
  const s = store.getState();
  const notice = s.linkNotice;
  if (notice?.kind !== 'conflict') return;
  const backup = s.backupWork();
  s.setLinkNotice({ kind: 'opened', backup });
  await s.openShare(notice.share);
  env.mark?.('hopscope:link-opened');
  env.clearFragment();
}
