// parseSources: texts in, a located Manifest out. Never throws: every problem is a Diagnostic.
import { t } from '../i18n';
import { Ctx } from './context';
import { parsePolicy } from './ccnp';
import { DEFAULT_LAB_FILE, DEFAULT_LAB_TEXT } from './default-lab';
import { buildCiliumConfig, parseCliSets, type HelmAssignment } from './helm-values';
import { parseIngress } from './ingress';
import { parseIngressClass } from './ingress-class';
import { parseL2Policy } from './l2-announcement';
import { LAB_API_VERSION, parseLab, type ParsedLab } from './lab';
import { parsePool } from './lb-ippool';
import { parseSecret } from './secret';
import { parseEndpoints, parseService } from './service';
import type { Diagnostic, IgnoredObject, K8sObject, Lab, Manifest, SourceText } from './types';
import { parseWorkload, WORKLOAD_KINDS } from './workload';
import { LineIndex, get, yamlDocuments, type YMap } from './yaml';

export interface ParseOptions {
  /** CLI `--set key=value` strings, applied on top of the lab's helm values. */
  set?: string[];
  /** Language of the diagnostics' text (default 'en'). */
  lang?: string;
  /** false: never use the default lab (a missing Lab is then a diagnostic). Default true. */
  useDefaultLab?: boolean;
  /** Text of the base lab, replacing DEFAULT_LAB_TEXT (the UI's editable "lab" tab). */
  labText?: string;
}

type KObject = Exclude<K8sObject, Lab>;

interface TextResult {
  objects: KObject[];
  labs: ParsedLab[];
  ignored: IgnoredObject[];
}

function parseObject(root: YMap, ctx: Ctx, kind: string, apiVersion: string, source: string, out: TextResult): void {
  let obj: KObject | null;
  switch (kind) {
    case 'Ingress':
      obj = parseIngress(root, ctx, apiVersion);
      break;
    case 'IngressClass':
      obj = parseIngressClass(root, ctx, apiVersion);
      break;
    case 'Service':
      obj = parseService(root, ctx, apiVersion);
      break;
    case 'Endpoints':
      obj = parseEndpoints(root, ctx, apiVersion);
      break;
    case 'Secret':
      obj = parseSecret(root, ctx, apiVersion);
      break;
    case 'CiliumLoadBalancerIPPool':
      obj = parsePool(root, ctx, apiVersion);
      break;
    case 'CiliumL2AnnouncementPolicy':
      obj = parseL2Policy(root, ctx, apiVersion);
      break;
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy':
      obj = parsePolicy(root, ctx, apiVersion, kind);
      break;
    case 'Lab': {
      const lab = parseLab(root, ctx, apiVersion, source);
      if (lab) out.labs.push(lab);
      return;
    }
    default:
      if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) {
        obj = parseWorkload(root, ctx, apiVersion, kind as (typeof WORKLOAD_KINDS)[number]);
        break;
      }
      {
        const name = ctx.str(get(root, 'metadata'), 'name', 'metadata.name') ?? '';
        out.ignored.push({ apiVersion, kind, name, loc: ctx.loc(root.off) });
        ctx.info('model.kind.ignored', ctx.keyOff(root, 'kind', root.off), { kind, name });
      }
      return;
  }
  if (obj) out.objects.push(obj);
}

