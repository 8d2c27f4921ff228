// Monaco, bundled locally and loaded lazily (import() from EditorPane): never
// from a CDN. Follows monaco-yaml's examples/vite-example: MonacoEnvironment.getWorker by label.
// monaco-yaml needs the alias in vite.config.ts (see monaco-yaml-support.ts).
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { enableYamlSupport } from './monaco-yaml-support';
import YamlWorker from './yaml.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

let configured = false;

export function setupMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  window.MonacoEnvironment = {
    getWorker(_id: string, label: string) {
      return label === 'yaml' ? new YamlWorker() : new EditorWorker();
    },
  };
  enableYamlSupport(monaco);
  return monaco;
}

export type Monaco = typeof monaco;
