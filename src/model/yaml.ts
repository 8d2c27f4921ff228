// Multi-document YAML with source positions. js-yaml 5's `parseEvents` gives offsets for
// every node; we build a small located tree from them. The text is split on `---` lines first,
// so a syntax error in one document costs only that document (a document marker at column 0
// always ends the previous document in YAML, even inside a block scalar).
import { parseEvents, getScalarValue, CORE_SCHEMA, EVENT_ID } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';

export interface YScalar {
  t: 'scalar';
  off: number;
  value: string | number | boolean | null;
  /** true when quoted or a block scalar: the value is always a string */
  quoted: boolean;
}
export interface YEntry {
  key: string;
  keyOff: number;
  value: YNode;
}
export interface YMap {
  t: 'map';
  off: number;
  entries: YEntry[];
}
export interface YSeq {
  t: 'seq';
  off: number;
  items: YNode[];
}
export type YNode = YScalar | YMap | YSeq;

/** One document of a text: its tree, or the syntax error that stopped it. */
export interface YDoc {
  index: number;
  /** offset of the document's first line in the whole text */
  start: number;
  root: YNode | null;
  error: { message: string; reason: string; off: number } | null;
  /** offsets of keys that repeat a key of the same mapping (the last one wins) */
  duplicateKeys: { key: string; off: number }[];
}

/** Maps offsets of a text to 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  pos(off: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - this.starts[lo]! + 1 };
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }
}

const DOC_MARKER = /^(---|\.\.\.)(?=\s|$)/;

/** Split a text into document chunks at `---` / `...` lines. Returns [start, end) offsets. */
export function splitDocuments(text: string): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  let chunkStart = 0;
  let off = 0;
  while (off <= text.length) {
    const nl = text.indexOf('\n', off);
    const lineEnd = nl === -1 ? text.length : nl;
    // only a line starting with '-' or '.' can be a marker: skip the slice and the regex for the rest
    const first = text.charCodeAt(off);
    const m = first === 0x2d || first === 0x2e ? DOC_MARKER.exec(text.slice(off, lineEnd)) : null;
    if (m) {
      if (m[1] === '---') {
        if (off > chunkStart) chunks.push({ start: chunkStart, end: off });
        chunkStart = off;
      } else {
        // `...` ends the document: the marker belongs to it.
        chunks.push({ start: chunkStart, end: lineEnd });
        chunkStart = nl === -1 ? text.length : nl + 1;
      }
    }
    if (nl === -1) break;
    off = nl + 1;
  }
  if (chunkStart < text.length) chunks.push({ start: chunkStart, end: text.length });
  return chunks;
}

/** Does the chunk hold anything but blank lines, comments and a bare marker? */
function hasContent(chunk: string): boolean {
  // line by line, stopping at the first line with content (a document's second line, as a rule)
  let off = 0;
  while (off <= chunk.length) {
    const nl = chunk.indexOf('\n', off);
    const raw = chunk.slice(off, nl === -1 ? chunk.length : nl);
    const line = raw.replace(/^(---|\.\.\.)(?=\s|$)/, '').trim();
    if (line !== '' && !line.startsWith('#')) return true;
    if (nl === -1) break;
    off = nl + 1;
  }
  return false;
}

function resolvePlain(text: string): string | number | boolean | null {
  try {
    const v = CORE_SCHEMA.resolveImplicitScalarTag(text).value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    return text;
  } catch {
    return text;
  }
}

/** Does one of entries[from..] carry this key? */
function hasKey(entries: YEntry[], from: number, key: string): boolean {
  for (let j = from; j < entries.length; j++) if (entries[j]!.key === key) return true;
  return false;
}

