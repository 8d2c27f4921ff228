// The browser performance harness: `npm run bench:browser`.
// Builds dist/ when missing or older than the sources, serves it with
// `vite preview` on a free port, drives Debian's Chromium (playwright-core)
// and prints figures, never a pass/fail verdict:
//   - first interactive: navigation -> topology drawn + first trace painted (median of N loads)
//   - edit -> trace on screen, past the debounce: p50 / p95 over E edits per seed lab
//   - frames per second with 300 packet markers in flight (?stress=300), over ~5 s
//   - JavaScript (gzip) requested before the editor's Monaco chunk
// The last line is one JSON object with every figure.
//
// Options (env): BENCH_LOADS (7), BENCH_EDITS (40), BENCH_STRESS (300),
// BENCH_FPS_SECONDS (5), BENCH_LABS (comma-separated name prefixes, default all),
// BENCH_NO_BUILD=1 (use dist/ as is), CHROMIUM_PATH (/usr/bin/chromium).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const LOADS = env('BENCH_LOADS', 7);
const EDITS = env('BENCH_EDITS', 40);
const STRESS = env('BENCH_STRESS', 300);
const FPS_SECONDS = env('BENCH_FPS_SECONDS', 5);
const LAB_FILTER = (process.env.BENCH_LABS ?? '').split(',').filter(Boolean);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Chromium 156 renders the omnibox popup of every new browser window (a fresh context is one) as
// WebUI in a renderer of its own (`--type=renderer --top-chrome-webui`): ~1 s of CPU during each
// load on this 2-core machine, competing with the page being measured. Browser UI, not the page:
// switched off like the other background work above (docs/performance.md, browser).
const NO_OMNIBOX_WEBUI = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', NO_OMNIBOX_WEBUI];
const MONACO_CHUNK = /\/(MonacoEditor|editor\.api)-[^/]*\.js$/;

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

