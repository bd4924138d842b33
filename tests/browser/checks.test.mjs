// Checks: a scenario's expectations judged on the run, as an exercise in the browser.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, node, openTab, screenshot, scrubTo, setField, pickPreset } from './harness.mjs';

const app = appFixture();

/** The checks as the page shows them: [passed?, text]. */
async function checks() {
  return app.page.locator('#checks li').evaluateAll((items) => items.map((li) => [li.dataset.passed === 'true', li.textContent]));
}

describe('checks', () => {
  test('a failing check passes once the exercise is solved', async () => {
    const { page } = app;
    await pickPreset(page, '1'); // a visibility timeout shorter than the processing
    await openTab(page, 'checks');
    // Early on nothing has been processed twice yet.
    await scrubTo(page, 5);
    assert.deepEqual(await checks(), [[true, 'passing so far: Each order is processed once (duplicates_processed = 0)']]);
    await scrubTo(page, 600);
    const [[passed, text]] = await checks();
    assert.equal(passed, false);
    assert.match(text, /^failed: Each order is processed once \(duplicates_processed = [1-9]\d*\)$/);
    await screenshot(page, 'check-failed');

    // The fix the lesson suggests: a visibility timeout longer than the processing. At the
    // end of the run it is taken live; Reset runs the fixed design from 0 on the same seed.
    await node(page, 'queue:orders').click();
    await setField(page, 'queues[0].attributes.VisibilityTimeout', '30');
    assert.match(await page.locator('#notice').textContent(), /^Applied at /);
    await page.locator('#reset').click();
    await page.waitForFunction(() => document.querySelector('#clock').dataset.virtualMs === '0');
    await scrubTo(page, 600);
    assert.deepEqual(await checks(), [[true, 'passed: Each order is processed once (duplicates_processed = 0)']]);
    await screenshot(page, 'check-passed');
  });

  test('a scenario without checks shows no checks panel', async () => {
    const { page } = app;
    await pickPreset(page, '10'); // M/M/c
    await openTab(page, 'checks');
    // The tab says how to add some instead (so the empty list below is not just a hidden tab).
    assert.match(await page.locator('#panel-checks').textContent(), /This scenario states no checks/);
    assert.equal(await page.locator('section[aria-label="Checks"]').count(), 0);
  });
});
