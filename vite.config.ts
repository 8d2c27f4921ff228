/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
// both modules import only types: the config takes the constants, no app code
import { STORAGE_KEY } from './src/ui/first-run';
import { AHEAD_WORKER_NAME } from './src/worker/protocol';

/**
 * For the build, index.html starts the engine worker itself, with an inline script, while the
 * page's modules are still downloading and parsing; src/worker/spawn.ts adopts that worker
 * (bench/browser: first interactive). Without it (vite dev) the app starts the worker. When the
 * page will open the default scenario on the default lab (no share link in the fragment, and no
 * saved work, or an embed: src/ui/first-run.ts guesses the same), the worker is named
 * AHEAD_WORKER_NAME and compiles that scenario by itself as soon as its code has loaded.
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
        const url = JSON.stringify(`./${worker.fileName}`);
        return {
          html,
          tags: [
            {
              tag: 'script',
              children:
                `(function(){try{var saved=null;try{saved=localStorage.getItem(${JSON.stringify(STORAGE_KEY)})}catch(e){}` +
                `var ahead=!location.hash.replace(/^#/,'')&&(new URLSearchParams(location.search).has('embed')||!saved);` +
                `var w=new Worker(${url},ahead?{type:'module',name:${JSON.stringify(AHEAD_WORKER_NAME)}}:{type:'module'}),s={worker:w,error:null};` +
                `w.addEventListener('error',function(e){s.error=s.error||e.message||'worker error'});window.__hopscopeEngine=s}catch(e){}})()`,
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
