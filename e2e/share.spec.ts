// Share links, scenario files, picture and output export, and the built dist/ served from a
// sub-path. Run: npx vite build && npx playwright test e2e/share.spec.ts
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { readAllScenarios } from '../src/cli/scenarios';
import { encodeShare, type ShareState } from '../src/share';
import { BACKUP_KEY, STORAGE_KEY } from '../src/ui/store';
import { serveStatic } from './fixtures/static-server';
import { currentHop, openApp, replaceEditorText, TID, tid } from './helpers';

const HERE = dirname(fileURLToPath(import.meta.url));
const fixtures = JSON.parse(readFileSync(join(HERE, '../src/share/fixtures/v1-links.json'), 'utf8')) as { links: { name: string; state: ShareState; link: string }[] };
const fixture = (name: string) => fixtures.links.find((l) => l.name === name)!;
const ARTIFACTS = join(HERE, 'artifacts');

async function editorText(page: Page): Promise<string> {
  return page.locator('textarea.plain-editor').inputValue();
}

async function pressedLens(page: Page): Promise<string | null> {
  return page.locator('.lens-bar [aria-pressed="true"]').getAttribute('data-testid');
}

/** Load a URL as a new document (page.goto to the same path with another fragment would not reload). */
async function load(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

async function openShareDialog(page: Page): Promise<string> {
  await page.locator(tid(TID.share)).click();
  const field = page.locator(tid(TID.shareUrl));
  await expect(field).toBeVisible();
  return field.inputValue();
}

test('a share link round-trips to the same state in a fresh browser (manifests, request, step, lens, zoom)', async ({ page, browser }) => {
  await openApp(page, '?editor=plain');
  await page.locator(tid(TID.client)).selectOption('router');
  await page.locator(tid(TID.curl)).fill('curl -s http://192.168.10.211/details/7');
  await page.locator(tid(TID.curl)).press('Enter');
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', 'curl -s http://192.168.10.211/details/7');
  await page.locator(tid(TID.stepForward)).click(); // pauses
  await page.locator(tid(TID.stepBack)).focus();
  await page.keyboard.press('Home');
  await expect(page.locator(`${tid(TID.hop)}[data-current="true"]`)).toHaveAttribute('data-index', '0');
  for (let i = 0; i < 3; i++) await page.locator(tid(TID.stepForward)).click();
  expect(await currentHop(page)).toBe(3);
  await page.locator(tid(TID.lensPwru)).click();
  // the view: the user's own zoom travels with the link
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoomed = await page.locator('svg.topology > g').first().getAttribute('transform');
  expect(zoomed).toMatch(/scale\(/);
  const manifests = await editorText(page);

  const url = await openShareDialog(page);
  expect(url).toMatch(/\?editor=plain#s=v1\.[A-Za-z0-9_-]+$/);
  await expect(page.locator(tid(TID.shareLength))).toHaveAttribute('data-length', String(url.length));
  await expect(page.locator(tid(TID.shareLength))).toContainText('Link length');
  await page.screenshot({ path: join(ARTIFACTS, 'share-dialog.png') });
  // keyboard: Escape closes the dialog
  await page.keyboard.press('Escape');
  await expect(page.locator(tid(TID.shareUrl))).toHaveCount(0);

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p2 = await fresh.newPage();
  await p2.goto(url);
  await expect(p2.locator(tid(TID.outcome))).toHaveAttribute('data-curl', 'curl -s http://192.168.10.211/details/7', { timeout: 30_000 });
  await expect(p2.locator(tid(TID.outcome))).toHaveAttribute('data-from', 'router');
  expect(await editorText(p2)).toBe(manifests);
  await expect(p2.locator(`${tid(TID.hop)}[data-current="true"]`)).toHaveAttribute('data-index', '3');
  expect(await pressedLens(p2)).toBe(TID.lensPwru);
  await expect(p2.locator('svg.topology > g').first()).toHaveAttribute('transform', zoomed!);
  // opened: the fragment is dropped from the address bar, the work autosaved
  await expect.poll(() => new URL(p2.url()).hash).toBe('');
  expect(JSON.parse((await p2.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)) ?? '{}').manifests).toBe(manifests);
  await fresh.close();
});

test('stored v1 links open (the TLS lab with its certificate; Korean text and a custom lab)', async ({ page }) => {
  const tls = fixture('tls');
  await load(page, `./?editor=plain${tls.link}`);
  const want = tls.state.requests[tls.state.selected];
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', want.curl, { timeout: 30_000 });
  await expect(page.locator(tid(TID.scenarioPicker))).toHaveValue('10-tls.yaml');
  expect(await pressedLens(page)).toBe(TID.lensHubble);
  const hops = await page.locator(tid(TID.hop)).count();
  expect(await currentHop(page)).toBe(Math.min(tls.state.step, hops - 1));
  expect(await editorText(page)).toBe(tls.state.manifests);

  const uni = fixture('unicode');
  await page.evaluate(() => localStorage.clear()); // else it would ask first (the TLS lab is the saved work now)
  await load(page, `./?editor=plain${uni.link}`);
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', uni.state.requests[0].curl, { timeout: 30_000 });
  await page.locator(tid(TID.editorTabLab)).click();
  expect(await editorText(page)).toBe(uni.state.lab);
  // its hostile-looking labels stay text: no element, no script, no javascript: link
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // show the Cluster listing (labels and annotations), behind an "Inspector" tab in some layouts
  const inspectorTab = page.getByRole('tab', { name: 'Inspector', exact: true });
  if (await inspectorTab.count()) await inspectorTab.click();
  await page.locator(tid(TID.inspector)).getByRole('tab', { name: 'Cluster' }).click();
  await expect(page.locator(tid(TID.inspector))).toContainText('webpod');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('the largest scenario as a link: length and decode + open time', async ({ page }) => {
  const biggest = readAllScenarios().sort((a, b) => b.text.length - a.text.length)[0];
  const req = biggest.requests[0];
  const state: ShareState = { manifests: biggest.text, lab: null, requests: [{ from: req.from, curl: req.curl }], selected: 0, step: 5, lens: 'hubble', view: { zoom: 1.25 }, scenario: biggest.name.replace(/\.yaml$/, '') };
  const fragment = encodeShare(state);
  const url = `./?editor=plain${fragment}`;
  await load(page, url);
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', req.curl.trim(), { timeout: 30_000 });
  const marks = () =>
    page.evaluate(() => {
      const at = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
      return { start: at('hopscope:link-start'), decoded: at('hopscope:link-decoded'), opened: at('hopscope:link-opened'), done: at('hopscope:boot-done') };
    });
  const t = await marks();
  expect(t.opened).toBeGreaterThanOrEqual(t.decoded);
  // the same scenario without a link: it is the saved work now
  await load(page, './?editor=plain');
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', req.curl.trim(), { timeout: 30_000 });
  const plain = await marks();
  // and the link again, now with warm caches like the plain load (same text as saved: no question)
  await load(page, url);
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', req.curl.trim(), { timeout: 30_000 });
  const warm = await marks();
  const full = new URL(url, page.url()).href.replace(/#.*$/, '') + fragment;
  console.log(
    `[share figures] ${biggest.name} (${biggest.text.length} chars): link ${full.length} chars (fragment ${fragment.length}); ` +
      `in the page, first visit: decode ${(t.decoded - t.start).toFixed(1)} ms, link start to trace shown ${(t.done - t.start).toFixed(0)} ms, navigation to trace shown ${t.done.toFixed(0)} ms; ` +
      `warm: the link ${(warm.decoded - warm.start).toFixed(1)} ms decode, ${(warm.done - warm.start).toFixed(0)} ms to trace shown (navigation ${warm.done.toFixed(0)} ms) ` +
      `vs the same text from autosave without a link ${(plain.done - plain.start).toFixed(0)} ms (navigation ${plain.done.toFixed(0)} ms)`,
  );
});

test('a damaged, truncated or too-new link shows its message and keeps the local work', async ({ page }) => {
  await openApp(page, '?editor=plain');
  const mine = `# my own work\n${await editorText(page)}`;
  await replaceEditorText(page, mine);
  await expect.poll(async () => JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)) ?? '{}').manifests).toBe(mine);
  const good = fixture('tls').link;
  const cases: [string, RegExp][] = [
    [good.slice(0, good.length - 40), /damaged|cut short/],
    [`${good.slice(0, 200)}*!${good.slice(202)}`, /damaged/],
    ['#s=v9.I9Wz1HUypnsA', /v9/],
    ['#s=nonsense', /not made by hopscope/],
  ];
  for (const [hash, message] of cases) {
    await load(page, `./?editor=plain${hash}`);
    const err = page.locator(tid(TID.linkError));
    await expect(err).toBeVisible({ timeout: 30_000 });
    await expect(err).toContainText(message);
    await expect(err).toContainText('Your current work was left as it was.');
    await expect(page.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
    expect(await editorText(page)).toBe(mine);
    expect(JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)) ?? '{}').manifests).toBe(mine);
  }
});

