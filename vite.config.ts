/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
// a tiny module (its imports are tiny modules or types): the config takes the script, no app code
import { earlyWorkerScript } from './src/ui/early-worker-script';

/**
 * For the build, index.html starts the engine worker itself, with an inline script, while the
 * page's modules are still downloading and parsing; src/worker/spawn.ts adopts that worker
 * (bench/browser: first interactive). Without it (vite dev) the app starts the worker. When the
 * page will open the default scenario on the default lab (no share link in the fragment, and no
 * saved work, or an embed: src/ui/first-run.ts guesses the same, with the app's rules), the
 * worker is named AHEAD_WORKER_NAME and compiles that scenario by itself as soon as its code has
 * loaded. The script: src/ui/early-worker-script.ts.
 */
function earlyEngineWorker(): Plugin {
  return {
    name: 'hopscope:early-engine-worker',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const worker = Object.values(ctx.bundle ?? {}).find((c) => /(^|\/)engine\.worker-[\w-]+\.js$/.test(c.fileName));
        if (!worker) return html;
        return {
          html,
          tags: [
            {
              tag: 'script',
              children: earlyWorkerScript(`./${worker.fileName}`),
              injectTo: 'head-prepend',
            },
          ],
        };
      },
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), earlyEngineWorker()],
  resolve: {
    // monaco-yaml's worker (through monaco-worker-manager) imports
    // `monaco-editor/esm/vs/...`, a path monaco-editor >= 0.55 no longer
    // exports (its package.json maps `./*` to `./esm/vs/*.js`; microsoft/monaco-editor#5082).
    alias: [{ find: /^monaco-editor\/esm\/vs\/(.+?)(\.js)?$/, replacement: 'monaco-editor/$1.js' }],
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scenarios/**/*.test.ts'],
    environment: 'node',
    // the engine's certificate reader is registered, not imported (src/model/secret.ts): Node registers it at start
    setupFiles: ['src/model/x509.ts'],
    testTimeout: 60_000,
  },
});