function parseText(src: SourceText, diagnostics: Diagnostic[], lang: string): TextResult {
  const out: TextResult = { objects: [], labs: [], ignored: [] };
  const text = typeof src.text === 'string' ? src.text : '';
  const lines = new LineIndex(text);
  // one document at a time: its tree is garbage once its object is read
  for (const doc of yamlDocuments(text)) {
    const ctx = new Ctx(src.file, doc.index, lines, diagnostics, lang);
    if (doc.error) {
      ctx.error('model.yaml.syntax', doc.error.off, { reason: doc.error.reason });
      continue;
    }
    for (const dup of doc.duplicateKeys) ctx.warn('model.yaml.duplicateKey', dup.off, { key: dup.key });
    const root = doc.root;
    if (!root || (root.t === 'scalar' && root.value === null)) continue;
    try {
      if (root.t !== 'map') {
        ctx.error('model.doc.notMapping', root.off);
        continue;
      }
      const kind = ctx.str(root, 'kind');
      if (!kind) {
        ctx.error('model.doc.noKind', root.off);
        continue;
      }
      const apiVersion = ctx.str(root, 'apiVersion') ?? '';
      if (!apiVersion) ctx.warn('model.doc.noApiVersion', root.off, { kind });
      parseObject(root, ctx, kind, apiVersion, text, out);
    } catch (err) {
      ctx.error('model.internal', root.off, { error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

const objectKey = (o: KObject): string => `${o.kind}/${o.meta.namespace}/${o.meta.name}`;

function minimalLab(file: string): ParsedLab {
  const lab: Lab = {
    kind: 'Lab',
    apiVersion: LAB_API_VERSION,
    meta: { name: 'empty', namespace: '', labels: {}, annotations: {} },
    loc: { file, doc: 0, line: 1, column: 1 },
    title: null,
    notes: null,
    extends: null,
    nodes: [],
    clients: [],
    serviceCIDR: '10.96.0.0/12',
    cilium: buildCiliumConfig([], []),
    requests: [],
    clock: '2025-08-23T15:19:00Z',
    seed: 1,
    kernel: '6.8',
  };
  return { lab, helm: [], fieldsSet: new Set() };
}

/** The Lab merge rule (extends: default): the user's spec fields override the base's; helm merges key by key. */
function mergeLabs(base: ParsedLab, user: ParsedLab): ParsedLab {
  const b = base.lab;
  const u = user.lab;
  const pick = <K extends keyof Lab>(field: string, key: K): Lab[K] => (user.fieldsSet.has(field) ? u[key] : b[key]);
  const lab: Lab = {
    ...u,
    title: pick('title', 'title'),
    notes: pick('notes', 'notes'),
    nodes: pick('nodes', 'nodes'),
    clients: pick('clients', 'clients'),
    requests: pick('requests', 'requests'),
    serviceCIDR: pick('serviceCIDR', 'serviceCIDR'),
    clock: pick('clock', 'clock'),
    seed: pick('seed', 'seed'),
    kernel: pick('kernel', 'kernel'),
  };
  return { lab, helm: [...base.helm, ...user.helm], fieldsSet: new Set([...base.fieldsSet, ...user.fieldsSet]) };
}

function build(sources: SourceText[], options: ParseOptions, diagnostics: Diagnostic[]): Manifest {
  const lang = options.lang ?? 'en';
  const user: TextResult = { objects: [], labs: [], ignored: [] };
  for (const src of sources) {
    const r = parseText(src, diagnostics, lang);
    user.objects.push(...r.objects);
    user.labs.push(...r.labs);
    user.ignored.push(...r.ignored);
  }
  const firstFile = sources[0]?.file ?? 'editor';
  for (const extra of user.labs.slice(1)) {
    const l = extra.lab.loc;
    diagnostics.push({
      severity: 'warning',
      code: 'model.lab.multiple',
      message: t('model.lab.multiple', { name: extra.lab.meta.name }, lang),
      hint: t('model.lab.multiple.hint', {}, lang),
      ...l,
    });
  }
  const userLab = user.labs[0] ?? null;
  const useDefault = options.useDefaultLab !== false;
  let base: TextResult | null = null;
  if (useDefault && (!userLab || userLab.lab.extends === 'default')) {
    base = parseText({ file: DEFAULT_LAB_FILE, text: options.labText ?? DEFAULT_LAB_TEXT }, diagnostics, lang);
  } else if (!useDefault && userLab?.lab.extends === 'default') {
    const l = userLab.lab.loc;
    diagnostics.push({ severity: 'warning', code: 'model.lab.extendsDisabled', message: t('model.lab.extendsDisabled', {}, lang), ...l });
  }

  // The lab.
  let parsedLab: ParsedLab;
  const baseLab = base?.labs[0] ?? null;
  if (userLab && userLab.lab.extends === 'default' && baseLab) parsedLab = mergeLabs(baseLab, userLab);
  else if (userLab) parsedLab = userLab;
  else if (baseLab) parsedLab = baseLab;
  else {
    parsedLab = minimalLab(base ? DEFAULT_LAB_FILE : firstFile);
    const file = base ? DEFAULT_LAB_FILE : firstFile;
    diagnostics.push({
      severity: 'warning',
      code: 'model.lab.missing',
      message: t('model.lab.missing', {}, lang),
      hint: t('model.lab.missing.hint', {}, lang),
      file,
      doc: 0,
      line: 1,
      column: 1,
    });
  }
  const sets: HelmAssignment[] = options.set && options.set.length > 0 ? parseCliSets(options.set, diagnostics, lang) : [];
  const lab: Lab = { ...parsedLab.lab, cilium: buildCiliumConfig([...parsedLab.helm, ...sets], diagnostics, lang) };

  // The objects: base first, then the user's (same kind/namespace/name replaces).
  const objects: KObject[] = base ? [...base.objects] : [];
  const index = new Map<string, number>();
  objects.forEach((o, i) => index.set(objectKey(o), i));
  const seenUser = new Set<string>();
  for (const o of user.objects) {
    const key = objectKey(o);
    if (seenUser.has(key)) {
      diagnostics.push({
        severity: 'warning',
        code: 'model.object.duplicate',
        message: t('model.object.duplicate', { kind: o.kind, name: o.meta.name, namespace: o.meta.namespace }, lang),
        hint: t('model.object.duplicate.hint', {}, lang),
        ...o.loc,
      });
    }
    seenUser.add(key);
    const at = index.get(key);
    if (at !== undefined) objects[at] = o;
    else {
      index.set(key, objects.length);
      objects.push(o);
    }
  }

  const m: Manifest = {
    lab,
    ingresses: [],
    ingressClasses: [],
    services: [],
    endpoints: [],
    workloads: [],
    secrets: [],
    pools: [],
    l2Policies: [],
    policies: [],
    ignored: [...(base?.ignored ?? []), ...user.ignored],
    diagnostics,
  };
  for (const o of objects) {
    switch (o.kind) {
      case 'Ingress':
        m.ingresses.push(o);
        break;
      case 'IngressClass':
        m.ingressClasses.push(o);
        break;
      case 'Service':
        m.services.push(o);
        break;
      case 'Endpoints':
        m.endpoints.push(o);
        break;
      case 'Secret':
        m.secrets.push(o);
        break;
      case 'CiliumLoadBalancerIPPool':
        m.pools.push(o);
        break;
      case 'CiliumL2AnnouncementPolicy':
        m.l2Policies.push(o);
        break;
      case 'CiliumNetworkPolicy':
      case 'CiliumClusterwideNetworkPolicy':
        m.policies.push(o);
        break;
      default:
        m.workloads.push(o);
    }
  }
  return m;
}

export function parseSources(sources: SourceText[], options: ParseOptions = {}): Manifest {
  const diagnostics: Diagnostic[] = [];
  try {
    return build(Array.isArray(sources) ? sources : [], options ?? {}, diagnostics);
  } catch (err) {
    const lang = options?.lang ?? 'en';
    const file = Array.isArray(sources) && sources[0] ? sources[0].file : 'editor';
    diagnostics.push({
      severity: 'error',
      code: 'model.internal',
      message: t('model.internal', { error: err instanceof Error ? err.message : String(err) }, lang),
      file,
      doc: 0,
      line: 1,
      column: 1,
    });
    const lab = minimalLab(file).lab;
    return {
      lab,
      ingresses: [],
      ingressClasses: [],
      services: [],
      endpoints: [],
      workloads: [],
      secrets: [],
      pools: [],
      l2Policies: [],
      policies: [],
      ignored: [],
      diagnostics,
    };
  }
}
