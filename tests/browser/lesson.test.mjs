// Guided lessons: a learner walks the visibility-timeout lesson from its first step to its last,
// the clock stopping at each step's moment, predictions judged on the next step.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, openTab, screenshot, pickPreset } from './harness.mjs';

const app = appFixture();

const clockMs = () => app.page.locator('#clock').evaluate((el) => Number(el.dataset.virtualMs));
const highlighted = () => app.page.locator('.node.highlighted').evaluateAll((nodes) => nodes.map((n) => n.dataset.nodeId).sort());
const stepCount = () => app.page.locator('.guide-count').evaluate((el) => el.firstChild.textContent);

/** Presses "go on" and lets wall time pass until the lesson shows step `n` (1-based). */
async function goOnTo(n, wallMs, steps = 6) {
  const { page } = app;
  await page.locator('#guide-go').click();
  for (let waited = 0; waited < wallMs && !(await stepCount()).includes(`step ${n} `); waited += 500) {
    await page.clock.runFor(500);
  }
  assert.match(await stepCount(), new RegExp(`step ${n} of ${steps}`));
  assert.equal(await page.locator('#play-toggle').getAttribute('aria-pressed'), 'false', 'the clock stops at the step');
}

describe('guided lesson', () => {
  test('the visibility-timeout lesson, walked end to end', async () => {
    const { page } = app;
    await pickPreset(page, '1'); // a visibility timeout shorter than the processing
    await page.locator('#guide-start').click();
    assert.equal(await stepCount(), 'Lesson · step 1 of 6');
    assert.match(await page.locator('#guide-text').textContent(), /^Orders arrive every 2 seconds/);
    assert.deepEqual(await highlighted(), ['producer:checkout', 'queue:orders']);
    assert.equal(await clockMs(), 0);

    // Step 2 comes with the first receive, at t = 0: it asks for a prediction before going on.
    await goOnTo(2, 1000);
    assert.equal(await clockMs(), 0);
    assert.match(await page.locator('#topology [data-node-id="queue:orders"]').getAttribute('aria-label'), /1 in flight/);
    assert.deepEqual(await highlighted(), ['consumer:slow-processor', 'queue:orders']);
    assert.equal(await page.locator('#guide-go').isDisabled(), true);
    await page.locator('#guide-predict label').nth(1).click();
    assert.equal(await page.locator('#guide-go').isEnabled(), true);
    await screenshot(page, 'lesson-predict');

    // Played at 1×: the clock stops exactly where the order is received a second time.
    await goOnTo(3, 8000);
    assert.equal(await clockMs(), 5000);
    const verdict = page.locator('#guide-verdict');
    assert.equal(await verdict.getAttribute('class'), 'verdict right');
    assert.match(await verdict.textContent(), /^You predicted “It becomes visible again, and another consumer can receive it”: right\./);

    // On to the first delete; a wrong prediction there, made from the keyboard, is answered
    // on the next step.
    await goOnTo(4, 12000);
    assert.ok((await clockMs()) > 5000);
    await page.locator('#guide-predict input').nth(1).focus();
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.locator('#guide-predict input').nth(0).isChecked(), true);
    await goOnTo(5, 12000);
    assert.equal(await verdict.getAttribute('class'), 'verdict wrong');
    assert.match(await verdict.textContent(), /The answer: “It finishes and deletes as well: the order has been processed twice”\./);
    await openTab(page, 'metrics');
    assert.equal(await page.locator('#duplicates-processed').textContent(), '1');

    // The last step comes at two minutes: the lesson plays there at its own speed, 10×.
    await goOnTo(6, 15000);
    assert.equal(await page.locator('#speed').inputValue(), '10');
    assert.equal(await clockMs(), 120000);
    assert.deepEqual(await highlighted(), ['queue:orders']);
    await screenshot(page, 'lesson-last-step');
    assert.equal(await page.locator('#guide-go').textContent(), 'Finish the lesson');
    await page.locator('#guide-go').click();
    assert.equal(await page.locator('#guide-start').count(), 1, 'back to the start button');
    assert.equal(await page.locator('.node.highlighted').count(), 0);
  });

  test('a scenario without a lesson shows no lesson panel; leaving a lesson keeps the clock', async () => {
    const { page } = app;
    await pickPreset(page, '10'); // M/M/c
    assert.equal(await page.locator('#guide').count(), 0);
    await pickPreset(page, '9'); // the old way vs the SQS way
    assert.equal(await page.locator('#guide').count(), 1);
    await page.locator('#guide-start').click();
    await page.locator('#guide-predict label').nth(0).click();
    await goOnTo(2, 8000, 4);
    assert.equal(await clockMs(), 60000);
    assert.deepEqual(await highlighted(), ['direct-caller:checkout-direct', 'queue:orders', 'service:payment']);
    await page.locator('#guide-leave').click();
    assert.equal(await clockMs(), 60000);
    assert.equal(await page.locator('.node.highlighted').count(), 0);
  });
});
