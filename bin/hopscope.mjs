#!/usr/bin/env node
// `npm run hopscope -- ...`: runs src/cli/main.ts without paying tsx's start-up on every call.
// On first use (and whenever a file under src/, package-lock.json or this launcher is newer
// than the cache) it bundles src/cli/main.ts with esbuild (a dependency of tsx and vite) into
// node_modules/.cache/hopscope/cli.mjs, then runs that with plain node. The build prints
// nothing, so `npm run --silent hopscope` prints only the command's own output. Should
// esbuild be missing or the build fail, it falls back to tsx (slower, same output).
// docs/performance.md explains why (start-up was ~90% of a CLI trace).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'hopscope');
const BUNDLE = join(CACHE_DIR, 'cli.mjs');
const STAMP = join(CACHE_DIR, 'cli.json');
const ENTRY = join(ROOT, 'src', 'cli', 'main.ts');

/** Newest modification time (ms) of the files the bundle depends on. */
function newestInput() {
  let newest = 0;
  const visit = (dir) => {
    let list;
    try {
      // a directory's own time changes when a file in it is added, removed or renamed
      newest = Math.max(newest, statSync(dir).mtimeMs);
      list = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of list) {
      const p = join(dir, d.name);
      if (d.isDirectory()) visit(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  visit(join(ROOT, 'src'));
  for (const f of ['package-lock.json', 'package.json', fileURLToPath(import.meta.url)]) {
    try {
      newest = Math.max(newest, statSync(resolve(ROOT, f)).mtimeMs);
    } catch {
      // absent: not an input
    }
  }
  return newest;
}

function isFresh() {
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    return stamp.root === ROOT && existsSync(BUNDLE) && stamp.inputsMtimeMs >= newestInput() && stamp.node === process.version;
  } catch {
    return false;
  }
}

async function buildBundle() {
  const { build } = await import('esbuild');
  const inputsMtimeMs = newestInput();
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  // Modules that locate files next to themselves (src/cli/scenarios.ts finds scenarios/ from
  // import.meta.url) keep their own source URL inside the bundle.
  const keepOwnUrl = {
    name: 'keep-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
  await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    outfile: tmp,
    logLevel: 'silent',
    plugins: [keepOwnUrl],
    // CommonJS dependencies call require() for node's built-ins
    // smaller text parses faster at start-up; identifiers kept so an internal error's stack stays readable
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: "import { createRequire as __hopscopeRequire } from 'node:module'; const require = __hopscopeRequire(import.meta.url);" },
  });
  renameSync(tmp, BUNDLE);
  writeFileSync(STAMP, JSON.stringify({ root: ROOT, node: process.version, inputsMtimeMs }) + '\n');
}

async function load() {
  if (!isFresh()) {
    try {
      await buildBundle();
    } catch {
      try {
        unlinkSync(`${BUNDLE}.${process.pid}.tmp`);
      } catch {
        // nothing to clean
      }
      return null;
    }
  }
  return import(pathToFileURL(BUNDLE).href);
}

let cli = await load().catch(() => null);
if (!cli) {
  // no esbuild, or the build failed: run the TypeScript through tsx's loader
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(pathToFileURL(ENTRY).href);
}
process.exitCode = cli.run(process.argv.slice(2));
