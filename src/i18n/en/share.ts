// English messages of the share area (share links, scenario files, embedding). Keys are 'share.<something>'.
// Placeholders: {name}.
export const share: Record<string, string> = {
  // ---------------------------------------------------------------- opening a link
  'share.error.empty': 'This link holds no scenario.',
  'share.error.not-hopscope': 'This link was not made by hopscope (no `s=v…` part after the #).',
  'share.error.bad-base64': 'This link is damaged: it contains characters a hopscope link never has. It was probably cut or changed when it was copied.',
  'share.error.corrupt': 'This link is damaged or cut short: its compressed data does not unpack. Ask for the whole link again.',
  'share.error.too-large': 'This link holds more than {limit} of text; hopscope refuses to open it.',
  'share.error.unknown-version': 'This link uses share format v{version}, which this hopscope does not know (it reads up to v{current}). A newer hopscope made it: reload the page or update.',
  'share.error.bad-json': 'This link is damaged: its contents are not readable.',
  'share.error.bad-shape': 'This link unpacks, but what it holds is not a hopscope scenario.',
  'share.error.kept': 'Your current work was left as it was.',

  // ---------------------------------------------------------------- link length
  'share.length': 'Link length: {length} characters',
  'share.length.warn.2000': 'Over {limit} characters: some chat previews, e-mail clients and older tools cut or refuse links this long (approximate).',
  'share.length.warn.4096': 'Over {limit} characters: the hyperlink fields of some slide and office tools may refuse it (approximate).',
  'share.length.warn.8192': 'Over {limit} characters: URL shorteners and proxies that store the whole link, and servers with an 8 KB request line (Apache, nginx defaults), may refuse it. A browser alone opens it.',
  'share.length.warn.32768': 'Over {limit} characters: browsers cut such links when they show them, and mobile browsers and bookmark or history stores may drop them (approximate); export a scenario file instead.',
  'share.length.warn.2097152': 'Over {limit} characters: Chromium refuses to open URLs this long; export a scenario file instead.',

  // ---------------------------------------------------------------- scenario file
  'share.file.header': 'hopscope scenario file. Open it with Import in hopscope to get the same manifests, lab, requests and view back.',
  'share.file.error.syntax': 'The scenario file is not valid YAML: {reason}',
  'share.file.error.lab': 'The first document of the scenario file should be a `kind: Lab` document.',
  'share.file.error.requests': 'spec.requests[{index}] needs `from` and `curl` strings.',
  'share.file.error.tooLarge': 'The scenario file is larger than {limit}; hopscope refuses to open it.',
  'share.file.error.empty': 'The scenario file is empty.',

  // ---------------------------------------------------------------- embedding
  'share.embed.title': 'hopscope: a packet traced hop by hop through a Cilium cluster',
};
