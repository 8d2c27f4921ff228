// Every data-testid the app renders, in one place: components and e2e specs
// both import from here, so a rename is one edit.
export const TID = {
  editor: 'editor',
  editorTabManifests: 'editor-tab-manifests',
  editorTabLab: 'editor-tab-lab',
  diagnostics: 'diagnostics',
  topology: 'topology',
  requestBar: 'request-bar',
  client: 'client',
  curl: 'curl',
  send: 'send',
  hop: 'hop',
  lensAll: 'lens-all',
  lensTcpdump: 'lens-tcpdump',
  lensPwru: 'lens-pwru',
  lensHubble: 'lens-hubble',
  outcome: 'outcome',
  scenarioPicker: 'scenario-picker',
  presets: 'presets',
  toolOutput: 'tool-output',
  toolCommand: 'tool-command',
  share: 'share',
  embed: 'embed',
  banner: 'banner',
  inspector: 'inspector',
  play: 'play',
  stepBack: 'step-back',
  stepForward: 'step-forward',
  restart: 'restart',
  speed: 'speed',
  themeToggle: 'theme-toggle',
  timeline: 'timeline',
} as const;

export type TestId = (typeof TID)[keyof typeof TID];

export type LensId = 'all' | 'tcpdump' | 'pwru' | 'hubble';

export const LENS_TID: Record<LensId, TestId> = {
  all: TID.lensAll,
  tcpdump: TID.lensTcpdump,
  pwru: TID.lensPwru,
  hubble: TID.lensHubble,
};
