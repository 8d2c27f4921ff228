// The app as a user meets it: the default scenario, the editor's error path,
// autosave, keyboard playback, lenses, accessibility.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readAllScenarios } from '../src/cli/scenarios';
import { currentHop, openApp, replaceEditorText, TID, tid } from './helpers';

const scenarios = readAllScenarios();
const lab3 = scenarios.find((s) => s.name.startsWith('03'));

test('loads the default scenario and shows its trace', async ({ page }) => {
  await openApp(page);
  if (lab3) await expect(page.locator(tid(TID.scenarioPicker))).toHaveValue(lab3.name);
  await expect(page.locator(tid(TID.topology)).locator('svg .topo-node')).not.toHaveCount(0);
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-exit-code', /\d+/);
  expect(await page.locator(tid(TID.hop)).count()).toBeGreaterThan(3);
  await expect(page.locator(tid(TID.share))).toBeEnabled();
  await expect(page.locator(tid(TID.embed))).toBeEnabled();
  // the client chooser lists the lab's clients and every pod
  await expect(page.locator(`${tid(TID.client)} option[value="router"]`)).toHaveCount(1);
  expect(await page.locator(`${tid(TID.client)} optgroup`).nth(1).locator('option').count()).toBeGreaterThan(1);
});

test('the lab tab holds the lab text, and a request typed by hand is sent with Enter', async ({ page }) => {
  await openApp(page, '?editor=plain');
  await page.locator(tid(TID.editorTabLab)).click();
  await expect(page.locator('textarea.plain-editor')).toHaveValue(/kind: Lab/);
  await page.locator(tid(TID.editorTabManifests)).click();
  await page.locator(tid(TID.client)).selectOption('router');
  await page.locator(tid(TID.curl)).fill('curl -s http://192.168.10.211/details/7');
  await page.locator(tid(TID.curl)).press('Enter');
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', 'curl -s http://192.168.10.211/details/7');
  // history: up brings back what was sent
  await page.locator(tid(TID.curl)).fill('');
  await page.locator(tid(TID.curl)).press('ArrowUp');
  await expect(page.locator(tid(TID.curl))).toHaveValue('curl -s http://192.168.10.211/details/7');
});