test('a link that differs from the saved work asks first (keyboard), and the work put aside comes back', async ({ page }) => {
  await openApp(page, '?editor=plain');
  const mine = `# my own work\n${await editorText(page)}`;
  await replaceEditorText(page, mine);
  await expect.poll(async () => JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)) ?? '{}').manifests).toBe(mine);
  const tls = fixture('tls');
  await load(page, `./?editor=plain${tls.link}`);
  const dialog = page.locator(tid(TID.linkConflict));
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  // the safe choice has the focus: Enter keeps the work
  await expect(page.locator(tid(TID.linkKeep))).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect(await editorText(page)).toBe(mine);
  expect(page.url()).toContain('#s=v1.'); // the link stays in the address bar

  await page.reload();
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator(tid(TID.linkOpen))).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', tls.state.requests[tls.state.selected].curl, { timeout: 30_000 });
  expect(await editorText(page)).toBe(tls.state.manifests);
  expect(JSON.parse((await page.evaluate((k) => localStorage.getItem(k), BACKUP_KEY)) ?? '{}').manifests).toBe(mine);
  await page.locator(tid(TID.linkRestore)).click();
  await expect.poll(() => editorText(page)).toBe(mine);
});

test('scenario file: export, import with a line for errors, import restores', async ({ page, browser }) => {
  await openApp(page, '?editor=plain');
  const manifests = await editorText(page);
  await openShareDialog(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid(TID.exportFile)).click()]);
  expect(download.suggestedFilename()).toMatch(/^hopscope-.*\.yaml$/);
  const file = readFileSync((await download.path())!, 'utf8');
  expect(file).toContain('hopscope.dev/share');
  expect(file).toContain(manifests.trim().split('\n').find((l) => l.startsWith('  name:')) ?? 'kind:');

  await page.locator(tid(TID.importFile)).setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from('apiVersion: v1\nkind: Service\nmetadata: {name: [\n') });
  await expect(page.locator(tid(TID.importError))).toContainText(/broken\.yaml: line \d+/);
  expect(await editorText(page)).toBe(manifests);

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p2 = await fresh.newPage();
  await openApp(p2, '?editor=plain');
  await replaceEditorText(p2, '# something else\n');
  await p2.locator(tid(TID.share)).click();
  await p2.locator(tid(TID.importFile)).setInputFiles({ name: 'exported.yaml', mimeType: 'text/yaml', buffer: Buffer.from(file) });
  await expect.poll(() => editorText(p2)).toBe(manifests);
  await expect(p2.locator(tid(TID.linkRestore))).toBeVisible(); // the replaced text can come back
  await fresh.close();
});

