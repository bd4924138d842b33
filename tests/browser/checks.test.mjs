// Checks: a scenario's expectations judged on the run, as an exercise in the browser.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, screenshot, scrubTo } from './harness.mjs';

const app = appFixture();

/** The checks as the page shows them: [passed?, text]. */
async function checks() {
  return app.page.locator('#checks li').evaluateAll((items) => items.map((li) => [li.dataset.passed === 'true', li.textContent]));
}

describe('checks', () => {
  test('a failing check passes once the exercise is solved', async () => {
    const { page } = app;
    await page.locator('#preset').selectOption('1'); // a visibility timeout shorter than the processing
    // Early on nothing has been processed twice yet.
    await scrubTo(page, 5);
    assert.deepEqual(await checks(), [[true, 'passing so far: Each order is processed once (duplicates_processed = 0)']]);
    await scrubTo(page, 600);
    const [[passed, text]] = await checks();
    assert.equal(passed, false);
    assert.match(text, /^failed: Each order is processed once \(duplicates_processed = [1-9]\d*\)$/);
    await screenshot(page, 'check-failed');

    // The fix the lesson suggests: a visibility timeout longer than the processing.
    await page.locator('#knob-visibility').fill('30');
    await page.locator('#knob-visibility').dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('#clock').dataset.virtualMs === '0');
    await scrubTo(page, 600);
    assert.deepEqual(await checks(), [[true, 'passed: Each order is processed once (duplicates_processed = 0)']]);
    await screenshot(page, 'check-passed');
  });

  test('a scenario without checks shows no checks panel', async () => {
    await app.page.locator('#preset').selectOption('7'); // M/M/c
    assert.equal(await app.page.locator('section[aria-label="Checks"]').count(), 0);
  });
});