/** Newest mtime (ms) under a path, skipping node_modules and dot folders. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const f of readdirSync(path)) {
    if (f === 'node_modules' || f.startsWith('.')) continue;
    m = Math.max(m, newest(join(path, f)));
  }
  return m;
}

function ensureBuild(): void {
  const built = existsSync(join(DIST, 'index.html')) ? statSync(join(DIST, 'index.html')).mtimeMs : 0;
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'scenarios')), newest(join(ROOT, 'index.html')), newest(join(ROOT, 'vite.config.ts')), newest(join(ROOT, 'public')));
  if (process.env.BENCH_NO_BUILD === '1' && built) {
    log('build: using dist/ as is (BENCH_NO_BUILD=1)');
    return;
  }
  if (built && built >= sources) {
    log('build: dist/ is up to date');
    return;
  }
  log(built ? 'build: dist/ is older than the sources, running vite build' : 'build: no dist/, running vite build');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function startPreview(port: number): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return child;
    } catch {
      /* not yet */
    }
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not answer on ${url}: ${out}`);
}

function stopPreview(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM'); // its own process group (detached): npx and vite
  } catch {
    child.kill('SIGTERM');
  }
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** startTime (ms since navigation) of a mark, or null. */
async function markTime(page: Page, name: string): Promise<number | null> {
  return page.evaluate((n) => {
    const e = performance.getEntriesByName(n, 'mark');
    return e.length ? e[0].startTime : null;
  }, name);
}

/**
 * Wait for a mark with a promise in the page (a PerformanceObserver), not with
 * page.waitForFunction: that one first evaluates Playwright's injected script
 * (~0.1 s of the page's main thread on this machine), right in the middle of the
 * load being measured, and then polls. Measured side by side on the same build
 * (2026-11-25), the polling wait added 0-0.12 s to the first-interactive median.
 */
async function waitMark(page: Page, name: string, timeout = 60_000): Promise<number> {
  const t = await page.evaluate(
    ([n, ms]) =>
      new Promise<number | null>((resolve) => {
        const at = () => performance.getEntriesByName(n, 'mark')[0]?.startTime ?? null;
        if (at() !== null) return resolve(at());
        const obs = new PerformanceObserver(() => {
          if (at() === null) return;
          obs.disconnect();
          resolve(at());
        });
        obs.observe({ type: 'mark' });
        setTimeout(() => {
          obs.disconnect();
          resolve(at());
        }, ms);
      }),
    [name, timeout] as const,
  );
  if (t === null) throw new Error(`no ${name} mark within ${timeout} ms`);
  return t;
}

interface LoadResult {
  firstInteractive: number;
  topology: number;
  firstTrace: number;
  domContentLoaded: number;
  jsBefore: { url: string; gzip: number; worker: boolean }[];
}

function gzipOf(url: string): number {
  const path = new URL(url).pathname;
  const file = join(DIST, decodeURIComponent(path.replace(/^\//, '')));
  if (!existsSync(file)) return 0;
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** tsx (esbuild keepNames) wraps named functions in __name(): give the page a no-op one. */
async function newContext(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await ctx.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  return ctx;
}

async function oneLoad(browser: Browser, base: string): Promise<LoadResult> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const requested: { url: string; worker: boolean }[] = [];
  let monacoSeen = false;
  ctx.on('request', (r) => {
    const url = r.url();
    if (MONACO_CHUNK.test(url)) monacoSeen = true;
    if (!monacoSeen && /\.js(\?|$)/.test(url)) requested.push({ url, worker: /\.worker-[^/]*\.js/.test(url) });
  });
  await page.goto(base);
  const firstInteractive = await waitMark(page, 'hopscope:first-interactive');
  const topology = (await markTime(page, 'hopscope:topology-drawn')) ?? NaN;
  const firstTrace = (await markTime(page, 'hopscope:first-trace')) ?? NaN;
  const domContentLoaded = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return nav ? nav.domContentLoadedEventEnd : NaN;
  });
  await ctx.close();
  const seen = new Set<string>();
  const jsBefore = requested.filter((r) => (seen.has(r.url) ? false : (seen.add(r.url), true))).map((r) => ({ ...r, gzip: gzipOf(r.url) }));
  return { firstInteractive, topology, firstTrace, domContentLoaded, jsBefore };
}

async function editLatencies(browser: Browser, base: string, lab: string, edits: number): Promise<number[]> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${base}?editor=plain`);
  await waitMark(page, 'hopscope:first-interactive');
  const picker = page.locator('[data-testid="scenario-picker"]');
  if ((await picker.inputValue()) !== lab) {
    await page.evaluate(() => performance.clearMarks('hopscope:trace-rendered'));
    await picker.selectOption(lab);
    await waitMark(page, 'hopscope:trace-rendered');
  }
  const ta = page.locator('textarea.plain-editor');
  const text = await ta.inputValue();
  const out: number[] = [];
  for (let k = 0; k < edits; k++) {
    await page.evaluate(() => {
      performance.clearMarks('hopscope:compile-start');
      performance.clearMarks('hopscope:trace-rendered');
    });
    // a comment line: the state stays valid, the engine runs in full
    await ta.fill(`${text}\n# bench edit ${k}\n`);
    const ms = await page.waitForFunction(
      () => {
        const c = performance.getEntriesByName('hopscope:compile-start', 'mark');
        if (!c.length) return null;
        const start = c[c.length - 1].startTime;
        const r = performance.getEntriesByName('hopscope:trace-rendered', 'mark').filter((m) => m.startTime > start);
        return r.length ? r[0].startTime - start : null;
      },
      undefined,
      { timeout: 30_000, polling: 'raf' },
    );
    out.push(Number(await ms.jsonValue()));
  }
  await ctx.close();
  return out;
}

