// Projector check: screenshots of the default page at 1280x720, light and dark,
// at the last hop; then with the editor hidden and the inspector tab open.
// Usage: npx vite preview --port 4391 & npx tsx bench/browser/screenshots.ts http://127.0.0.1:4391/ [outdir]
// Prints the on-screen height of a pod label (the topology's legibility at the default zoom).
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:4173/';
const out = process.argv[3] ?? '/tmp';
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const theme of ['light', 'dark'] as const) {
    const ctx = await b.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: theme });
    const p = await ctx.newPage();
    await p.goto(base);
    await p.waitForSelector('[data-testid="hop"]', { timeout: 60_000 });
    await p.locator('[data-testid="hop"]').last().locator('.hop-main').click();
    await p.waitForTimeout(500); // let the picture settle (not an assertion)
    await p.screenshot({ path: `${out}/hopscope-${theme}.png` });
    const px = await p.evaluate(() => document.querySelector('.topo-pod text.label')?.getBoundingClientRect().height ?? 0);
    console.log(`${theme}: pod label box ${px.toFixed(1)} px high -> ${out}/hopscope-${theme}.png`);
    await p.locator('.editor-toggle').click();
    await p.locator('#side-tab-inspector').click();
    await p.waitForTimeout(400);
    await p.screenshot({ path: `${out}/hopscope-${theme}-wide.png` });
    await ctx.close();
  }
} finally {
  await b.close();
}
