// Lambda consumers in the page: the throttling preset's pitfall on the diagram, in the metrics
// and the checks, fixed in the inspector with MaximumConcurrency; a function added from the
// palette; AWS's visibility-timeout warning at the field.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, designJson, node, openTab, pickPreset, screenshot, scrubTo, setField } from './harness.mjs';

const app = appFixture();

/** The checks as the page shows them: [passed?, text]. */
async function checks(page) {
  return page.locator('#checks li').evaluateAll((items) => items.map((li) => [li.dataset.passed === 'true', li.textContent]));
}

describe('lambda', () => {
  test('throttled batches fill the DLQ until MaximumConcurrency matches the reserved concurrency', async () => {
    const { page } = app;
    const value = await page.locator('#preset option', { hasText: 'Lambda throttling' }).getAttribute('value');
    await pickPreset(page, value);
    await scrubTo(page, 90);
    const fn = node(page, 'consumer:process-order');
    assert.match(await fn.getAttribute('aria-label'), /^process-order \(Lambda function\): 10 running · 305 pollers · \d+ throttled$/);
    // The box draws as many pollers as fit across it, none of them stopped ones.
    assert.equal(await fn.locator('circle.worker').count(), 14);
    assert.equal(await fn.locator('circle.worker.stopped').count(), 0);
    assert.ok(await fn.locator('circle.worker.throttled').count() > 0, 'throttled pollers are drawn');
    await openTab(page, 'metrics');
    assert.ok(Number(await page.locator('#lambda-throttles').textContent()) > 100);
    await openTab(page, 'charts');
    assert.deepEqual(await page.locator('#chart-lambda polyline').evaluateAll((ls) => ls.map((l) => l.dataset.series)), [
      'process-order pollers', 'process-order ConcurrentExecutions', 'process-order Throttles',
    ]);
    await scrubTo(page, 600);
    await openTab(page, 'checks');
    assert.deepEqual((await checks(page)).map(([passed]) => passed), [false, false]);
    await screenshot(page, 'lambda-throttled');

    // The lesson's fix, in the inspector: the run starts again from 0, and both checks pass.
    await fn.click();
    await setField(page, 'consumers[0].event_source_mapping.ScalingConfig.MaximumConcurrency', '10');
    const design = await designJson(page);
    assert.deepEqual(design.consumers[0].event_source_mapping.ScalingConfig, { MaximumConcurrency: 10 });
    await page.waitForFunction(() => document.querySelector('#clock').dataset.virtualMs === '0');
    await scrubTo(page, 600);
    assert.deepEqual(await checks(page), [
      [true, 'passed: No healthy order reaches the dead-letter queue (moved_to_dlq = 0)'],
      [true, 'passed: No invocation is throttled (lambda_throttles = 0)'],
    ]);
    await screenshot(page, 'lambda-fixed');
  });

  test('partial batch failures: ReportBatchItemFailures ends the double charges', async () => {
    const { page } = app;
    const value = await page.locator('#preset option', { hasText: 'Partial batch failures' }).getAttribute('value');
    await pickPreset(page, value);
    await scrubTo(page, 600);
    await openTab(page, 'metrics');
    assert.ok(Number(await page.locator('#lambda-errors').textContent()) > 0, 'failed invocations');
    assert.match(await page.locator('#lambda-duration').textContent(), /^\d+\.\d{3} s$/);
    await openTab(page, 'checks');
    assert.deepEqual((await checks(page)).map(([passed]) => passed), [false, false]);
    await node(page, 'consumer:charge-card').click();
    await page.locator('.inspector [data-path="consumers[0].event_source_mapping.FunctionResponseTypes"]').click();
    const design = await designJson(page);
    assert.deepEqual(design.consumers[0].event_source_mapping.FunctionResponseTypes, ['ReportBatchItemFailures']);
    await page.waitForFunction(() => document.querySelector('#clock').dataset.virtualMs === '0');
    await scrubTo(page, 600);
    assert.deepEqual(await checks(page), [
      [true, 'passed: No card is charged twice (duplicates_processed = 0)'],
      [true, 'passed: No payment reaches the dead-letter queue (moved_to_dlq = 0)'],
    ]);
    await openTab(page, 'metrics');
    assert.equal(await page.locator('#lambda-errors').textContent(), '0', 'failures are reported, not thrown');
  });

  test('a function from the palette; a bad setting refused; a timeout past the visibility timeout warned about', async () => {
    const { page } = app;
    await pickPreset(page, '0');
    await node(page, 'queue:orders').click();
    await page.locator('#add-lambda-function').click();
    const fn = node(page, 'consumer:function');
    await fn.waitFor();
    assert.match(await fn.getAttribute('aria-label'), /^function \(Lambda function\)/);
    let design = await designJson(page);
    const added = design.consumers.find((c) => c.name === 'function');
    assert.equal(added.kind, 'lambda');
    assert.equal(added.queue, 'orders');
    const i = design.consumers.indexOf(added);
    await setField(page, `consumers[${i}].event_source_mapping.BatchSize`, '20');
    assert.equal(await page.locator('#field-error').textContent(),
      `consumers[${i}].event_source_mapping.MaximumBatchingWindowInSeconds: must be at least 1 when BatchSize is greater than 10 (it stays unset)`);
    await setField(page, `consumers[${i}].function.Timeout`, '120');
    assert.equal(await page.locator('.field-warning').textContent(),
      'AWS refuses this: InvalidParameterValueException: Queue visibility timeout: 30 seconds is less than Function timeout: 120 seconds');
    design = await designJson(page);
    assert.equal(design.consumers[i].function.Timeout, 120);
  });
});
