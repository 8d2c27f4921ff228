// Embed mode: the embed view (no editor, no toolbar), its options, the postMessage API from a
// host page on another origin, storage and address left alone, and the Embed dialog's snippets.
// Run: npx vite build && npx playwright test e2e/embed.spec.ts
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { ShareState } from '../src/share';
import { serveStatic, type StaticServer } from './fixtures/static-server';
import { openApp, TID, tid } from './helpers';

const HERE = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(HERE, 'artifacts');
const fixtures = JSON.parse(readFileSync(join(HERE, '../src/share/fixtures/v1-links.json'), 'utf8')) as { links: { name: string; state: ShareState; link: string }[] };
const tls = fixtures.links.find((l) => l.name === 'tls')!;
const APP = 'http://127.0.0.1:4173/';

/**
 * The host page, served by a real server on another port (another origin). A page answered by
 * page.route counts as public for Chromium's Local Network Access checks, which then refuse to
 * frame 127.0.0.1.
 */
let host: StaticServer;
test.beforeAll(async () => {
  host = await serveStatic(join(HERE, 'fixtures'), '/');
});
test.afterAll(async () => {
  await host?.close();
});

async function openHost(page: Page, embedSrc: string) {
  await page.goto(`${host.url}embed-host.html?src=${encodeURIComponent(embedSrc)}`);
  return page.frameLocator('#hop');
}

type Ev = { type: string; step?: number; total?: number; status?: number | null; exitCode?: number | null };
const events = (page: Page) => page.evaluate(() => (window as unknown as { events: Ev[] }).events);
const send = (page: Page, msg: unknown) => page.evaluate((m) => (window as unknown as { send(m: unknown): void }).send(m), msg);

test('the embed view shows the topology, timeline and lens bar only, with an "open in hopscope" link', async ({ page }) => {
  await page.goto(`./?embed${tls.link}`);
  const view = page.locator(tid(TID.embedView));
  await expect(view).toBeVisible();
  await expect(page.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(tid(TID.topology))).toBeVisible();
  await expect(page.locator(tid(TID.lensHubble))).toHaveAttribute('aria-pressed', 'true');
  for (const id of [TID.scenarioPicker, TID.editor, TID.share, TID.embed, TID.curl, TID.toolOutput]) await expect(page.locator(tid(id))).toHaveCount(0);
  const open = page.locator(tid(TID.embedOpen));
  const href = (await open.getAttribute('href')) ?? '';
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:4173\/#s=v1\./);
  expect(href).not.toContain('embed');
  await expect(open).toHaveAttribute('target', '_blank');
  await expect(open).toHaveAttribute('rel', /noopener/);
  // the embed wrote nothing and kept its address
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  expect(page.url()).toContain(tls.link);
  await page.screenshot({ path: join(ARTIFACTS, 'embed-view.png') });

  await page.goto('about:blank');
  await page.goto(`./?embed&size=large&step=2&lens=pwru${tls.link}`);
  await expect(page.locator(tid(TID.embedView))).toHaveAttribute('data-size', 'large');
  await expect(page.locator(`${tid(TID.hop)}[data-current="true"]`)).toHaveAttribute('data-index', '2', { timeout: 30_000 });
  await expect(page.locator(tid(TID.lensPwru))).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: join(ARTIFACTS, 'embed-large.png') });

  await page.goto('about:blank');
  await page.goto(`./?embed&editor=1&theme=dark${tls.link}`);
  await expect(page.locator(tid(TID.editor))).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
});