/** Build trees from the events of one chunk (offsets relative to `base`). */
function buildTrees(chunk: string, base: number, events: Event[], duplicateKeys: { key: string; off: number }[]): (YNode | null)[] {
  const docs: (YNode | null)[] = [];
  const anchors = new Map<string, YNode>();
  let i = 0;
  const anchorOf = (e: { anchorStart: number; anchorEnd: number }): string | null =>
    e.anchorStart >= 0 ? chunk.slice(e.anchorStart, e.anchorEnd) : null;
  const tagOf = (e: { tagStart: number; tagEnd: number }): string | null =>
    e.tagStart >= 0 ? chunk.slice(e.tagStart, e.tagEnd) : null;

  // An empty or tag-only value has no text of its own (js-yaml reports -1):
  // point at its tag, else at the node read just before it (its key).
  let lastOff = base;
  const at = (off: number, tagStart = -1): number => {
    const o = off >= 0 ? base + off : tagStart >= 0 ? base + tagStart : lastOff;
    lastOff = o;
    return o;
  };
  // The children of the collections being read, on two stacks: a collection takes an array of
  // exactly its own children when it ends (arrays grown by push would reserve 17 slots each).
  const itemStack: YNode[] = [];
  const entryStack: YEntry[] = [];
  const node = (): YNode => {
    const e = events[i++]!;
    if (e.type === EVENT_ID.SCALAR) {
      const se = e as ScalarEvent;
      const text = getScalarValue(chunk, se);
      const tag = tagOf(se);
      const plain = se.style === 1 && (tag === null || tag === '!');
      let value: string | number | boolean | null = plain ? resolvePlain(text) : text;
      if (tag === '!!str') value = String(text);
      else if (tag === '!!int' || tag === '!!float') value = Number(text);
      else if (tag === '!!bool') value = resolvePlain(text);
      else if (tag === '!!null') value = null;
      // Point at the opening quote of a quoted scalar, and at the first character of a block scalar's content.
      let start = se.valueStart;
      if ((se.style === 2 || se.style === 3) && start > 0) start -= 1;
      else if ((se.style === 4 || se.style === 5) && start >= 0) while (start < se.valueEnd && (chunk[start] === ' ' || chunk[start] === '\t')) start++;
      const n: YScalar = { t: 'scalar', off: at(start, se.tagStart), value, quoted: typeof value === 'string' && !plain };
      const a = anchorOf(se);
      if (a) anchors.set(a, n);
      return n;
    }
    if (e.type === EVENT_ID.ALIAS) {
      const name = chunk.slice(e.anchorStart, e.anchorEnd).replace(/^\*/, '');
      return anchors.get(name) ?? { t: 'scalar', off: at(e.anchorStart), value: null, quoted: false };
    }
    if (e.type === EVENT_ID.SEQUENCE) {
      const off = at(e.start, e.tagStart);
      const mark = itemStack.length;
      while (i < events.length && events[i]!.type !== EVENT_ID.POP) itemStack.push(node());
      i++;
      const n: YSeq = { t: 'seq', off, items: itemStack.slice(mark) };
      itemStack.length = mark;
      const a = anchorOf(e);
      if (a) anchors.set(a, n);
      return n;
    }
    if (e.type === EVENT_ID.MAPPING) {
      const off = at(e.start, e.tagStart);
      const mark = entryStack.length;
      while (i < events.length && events[i]!.type !== EVENT_ID.POP) {
        const k = node();
        const v = node();
        if (k.t === 'scalar') {
          // merge keys (`<<: *x`) spread the aliased mapping
          if (k.value === '<<' && !k.quoted && v.t === 'map') {
            for (const en of v.entries) if (!hasKey(entryStack, mark, en.key)) entryStack.push(en);
            continue;
          }
          const key = k.value === null ? '' : String(k.value);
          if (hasKey(entryStack, mark, key)) duplicateKeys.push({ key, off: k.off });
          entryStack.push({ key, keyOff: k.off, value: v });
        } else {
          entryStack.push({ key: JSON.stringify(toJS(k)), keyOff: k.off, value: v });
        }
      }
      i++;
      const n: YMap = { t: 'map', off, entries: entryStack.slice(mark) };
      entryStack.length = mark;
      const a = anchorOf(e);
      if (a) anchors.set(a, n);
      return n;
    }
    // A stray POP or DOCUMENT where a node was expected: treat as null.
    return { t: 'scalar', off: base, value: null, quoted: false };
  };

  while (i < events.length) {
    const e = events[i++]!;
    if (e.type === EVENT_ID.DOCUMENT) {
      if (i < events.length && events[i]!.type === EVENT_ID.POP) {
        docs.push(null);
        i++;
        continue;
      }
      const root = node();
      docs.push(root);
      while (i < events.length && events[i]!.type !== EVENT_ID.POP) node();
      i++;
    }
  }
  return docs;
}

/** Parse a whole multi-document text. Never throws. */
export function parseYamlDocuments(text: string): YDoc[] {
  return [...yamlDocuments(text)];
}

/**
 * The documents of a text, parsed one at a time as they are asked for: a reader that is done
 * with one document before it asks for the next never holds more than one tree (at scale the
 * trees of all documents at once are megabytes the garbage collector would copy again and again).
 */
export function* yamlDocuments(text: string): Generator<YDoc, void, undefined> {
  let index = 0;
  for (const { start, end } of splitDocuments(text)) {
    const chunk = text.slice(start, end);
    if (!hasContent(chunk)) continue;
    const docIndex = index++;
    let doc: YDoc;
    try {
      const events = parseEvents(chunk, {});
      const duplicateKeys: { key: string; off: number }[] = [];
      const roots = buildTrees(chunk, start, events, duplicateKeys);
      const root = roots.find((r) => r !== null) ?? null;
      doc = { index: docIndex, start, root, error: null, duplicateKeys };
    } catch (err) {
      const e = err as { reason?: string; message?: string; mark?: { position?: number } };
      const off = start + (typeof e.mark?.position === 'number' ? e.mark.position : 0);
      const reason = e.reason ?? String(e.message ?? err);
      doc = { index: docIndex, start, root: null, error: { message: String(e.message ?? err), reason, off }, duplicateKeys: [] };
    }
    yield doc;
  }
}

/** The plain JavaScript value of a node. */
export function toJS(n: YNode | undefined): unknown {
  if (!n) return undefined;
  if (n.t === 'scalar') return n.value;
  if (n.t === 'seq') return n.items.map(toJS);
  const o: Record<string, unknown> = {};
  for (const e of n.entries) o[e.key] = toJS(e.value);
  return o;
}

export function entry(m: YNode | undefined, key: string): YEntry | undefined {
  if (!m || m.t !== 'map') return undefined;
  let found: YEntry | undefined;
  for (const e of m.entries) if (e.key === key) found = e;
  return found;
}

export function get(m: YNode | undefined, key: string): YNode | undefined {
  return entry(m, key)?.value;
}

/** Follow a path of keys. */
export function dig(m: YNode | undefined, ...keys: string[]): YNode | undefined {
  let n = m;
  for (const k of keys) n = get(n, k);
  return n;
}
