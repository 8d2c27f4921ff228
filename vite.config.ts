/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './' so `dist/` works from any sub-path and from a plain static server.
export default defineConfig({
  base: './',
  plugins: [react()],
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
    testTimeout: 60_000,
  },
});