test('an embed never overwrites the visitor\'s saved work', async ({ page }) => {
  await openApp(page, '?editor=plain');
  const saved = await page.evaluate(() => localStorage.getItem('hopscope.ui.v1'));
  expect(saved).not.toBeNull();
  await page.goto('about:blank');
  await page.goto(`./?embed&autoplay=1${tls.link}`);
  await expect(page.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
  await page.locator(tid(TID.lensTcpdump)).click();
  await page.locator(tid(TID.stepForward)).click();
  expect(await page.evaluate(() => localStorage.getItem('hopscope.ui.v1'))).toBe(saved);
  expect(page.url()).toContain(tls.link);
});

test('inside an iframe of a host page on another origin: ready, step and lens commands, step-changed events', async ({ page }) => {
  const frame = await openHost(page, `${APP}?embed${tls.link}`);
  await expect(frame.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('hopscope:ready');
  await expect.poll(async () => (await events(page)).some((e) => e.type === 'hopscope:outcome')).toBe(true);
  const total = await frame.locator(tid(TID.hop)).count();

  await send(page, { type: 'hopscope:step', step: 3 });
  await expect(frame.locator(`${tid(TID.hop)}[data-current="true"]`)).toHaveAttribute('data-index', '3');
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'hopscope:step-changed').at(-1)).toEqual({ type: 'hopscope:step-changed', step: 3, total });

  await send(page, { type: 'hopscope:lens', lens: 'pwru' });
  await expect(frame.locator(tid(TID.lensPwru))).toHaveAttribute('aria-pressed', 'true');

  // malformed or unknown commands are ignored
  await send(page, { type: 'hopscope:lens', lens: 'wireshark' });
  await send(page, { type: 'hopscope:step', step: 1, extra: true });
  await send(page, { type: 'hopscope:eval', code: 'alert(1)' });
  await send(page, 'hopscope:step');
  await page.waitForTimeout(300); // give ignored messages a chance to (wrongly) act
  await expect(frame.locator(tid(TID.lensPwru))).toHaveAttribute('aria-pressed', 'true');
  await expect(frame.locator(`${tid(TID.hop)}[data-current="true"]`)).toHaveAttribute('data-index', '3');

  // the user steps inside the frame: the host hears it
  await frame.locator(tid(TID.stepForward)).click();
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'hopscope:step-changed').at(-1)?.step).toBe(4);

  // a bad link in hopscope:load is refused with load-failed, the embed unchanged
  await send(page, { type: 'hopscope:load', share: '#s=v1.@@' });
  await expect.poll(async () => (await events(page)).some((e) => e.type === 'hopscope:load-failed')).toBe(true);
  await expect(frame.locator(`${tid(TID.hop)}[data-current="true"]`)).toHaveAttribute('data-index', '4');
  // and a seed scenario loads by id
  await send(page, { type: 'hopscope:load', scenario: '03-basic-ingress' });
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'hopscope:outcome').length).toBeGreaterThan(1);
  await page.screenshot({ path: join(ARTIFACTS, 'embed-host.png') });
});

test('with ?origin= only that origin drives the embed', async ({ page }) => {
  const frame = await openHost(page, `${APP}?embed&origin=${encodeURIComponent('https://other.example')}${tls.link}`);
  await expect(frame.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
  await send(page, { type: 'hopscope:lens', lens: 'tcpdump' });
  await page.waitForTimeout(300); // an ignored message: nothing may change
  await expect(frame.locator(tid(TID.lensHubble))).toHaveAttribute('aria-pressed', 'true');
  expect((await events(page)).length).toBe(0); // events go to https://other.example only
});

test('the Embed dialog gives iframe, reveal.js and Slidev snippets for the current state', async ({ page }) => {
  await openApp(page);
  await page.locator(tid(TID.embed)).click();
  const iframe = page.locator(tid(TID.embedSnippet));
  await expect(iframe).toBeVisible();
  const html = await iframe.inputValue();
  expect(html).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:4173\/\?embed[^"]*#s=v1\.[A-Za-z0-9_-]+" title="[^"]+" width="960" height="600"/);
  expect(html).toContain('sandbox="allow-scripts allow-same-origin allow-popups"');
  expect(await page.locator(tid(TID.embedReveal)).inputValue()).toMatch(/^<section data-background-iframe="[^"]+\?embed/);
  expect(await page.locator(tid(TID.embedSlidev)).inputValue()).toMatch(/layout: iframe\nurl: "http/);
  await page.locator(tid(TID.embedDialog)).getByRole('combobox').selectOption('large');
  await expect(iframe).toHaveValue(/size=large[^"]*" title="[^"]+" width="1280" height="800"/);
  await page.screenshot({ path: join(ARTIFACTS, 'embed-dialog.png') });
  // the snippet's URL opens as an embed
  const src = /src="([^"]+)"/.exec(await iframe.inputValue())![1].replace(/&amp;/g, '&');
  await page.keyboard.press('Escape');
  const p2 = await page.context().newPage();
  await p2.goto(src);
  await expect(p2.locator(tid(TID.embedView))).toHaveAttribute('data-size', 'large');
  await expect(p2.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
});
