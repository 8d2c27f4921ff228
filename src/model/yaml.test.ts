import { describe, expect, it } from 'vitest';
import { LineIndex, parseYamlDocuments, splitDocuments, toJS } from './yaml';
import { parseAlone, posOf, problems } from './test-util';

describe('splitDocuments / parseYamlDocuments', () => {
  it('splits on --- lines and keeps offsets of the whole text', () => {
    const text = 'a: 1\n---\nb: 2\n--- \n# only a comment\n---\nc: [1, 2]\n';
    const chunks = splitDocuments(text);
    expect(chunks.map((c) => text.slice(c.start, c.end))).toEqual(['a: 1\n', '---\nb: 2\n', '--- \n# only a comment\n', '---\nc: [1, 2]\n']);
    const docs = parseYamlDocuments(text);
    expect(docs.map((d) => toJS(d.root ?? undefined))).toEqual([{ a: 1 }, { b: 2 }, { c: [1, 2] }]);
    expect(docs.map((d) => d.index)).toEqual([0, 1, 2]);
  });

  it('a syntax error in document 2 of 3 keeps documents 1 and 3', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: one}',
      'spec: {ports: [{port: 80}]}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: two',
      ' spec: broken',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: three}',
      'spec: {ports: [{port: 80}]}',
      '',
    ].join('\n');
    const m = parseAlone(text);
    expect(m.services.map((s) => s.meta.name)).toEqual(['one', 'three']);
    const errs = problems(m);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ severity: 'error', code: 'model.yaml.syntax', file: 'editor', doc: 1, line: 10, column: 2 });
    expect(errs[0]!.message).toContain('bad indentation');
    expect(errs[0]!.hint).toBeTruthy();
    expect(m.services[1]!.loc).toEqual({ file: 'editor', doc: 2, line: 12, column: 1 });
  });

  it('locates nested nodes with 1-based line and column', () => {
    const text = 'x:\n  y:\n    - a\n    - {b: "q"}\n';
    const [doc] = parseYamlDocuments(text);
    const li = new LineIndex(text);
    const root = doc!.root!;
    if (root.t !== 'map') throw new Error('map expected');
    const y = root.entries[0]!.value;
    if (y.t !== 'map') throw new Error('map expected');
    const seq = y.entries[0]!.value;
    if (seq.t !== 'seq') throw new Error('seq expected');
    expect(li.pos(seq.items[0]!.off)).toEqual(posOf(text, 'a'));
    expect(li.pos(seq.items[1]!.off)).toEqual(posOf(text, '{b'));
  });

  it('resolves scalars like the core schema and keeps quoted strings as strings', () => {
    const [doc] = parseYamlDocuments('a: 80\nb: "80"\nc: true\nd: ~\ne: 0x10\nf: !!str 5\ng: &x {k: v}\nh: *x\n');
    expect(toJS(doc!.root!)).toEqual({ a: 80, b: '80', c: true, d: null, e: 16, f: '5', g: { k: 'v' }, h: { k: 'v' } });
  });

  it('never throws on odd input', () => {
    for (const text of ['', '---', '...', '- a\n- b', 'a: [', '\t\tx', 'key: "unterminated', '? complex\n: key']) {
      expect(() => parseAlone(text)).not.toThrow();
    }
  });

  it('a document that is not a mapping, or has no kind, is an error at its line', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n- just\n- a list\n---\nmetadata: {name: b}\n';
    const m = parseAlone(text);
    const p = problems(m).filter((d) => d.code !== 'model.service.ports.none');
    expect(p.map((d) => [d.code, d.doc, d.line, d.column])).toEqual([
      ['model.doc.notMapping', 1, 5, 1],
      ['model.doc.noKind', 2, 8, 1],
    ]);
  });
});

describe('duplicate keys', () => {
  it('warn at the repeated key; the last value wins', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 80}]\n  type: NodePort\n  type: LoadBalancer\n';
    const m = parseAlone(text);
    expect(m.services[0]!.type).toBe('LoadBalancer');
    expect(problems(m).map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['model.yaml.duplicateKey', 'warning', 7, 3]]);
  });
});