test('export: SVG with the path, PNG at 2x, tool output as text', async ({ page }) => {
  await openApp(page, '?editor=plain');
  const hops = await page.locator(tid(TID.hop)).count();
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.locator(tid(TID.exportSvg)).click()]);
  expect(svgDl.suggestedFilename()).toMatch(/\.svg$/);
  const svg = readFileSync((await svgDl.path())!, 'utf8');
  expect(svg).toMatch(/^<\?xml/);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg).toContain(`data-hops="${hops}"`);
  const points = /<polyline class="export-path" points="([^"]+)"/.exec(svg)?.[1] ?? '';
  expect(points.split(' ')).toHaveLength(hops);
  expect(svg).not.toContain('class="topo-'); // styles are inline, classes gone
  expect(svg).toMatch(/style="[^"]*fill:/);
  const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);

  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.locator(tid(TID.exportPng)).click()]);
  const png = readFileSync((await pngDl.path())!);
  await pngDl.saveAs(join(ARTIFACTS, 'export-topology.png'));
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.readUInt32BE(16)).toBe(width * 2); // IHDR width
  expect(png.length).toBeGreaterThan(5000);

  // the SVG renders standalone: open it as a document and screenshot it
  const view = await page.context().newPage();
  await view.setContent(`<img id="i" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
  await expect.poll(() => view.evaluate(() => (document.getElementById('i') as HTMLImageElement).naturalWidth)).toBe(width);
  await view.close();
  await page.screenshot({ path: join(ARTIFACTS, 'export-bar.png') });

  const [txt] = await Promise.all([page.waitForEvent('download'), page.locator(tid(TID.toolDownload)).click()]);
  expect(txt.suggestedFilename()).toMatch(/\.txt$/);
  const text = readFileSync((await txt.path())!, 'utf8');
  const lines = Number(await page.locator(tid(TID.toolOutput)).getAttribute('data-lines'));
  expect(text.split('\n').filter(Boolean)).toHaveLength(lines);
});

test('dist/ works from a sub-path of a plain static server, without any other host', async ({ browser }) => {
  const server = await serveStatic(join(HERE, '../dist'), '/sub/path/');
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
    });
    const tls = fixture('tls');
    await page.goto(`${server.url}${tls.link}`);
    // the engine worker ran (a trace is shown) and Monaco's chunks loaded
    await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', tls.state.requests[tls.state.selected].curl, { timeout: 60_000 });
    await expect(page.locator(tid(TID.editor))).toHaveAttribute('data-monaco', 'ready', { timeout: 60_000 });
    await expect(page.locator('.monaco-editor').first()).toBeVisible();
    expect(server.missing).toEqual([]);
    expect(foreign).toEqual([]);
    await ctx.close();
  } finally {
    await server.close();
  }
});
