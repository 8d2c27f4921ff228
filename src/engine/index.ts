// The engine's face: the only module the worker, the CLI and the UI import.
// Each step is a pure function: text -> Manifest -> ClusterState -> Trace.
import type { Manifest, SourceText } from '../model/types';
import { parseSources } from '../model';
import { certificateReaderMissing, hasCertificateReader, setCertificateReader } from '../model/secret';
import {
  ciliumEndpointList,
  ciliumIdentityList,
  ciliumIpList,
  ciliumL2ResponderList,
  ciliumServiceList,
  deriveCluster,
  kubectlGet,
  kubectlGetLeases,
} from './cluster';
import { walk } from './datapath';
import { annotate, lensCommands, observeCommand, suggestCommands } from './observe';
import type { CommandSuggestion, LensCommand, ObserveResult } from './observe';
import type { ClusterState, Trace, TraceRequest } from './types';

export type * from './types';
export type * from '../model/types';
export type { CommandSuggestion, LensCommand, ObserveResult };

export interface CompileOptions {
  /** helm `--set key=value` overrides applied on top of the lab's values */
  set?: string[];
  /** message language (default 'en') */
  lang?: string;
  /** false: do not merge onto the default lab even without a Lab document */
  useDefaultLab?: boolean;
  /** replaces the default lab's text (the UI's editable "lab" tab) */
  labText?: string;
}

export interface CompileResult {
  manifest: Manifest;
  state: ClusterState;
}

/** Parse texts (merged onto the default lab) and derive the cluster state. Never throws. */
export function compile(sources: SourceText[] | string, options: CompileOptions = {}): CompileResult {
  const list = typeof sources === 'string' ? [{ file: 'editor', text: sources }] : sources;
  const manifest = parseSources(list, options);
  const state = deriveCluster(manifest);
  return { manifest, state };
}

/**
 * The certificate reader (src/model/x509.ts, @peculiar/x509) is not bundled with compile():
 * the browser's worker loads it only for a text with a TLS Secret, Node entry points import
 * '../model/x509' at start. Without it a kubernetes.io/tls Secret gets an error and
 * compileNeedsCertificateReader() says so: load it, then compile the same input again.
 */
export function compileNeedsCertificateReader(result: CompileResult): boolean {
  return certificateReaderMissing(result.manifest);
}

/** Whether these texts may hold a kubernetes.io/tls Secret (a cheap guess: load the reader before compiling them). */
export function mayNeedCertificateReader(texts: readonly string[]): boolean {
  return !hasCertificateReader() && texts.some((t) => t.includes('kubernetes.io/tls'));
}

/** Load and register the certificate reader (once; later calls resolve at once). */
export async function loadCertificateReader(): Promise<void> {
  if (hasCertificateReader()) return;
  const { readCertificate } = await import('../model/x509');
  setCertificateReader(readCertificate);
}

/**
 * compile(), with the certificate reader loaded on demand: before compiling texts that may hold
 * a TLS Secret, and after a compile that needed it anyway (then the same input is compiled again).
 * A reader that cannot be loaded (its chunk not fetched) is no failure: the compile goes on
 * without it and each TLS Secret gets `model.secret.cert.reader` at its tls.crt line. Never
 * rejects. `load` is the loader (loadCertificateReader; tests pass one that fails).
 */
export async function compileLoading(sources: SourceText[], options: CompileOptions = {}, load: () => Promise<void> = loadCertificateReader): Promise<CompileResult> {
  const loaded = (): Promise<boolean> => load().then(
    () => true,
    () => false,
  );
  const texts = sources.map((s) => s.text);
  if (options.labText !== undefined) texts.push(options.labText);
  if (mayNeedCertificateReader(texts)) await loaded();
  const result = compile(sources, options);
  if (compileNeedsCertificateReader(result) && (await loaded())) return compile(sources, options);
  return result;
}

/** Walk one request through the cluster and mark what each tool sees. Never throws. */
export function trace(state: ClusterState, request: TraceRequest): Trace {
  return annotate(state, walk(state, request));
}

/** What a learner's own command (tcpdump / pwru / hubble observe) would print for this trace. Never throws. */
export function observe(state: ClusterState, traced: Trace, command: string, on: string | null = null): ObserveResult {
  return observeCommand(state, traced, command, on);
}

/** "Which command would catch this hop?": one per tool, each checked against the trace, or why none can. */
export function suggest(state: ClusterState, traced: Trace, hopIndex: number): CommandSuggestion[] {
  return suggestCommands(state, traced, hopIndex);
}

/** The first command a learner would type for each tool to follow this request (the lens boxes' defaults). */
export function defaultCommands(state: ClusterState, traced: Trace): Record<'tcpdump' | 'pwru' | 'hubble', LensCommand> {
  return lensCommands(state, traced);
}

/** The debugging tools' listings of the state (lab 11), as text, each titled by its command. */
export interface StateView {
  id: string;
  command: string;
  /** the lines the command prints */
  lines: string[];
}

export function views(state: ClusterState): StateView[] {
  const first = state.nodes[0]?.name ?? null;
  return [
    { id: 'kubectl', command: 'kubectl get svc,ep,ingress -A', lines: kubectlGet(state) },
    { id: 'leases', command: 'kubectl get leases -n kube-system', lines: kubectlGetLeases(state) },
    { id: 'ip-list', command: 'cilium-dbg ip list', lines: ciliumIpList(state) },
    { id: 'identity-list', command: 'cilium-dbg identity list', lines: ciliumIdentityList(state) },
    { id: 'service-list', command: 'cilium-dbg service list', lines: ciliumServiceList(state) },
    { id: 'endpoint-list', command: `cilium-dbg endpoint list${first ? `   # on ${first}` : ''}`, lines: ciliumEndpointList(state, first ?? undefined) },
    { id: 'l2', command: 'cilium-dbg statedb l2-announce', lines: ciliumL2ResponderList(state) },
  ];
}
