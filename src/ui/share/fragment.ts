// The share-link checks the boot needs on every start, without the link codec (fflate, the
// dictionary): whether the fragment holds a link at all, and whether opening one would replace
// different saved work. Decoding (share-state.ts readFragment) is loaded only for a link.
import type { ShareState } from '../../share';
import type { SavedWork } from '../saved';

/** Whether the page's fragment is meant for hopscope: `#…s=…`. Other fragments are ignored. */
export function hasShareFragment(hash: string): boolean {
  if (!hash || hash === '#') return false;
  return /(^#?|&)s=/.test(hash);
}

/**
 * Whether opening `share` would replace autosaved work that differs from it. Nothing saved, an
 * empty text on the default lab, or the same texts: no conflict.
 */
export function conflictsWithSaved(saved: SavedWork | null, share: ShareState, defaultLab: string): boolean {
  if (!saved) return false;
  const lab = share.lab ?? defaultLab;
  if (saved.manifests === share.manifests && saved.lab === lab) return false;
  if (saved.manifests.trim() === '' && saved.lab === defaultLab) return false;
  return true;
}