test('a YAML error lists a diagnostic with its line, keeps the last picture, recovers, and the text survives a reload', async ({ page }) => {
  await openApp(page, '?editor=plain');
  const original = lab3?.text ?? (await page.locator('textarea.plain-editor').inputValue());
  const hops = await page.locator(tid(TID.hop)).count();
  await replaceEditorText(page, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec: [1, 2\n');
  const diag = page.locator(`${tid(TID.diagnostics)} .diag-error`).first();
  await expect(diag).toBeVisible();
  await expect(diag).toHaveAttribute('data-line', /^[1-9]\d*$/);
  await expect(diag).toContainText(/line \d+/);
  await expect(page.locator(tid(TID.diagnostics))).toHaveAttribute('data-stale', 'true');
  // the last good picture stays
  await expect(page.locator(tid(TID.hop))).toHaveCount(hops);
  await expect(page.locator(tid(TID.topology)).locator('svg .topo-node')).not.toHaveCount(0);
  // fix it
  await replaceEditorText(page, `# my note\n${original}`);
  await expect(page.locator(tid(TID.diagnostics))).toHaveAttribute('data-stale', 'false');
  await expect(page.locator(`${tid(TID.diagnostics)} .diag-error`)).toHaveCount(0);
  // reload: the text is restored
  await page.waitForTimeout(300); // let the debounced save run (not an assertion on time)
  await page.reload();
  await expect(page.locator(tid(TID.hop)).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('textarea.plain-editor')).toHaveValue(/^# my note\n/);
});

test('Monaco loads lazily and takes typing', async ({ page }) => {
  await openApp(page);
  await expect(page.locator(tid(TID.editor))).toHaveAttribute('data-monaco', 'ready', { timeout: 30_000 });
  await expect(page.locator('.monaco-editor')).toBeVisible();
  await replaceEditorText(page, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec: [1, 2\n');
  await expect(page.locator(`${tid(TID.diagnostics)} .diag-error`).first()).toBeVisible();
});

test('the keyboard steps the animation', async ({ page }) => {
  await openApp(page, '?editor=plain');
  // focus something that is not a control, so the keys go to playback
  await page.locator(tid(TID.timeline)).locator('.conn-label').first().click();
  const start = await currentHop(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => currentHop(page)).toBe(start + 2);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => currentHop(page)).toBe(start + 1);
  await page.keyboard.press(' ');
  await expect(page.locator(tid(TID.play))).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press(' ');
  await expect(page.locator(tid(TID.play))).toHaveAttribute('aria-pressed', 'false');
});

test('lenses fade the hops a tool cannot see and give the reason', async ({ page }) => {
  await openApp(page, '?editor=plain');
  for (const tool of ['tcpdump', 'pwru', 'hubble'] as const) {
    const button = page.locator(tid(`lens-${tool}`));
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator(tid(TID.lensAll))).toHaveAttribute('aria-pressed', 'false');
    const hidden = page.locator(`${tid(TID.hop)}[data-visible-${tool}="false"]`);
    const shown = page.locator(`${tid(TID.hop)}[data-visible-${tool}="true"]`);
    const nHidden = await hidden.count();
    expect(nHidden + (await shown.count())).toBe(await page.locator(tid(TID.hop)).count());
    await expect(page.locator(`${tid(TID.hop)}.faded`)).toHaveCount(nHidden);
    if (nHidden > 0) {
      await hidden.first().locator('button.why').click();
      await expect(hidden.first().locator('.hop-why')).not.toBeEmpty();
    }
  }
  // the tool output builds up with the steps
  await page.locator(tid(TID.lensAll)).click();
  await page.locator(tid(TID.restart)).click();
  await page.locator(tid(TID.play)).click();
  const before = Number(await page.locator(tid(TID.toolOutput)).getAttribute('data-lines'));
  await page.locator(tid(TID.timeline)).locator(`${tid(TID.hop)}`).last().locator('.hop-main').click();
  const after = Number(await page.locator(tid(TID.toolOutput)).getAttribute('data-lines'));
  expect(after).toBeGreaterThan(before);
});

test("a learner's own tool command prints in the terminal", async ({ page }) => {
  await openApp(page, '?editor=plain');
  await page.locator(tid(TID.toolCommand)).fill('tcpdump -nn -i eth1');
  await page.locator(tid(TID.toolCommand)).press('Enter');
  const out = page.locator(tid(TID.toolOutput));
  await expect(out).toHaveAttribute('data-mode', 'command');
  await expect(out).toContainText('listening on eth1');
  await page.getByRole('button', { name: 'Back to the lens output' }).click();
  await expect(out).toHaveAttribute('data-mode', 'all');
});

test('no serious or critical accessibility violations', async ({ page }) => {
  await openApp(page, '?editor=plain');
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
});

test('"which command would catch this?" offers a checked command per tool, and runs it', async ({ page }) => {
  await openApp(page, '?editor=plain');
  // the SYN arriving on the L2 leader's eth1: tcpdump, pwru can catch it; Hubble at the default aggregation cannot
  const row = page.locator(tid(TID.hop)).filter({ hasText: 'cil_from_netdev' }).first();
  await row.click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const box = page.locator(tid(TID.suggestions));
  await box.getByRole('button', { name: 'Which command would catch this?' }).click();
  await expect(box).toContainText('tcpdump -i eth1 -nn');
  await expect(box).toContainText('pwru --filter-trace-tc');
  await expect(box.locator('li.unseen')).toContainText('hubble');
  await box.getByRole('button', { name: 'Run it' }).first().click();
  await page.getByRole('tab', { name: 'Tool output' }).click();
  const out = page.locator(tid(TID.toolOutput));
  await expect(out).toHaveAttribute('data-mode', 'command');
  await expect(out).toContainText('listening on eth1');
});

test('several requests can be compared: pin one, send another, both are listed and drawn', async ({ page }) => {
  await openApp(page, '?editor=plain');
  await page.locator(tid(TID.client)).selectOption('router');
  await page.locator(tid(TID.curl)).fill('curl -s http://192.168.10.211/');
  await page.locator(tid(TID.curl)).press('Enter');
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', 'curl -s http://192.168.10.211/');
  await page.locator(tid(TID.pin)).click();
  await page.locator(tid(TID.curl)).fill('curl -s http://192.168.10.211/details/1');
  await page.locator(tid(TID.curl)).press('Enter');
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', 'curl -s http://192.168.10.211/details/1');
  const rows = page.locator(tid(TID.compareRow));
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('/details/1');
  await expect(rows.nth(1)).toContainText('productpage');
  await expect(page.locator(tid(TID.pinnedPath))).toHaveCount(1);
  await page.screenshot({ path: 'e2e/artifacts/compare.png' });
  await page.getByRole('button', { name: 'Unpin pin 1' }).click();
  await expect(page.locator(tid(TID.compare))).toHaveCount(0);
});

test("a tool lens starts its command box with the learner's first command; running it re-marks the caught hops", async ({ page }) => {
  await openApp(page, '?editor=plain');
  await page.locator(tid(TID.client)).selectOption('router');
  await page.locator(tid(TID.curl)).fill('curl -s http://192.168.10.211/');
  await page.locator(tid(TID.curl)).press('Enter');
  await expect(page.locator(tid(TID.outcome))).toHaveAttribute('data-curl', 'curl -s http://192.168.10.211/');
  await page.locator(tid(TID.lensTcpdump)).click();
  const box = page.locator(tid(TID.toolCommand));
  await expect(box).toHaveValue('tcpdump -i eth1 -nn host 192.168.10.211');
  await box.press('Enter');
  const out = page.locator(tid(TID.toolOutput));
  await expect(out).toHaveAttribute('data-mode', 'command');
  await expect(out).toContainText('HTTP: GET / HTTP/1.1');
  // the timeline follows the command: caught hops bright, the others faded
  const caught = page.locator(`${tid(TID.hop)}[data-caught="true"]`);
  const missed = page.locator(`${tid(TID.hop)}[data-caught="false"]`);
  expect(await caught.count()).toBeGreaterThan(2);
  expect(await missed.count()).toBeGreaterThan(2);
  await expect(missed.first()).toHaveClass(/faded/);
  await expect(caught.first()).not.toHaveClass(/faded/);
  // the hubble lens offers its own first command
  await page.locator(tid(TID.lensHubble)).click();
  await expect(box).toHaveValue('hubble observe --ip 192.168.10.200');
});
