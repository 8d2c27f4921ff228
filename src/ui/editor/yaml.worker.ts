// monaco-yaml's language worker, loaded by Vite with `?worker` (monaco-yaml README FAQ:
// a local file avoids "Unexpected usage at EditorSimpleWorker.loadForeignModule").
import 'monaco-yaml/yaml.worker.js';
