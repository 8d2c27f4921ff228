// monaco-yaml (schema validation, completion, hover) for the editor.
//
// monaco-yaml's worker imports `monaco-editor/esm/vs/editor/editor.worker.js`
// (through monaco-worker-manager), a path monaco-editor >= 0.55 no longer
// exports (microsoft/monaco-editor#5082): vite.config.ts aliases it.
import { configureMonacoYaml } from 'monaco-yaml';
import type * as monaco from 'monaco-editor';
import { documentSchema } from './schemas';

/**
 * monaco-editor >= 0.55 wants `createWebWorker({ worker })`; monaco-worker-manager
 * (used by monaco-yaml) still passes `{ moduleId, label, createData }`. Bridge it
 * (monaco-yaml issue #272): take the worker from MonacoEnvironment.getWorker and
 * send the two messages monaco's worker `initialize` expects (a start signal,
 * then createData).
 */
function bridgeCreateWebWorker(m: typeof monaco): void {
  type Opts = Parameters<typeof m.editor.createWebWorker>[0];
  type Legacy = { moduleId?: string; label?: string; createData?: unknown };
  const original = m.editor.createWebWorker;
  const patched = (opts: Opts | Legacy) => {
    if ('worker' in opts) return original(opts as Opts);
    const legacy = opts as Legacy;
    const w = (globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment?.getWorker?.(legacy.moduleId ?? '', legacy.label ?? 'editorWorkerService');
    if (!w) return original(opts as Opts);
    const worker = Promise.resolve(w).then((x) => {
      x.postMessage('start');
      x.postMessage(legacy.createData);
      return x;
    });
    return original({ worker });
  };
  (m.editor as { createWebWorker: unknown }).createWebWorker = patched;
}

export function enableYamlSupport(m: typeof monaco): void {
  bridgeCreateWebWorker(m);
  configureMonacoYaml(m, {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: true,
    schemas: [{ uri: 'https://hopscope.dev/schemas/document.json', fileMatch: ['**/*.yaml'], schema: documentSchema() as never }],
  });
}
