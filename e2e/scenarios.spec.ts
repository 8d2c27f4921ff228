// Every scenario file, through the UI: pick it, send each of its requests, and
// check the outcome the page shows against the request's `expect`; save a
// screenshot per scenario under e2e/artifacts/.
import { expect, test } from '@playwright/test';
import { readAllScenarios } from '../src/cli/scenarios';
import { openApp, outcomeProblems, pickScenario, sendRequest } from './helpers';

const scenarios = readAllScenarios();

test('there are scenarios to walk', () => {
  expect(scenarios.length).toBeGreaterThan(0);
});

for (const sc of scenarios) {
  test(`scenario ${sc.name}`, async ({ page }) => {
    test.setTimeout(120_000);
    await openApp(page, '?editor=plain');
    await pickScenario(page, sc.name);
    const problems: string[] = [];
    for (const req of sc.requests) {
      await sendRequest(page, req);
      if (req.expect) for (const p of await outcomeProblems(page, req.expect)) problems.push(`${req.name}: ${p}`);
    }
    // first request again, at its last hop, for the picture
    if (sc.requests[0]) await sendRequest(page, sc.requests[0]);
    await page.locator('[data-testid="hop"]').last().locator('.hop-main').click();
    await page.screenshot({ path: `e2e/artifacts/${sc.name.replace(/\.ya?ml$/, '')}.png` });
    expect(problems).toEqual([]);
  });
}
