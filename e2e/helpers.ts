// Shared steps for the end-to-end specs: test ids come from the app's own file.
import { expect, type Page } from '@playwright/test';
import { TID } from '../src/ui/testids';
import type { ScenarioExpect, ScenarioRequest } from '../src/cli/scenarios';

export { TID };

export const tid = (id: string) => `[data-testid="${id}"]`;

/** Open the app and wait for the first trace (the default scenario). */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
}

export async function pickScenario(page: Page, id: string): Promise<void> {
  await page.locator(tid(TID.scenarioPicker)).selectOption(id);
  await expect(page.locator(tid(TID.scenarioPicker))).toHaveValue(id);
}

/** Send one of the scenario's requests through the presets and wait until the outcome is its own. */
export async function sendRequest(page: Page, req: ScenarioRequest): Promise<void> {
  const presets = page.locator(tid(TID.presets));
  const label = `${req.name} (${req.from})`;
  await expect(presets.locator('option').filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })).toHaveCount(1, { timeout: 20_000 });
  await presets.selectOption({ label });
  const outcome = page.locator(tid(TID.outcome));
  await expect(outcome).toHaveAttribute('data-curl', req.curl.trim(), { timeout: 20_000 });
  await expect(outcome).toHaveAttribute('data-from', req.from);
}

/** The outcome shown, read back from the page, against a request's expect (same rules as src/cli/scenarios checkExpect). */
export async function outcomeProblems(page: Page, want: ScenarioExpect): Promise<string[]> {
  const o = page.locator(tid(TID.outcome));
  const status = await o.getAttribute('data-status');
  const exit = await o.getAttribute('data-exit-code');
  const backend = (await o.getAttribute('data-backend')) ?? '';
  const pod = (await o.getAttribute('data-backend-pod')) ?? '';
  const envoy = (await o.getAttribute('data-envoy-node')) ?? '';
  const text = (await o.textContent()) ?? '';
  const out: string[] = [];
  if (want.status !== undefined && status !== String(want.status)) out.push(`status: want ${want.status}, shown ${status}`);
  if (want.exitCode !== undefined && exit !== String(want.exitCode)) out.push(`exit: want ${want.exitCode}, shown ${exit}`);
  if (want.error !== undefined && !text.includes(want.error)) out.push(`error: want ${JSON.stringify(want.error)} in ${JSON.stringify(text)}`);
  if (want.backend !== undefined) {
    const ok = want.backend.includes('/') ? backend === want.backend : pod.startsWith(want.backend);
    if (!ok) out.push(`backend: want ${want.backend}, shown ${backend} ${pod}`);
  }
  if (want.envoyNode !== undefined && envoy !== want.envoyNode) out.push(`envoy: want ${want.envoyNode}, shown ${envoy}`);
  return out;
}

/** Replace the text of the active editor tab (Monaco when loaded, else the textarea). */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  const editor = page.locator(tid(TID.editor));
  if ((await editor.getAttribute('data-monaco')) === 'ready') {
    const ta = page.locator('.monaco-editor textarea').first();
    await ta.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  } else {
    await editor.locator('textarea.plain-editor').fill(text);
  }
}

export async function currentHop(page: Page): Promise<number> {
  const idx = await page.locator(`${tid(TID.hop)}[data-current="true"]`).getAttribute('data-index');
  return Number(idx);
}