async function fps(browser: Browser, base: string, n: number, seconds: number): Promise<{ fps: number; frames: number; p95FrameMs: number; longFrames: number; markers: number }> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${base}?editor=plain&stress=${n}`);
  await waitMark(page, 'hopscope:first-interactive');
  await page.waitForFunction((k) => document.querySelectorAll('.stress-packet').length === k, n, { timeout: 30_000 });
  await page.waitForTimeout(500); // let the first compile's follow-up work settle (not an assertion)
  const r = await page.evaluate(
    (ms) =>
      new Promise<{ frames: number; duration: number; intervals: number[] }>((res) => {
        const stamps: number[] = [];
        const step = (t: number) => {
          stamps.push(t);
          if (t - stamps[0] < ms) requestAnimationFrame(step);
          else res({ frames: stamps.length - 1, duration: t - stamps[0], intervals: stamps.slice(1).map((x, i) => x - stamps[i]) });
        };
        requestAnimationFrame(step);
      }),
    seconds * 1000,
  );
  const markers = await page.evaluate(() => document.querySelectorAll('.stress-packet').length);
  await ctx.close();
  return {
    fps: (r.frames * 1000) / r.duration,
    frames: r.frames,
    p95FrameMs: percentile(r.intervals, 95),
    longFrames: r.intervals.filter((x) => x > 1000 / 30).length,
    markers,
  };
}

async function main(): Promise<void> {
  const load0 = loadavg();
  log(`hopscope browser bench — ${new Date().toISOString()} — ${cpus().length} cores, load ${load0.map((x) => x.toFixed(2)).join(' ')}`);
  ensureBuild();
  const port = await freePort();
  const preview = await startPreview(port);
  const base = `http://127.0.0.1:${port}/`;
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    log(`chromium ${browser.version()} headless, vite preview on ${base}`);

    // 1. first interactive (one warm-up load: the OS file cache, the preview server)
    await oneLoad(browser, base);
    const loads: LoadResult[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await oneLoad(browser, base));
    const fi = loads.map((l) => l.firstInteractive);
    log(`first interactive (navigation -> topology drawn + first trace painted), ${LOADS} loads: median ${round(percentile(fi, 50))} ms, min ${round(Math.min(...fi))}, max ${round(Math.max(...fi))}`);
    log(`  topology drawn median ${round(percentile(loads.map((l) => l.topology), 50))} ms, first trace median ${round(percentile(loads.map((l) => l.firstTrace), 50))} ms, DOMContentLoaded median ${round(percentile(loads.map((l) => l.domContentLoaded), 50))} ms`);

    // 2. JS before the editor
    const js = loads[0].jsBefore;
    const mainKB = js.filter((j) => !j.worker).reduce((s, j) => s + j.gzip, 0) / 1024;
    const workerKB = js.filter((j) => j.worker).reduce((s, j) => s + j.gzip, 0) / 1024;
    log(`JS requested before Monaco's chunk (gzip -9): main thread ${round(mainKB)} KB, engine worker ${round(workerKB)} KB, total ${round(mainKB + workerKB)} KB`);
    for (const j of js) log(`  ${(j.gzip / 1024).toFixed(1).padStart(7)} KB  ${new URL(j.url).pathname}${j.worker ? '  (worker)' : ''}`);

    // 3. edit -> trace on screen
    const labs = readdirSync(join(ROOT, 'scenarios'))
      .filter((f) => f.endsWith('.yaml'))
      .filter((f) => !LAB_FILTER.length || LAB_FILTER.some((p) => f.startsWith(p)))
      .sort();
    const all: number[] = [];
    const perLab: Record<string, { p50: number; p95: number; max: number }> = {};
    for (const lab of labs) {
      const xs = await editLatencies(browser, base, lab, EDITS);
      all.push(...xs);
      perLab[lab] = { p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)) };
      log(`edit -> trace on screen, past the debounce, ${lab}: p50 ${perLab[lab].p50} ms, p95 ${perLab[lab].p95} ms, max ${perLab[lab].max} ms (${xs.length} edits)`);
    }
    log(`edit -> trace on screen, all labs (${all.length} edits): p50 ${round(percentile(all, 50))} ms, p95 ${round(percentile(all, 95))} ms`);

    // 4. animation
    const f = await fps(browser, base, STRESS, FPS_SECONDS);
    log(`animation with ${f.markers} packets in flight over ${FPS_SECONDS} s: ${round(f.fps)} fps, p95 frame ${round(f.p95FrameMs)} ms, ${f.longFrames} frames > 33 ms`);

    const load1 = loadavg();
    log(`load average at the end: ${load1.map((x) => x.toFixed(2)).join(' ')}`);
    const result = {
      date: new Date().toISOString(),
      loadavgStart: load0.map((x) => round(x, 2)),
      loadavgEnd: load1.map((x) => round(x, 2)),
      cores: cpus().length,
      chromium: browser.version(),
      firstInteractiveMs: { median: round(percentile(fi, 50)), min: round(Math.min(...fi)), max: round(Math.max(...fi)), loads: LOADS },
      jsBeforeEditorGzipKB: { main: round(mainKB), worker: round(workerKB), total: round(mainKB + workerKB) },
      editToTraceMs: { p50: round(percentile(all, 50)), p95: round(percentile(all, 95)), edits: all.length, perLab },
      animation: { packets: f.markers, fps: round(f.fps), p95FrameMs: round(f.p95FrameMs), longFrames: f.longFrames, seconds: FPS_SECONDS },
    };
    log(JSON.stringify(result));
  } finally {
    await browser?.close();
    stopPreview(preview);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
